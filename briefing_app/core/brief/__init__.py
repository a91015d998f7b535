"""Briefs: Markdown documents with pandoc citations, rendered, verified and exported."""
