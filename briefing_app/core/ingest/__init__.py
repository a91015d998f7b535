"""Turning files into articles: decoding, repair, metadata, per-format parsing."""

from briefing_app.core.ingest.importer import Importer, ImportResult, import_paths

__all__ = ["ImportResult", "Importer", "import_paths"]
