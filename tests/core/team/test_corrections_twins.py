"""Corrections of claims and metadata in a team library.

Claim corrections run the same behaviour tests against the local file and the team table; metadata corrections have no local store of their own (they live in the record),
so their team store is tested on its own terms: per field, and concurrent edits kept.
"""

from __future__ import annotations

import copy

import pytest

from briefing_app.core import overrides
from briefing_app.core.claims import corrections
from briefing_app.core.team.corrections import TeamClaimCorrections, TeamMetadataCorrections
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


# -- metadata corrections -------------------------------------------------------------------
def corrected(article, **values):
    """The article's overrides after correcting `values` (as the edit form does)."""
    edited = copy.deepcopy(article)
    for field, value in values.items():
        overrides.set_field(edited, field, value, now="2026-01-01T00:00:00+00:00")
    return edited.overrides


def test_metadata_corrections_are_stored_per_field_and_reapplied(pg_url):
    team = TeamMetadataCorrections(migrated(pg_url))
    article = make_article("Clinics reopen", ["Text."], publisher="Desk")
    title = HOSTILE[2]
    after = corrected(article, title=title, authors="Berg, Anna; Roe, Jane")
    team.apply_changes(article.id, {}, after)
    assert team.read(article.id) == after
    fresh = make_article("Clinics reopen", ["Text."], publisher="Desk")
    overrides.reapply(team.read(article.id), fresh)
    assert fresh.metadata.title == title
    assert fresh.metadata.authors == ["Berg, Anna", "Roe, Jane"]
    team.apply_changes(article.id, after, {k: v for k, v in after.items() if k != "title"})
    assert set(team.read(article.id)) == {"authors"}
    team.replace(article.id, {})
    assert team.read(article.id) == {}


def test_two_analysts_correcting_different_fields_at_once_keep_both(pg_url):
    url = migrated(pg_url)
    article = make_article("Clinics reopen", ["Text."])
    stores = [TeamMetadataCorrections(url) for _ in range(2)]
    edits = [corrected(article, title="Clinics open again"), corrected(article, publisher="Desk")]
    assert together(lambda n: stores[n].apply_changes(article.id, {}, edits[n]), 2) == []
    assert set(stores[0].read(article.id)) == {"title", "publisher"}
