"""The seed article as a stored record (hand-checked against the gold annotation).

GUI tests of single widgets use it so they do not depend on the importer or the claims
extractor; the end-to-end flow tests import the real seed file instead.
"""

from __future__ import annotations

import json

from briefing_app.core.article import Article
from briefing_app.core.workspace import Workspace
from tests.conftest import FIXTURES, SEED_FILE

RECORD = FIXTURES / "seed_article_record.json"


def seed_article() -> Article:
    """The seed article with its claims, citations and the UTF-16 repair."""
    return Article.from_record(json.loads(RECORD.read_text(encoding="utf-8")))


def workspace_with_seed_record(root) -> Workspace:
    """A workspace whose library holds the seed record (no import, no index built)."""
    ws = Workspace(root)
    with ws.library.lock:
        ws.library.add(seed_article(), SEED_FILE.read_bytes())
    return ws
