"""Working disconnected: a local copy of a team library, synced both ways (`briefing sync`)."""

from briefing_app.core.sync.run import SyncReport, sync

__all__ = ["SyncReport", "sync"]
