"""Undoing (and restoring) a heuristic repair re-reads the article from its original bytes."""

from __future__ import annotations

import pytest

from briefing_app.core.errors import BriefingError


def test_reject_and_restore_a_heuristic_repair(seeded):
    """A rejected apostrophe repair leaves the word as the source had it; restoring brings it back."""
    article = seeded.articles()[0]
    target = next(
        r for r in article.repairs if r.kind == "dropped-apostrophe" and r.before == "Russias"
    )
    undone = seeded.set_repair_rejected(article.id, target.id)
    assert undone.rejected_repairs == [target.id]
    assert "Russias re-invasion" in undone.text and target.id not in {r.id for r in undone.repairs}
    assert {r.id for r in undone.repairs} == {r.id for r in article.repairs} - {target.id}
    stored = seeded.article(article.id)
    assert (stored.key, stored.imported_at) == (article.key, article.imported_at)
    assert "Russias re-invasion" in stored.text
    for repair in stored.repairs:
        if repair.start >= 0:
            assert stored.text[repair.start : repair.end] == repair.after
    restored = seeded.set_repair_rejected(article.id, target.id, rejected=False)
    assert restored.text == article.text and restored.rejected_repairs == []


def test_certain_or_unknown_repairs_cannot_be_rejected(seeded):
    """Only a heuristic repair the article has can be undone; the error says so plainly."""
    article = seeded.articles()[0]
    certain = next(r for r in article.repairs if r.certain)
    with pytest.raises(BriefingError, match="no heuristic repair"):
        seeded.set_repair_rejected(article.id, certain.id)
    with pytest.raises(BriefingError, match="was not undone"):
        seeded.set_repair_rejected(article.id, "dropped-apostrophe-0000000000", rejected=False)
    assert seeded.article(article.id).text == article.text
