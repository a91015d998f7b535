"""Briefing: an offline briefing editor for analysts."""

__version__ = "0.1.0"
APP_NAME = "Briefing"
APP_ID = "briefing"
