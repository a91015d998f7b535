"""Corrections of claims and metadata in a team library.

Claim corrections run the same behaviour tests against the local file and the team table.
Metadata corrections are the library's (test_metadata_corrections.py).
"""

from __future__ import annotations

import pytest

from briefing_app.core.claims import corrections
from briefing_app.core.team.corrections import TeamClaimCorrections
from tests.core.search_helpers import make_article, store
from tests.core.team.team_helpers import HOSTILE, migrated, together

TEXT_ARTICLE = make_article(
    "Clinics reopen",
    ["The minister said the clinics would reopen.", "The board warned of shortages."],
)
TEXT = TEXT_ARTICLE.text


def correction(action: str, words: str, speaker: str | None = None) -> dict:
    start = TEXT.index(words)
    return corrections.make(action, TEXT, start, start + len(words), speaker)


class LocalClaims:
    """The local file store, spoken to by article id like the team one."""

    def __init__(self, workspace):
        store(workspace.library, [TEXT_ARTICLE])
        self.library = workspace.library

    def read(self, article_id):
        return corrections.read(self.library.folder(article_id))

    def add(self, article_id, item):
        return corrections.add(self.library, self.library.get(article_id), item)

    def remove(self, article_id, item):
        return corrections.remove(self.library, self.library.get(article_id), item)


@pytest.fixture(params=["local", "team"])
def claims(request):
    if request.param == "local":
        yield LocalClaims(request.getfixturevalue("workspace"))
        return
    made = TeamClaimCorrections(migrated(request.getfixturevalue("pg_url")))
    yield made
    made.close()


# -- claim corrections ----------------------------------------------------------------------
def test_a_later_correction_of_a_passage_replaces_the_earlier(claims):
    article_id = TEXT_ARTICLE.id
    assert claims.read(article_id)["corrections"] == []
    reject = correction("reject", "the clinics would reopen")
    speaker = correction("speaker", "the clinics would reopen", "Anna Berg")
    added = correction("add", "warned of shortages", "The board")
    claims.add(article_id, reject)
    claims.add(article_id, added)
    assert claims.add(article_id, speaker) == [added, speaker]
    assert claims.read(article_id)["corrections"] == [added, speaker]
    assert claims.remove(article_id, added) == [speaker]
    assert claims.remove(article_id, reject) == [speaker]  # another action: kept


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_speaker_names_come_back_unchanged(claims, text):
    fixed = correction("speaker", "the clinics would reopen", text)
    claims.add(TEXT_ARTICLE.id, fixed)
    assert claims.read(TEXT_ARTICLE.id)["corrections"] == [fixed]


def test_team_claim_corrections_take_over_inherited_ones_once(pg_url):
    team = TeamClaimCorrections(migrated(pg_url))
    inherited = [correction("reject", "warned of shortages")]
    fixed = correction("speaker", "the clinics would reopen", "Anna Berg")
    assert team.add("new", fixed, inherited) == [*inherited, fixed]
    assert team.remove("new", inherited[0], inherited) == [fixed]  # own now: not inherited again
    team.write("copy", {"corrections": [fixed]})
    assert team.read("copy")["corrections"] == [fixed]


def test_corrections_of_two_analysts_at_once_are_both_kept(pg_url):
    url = migrated(pg_url)
    stores = [TeamClaimCorrections(url) for _ in range(2)]
    mine = [correction("reject", "the clinics would reopen"), correction("add", "The board", "X")]
    assert together(lambda n: stores[n].add("a1", mine[n]), 2) == []
    assert sorted(c["action"] for c in stores[0].read("a1")["corrections"]) == ["add", "reject"]
