"""No speaker the outline shows as resolved is wrong: 20 hand-checked Wikinews articles and the seed.

`tests/fixtures/wikinews/speakers.json` holds twenty Wikinews articles (CC BY 2.5, credit:
Wikinews contributors) with, for each statement, who really made it (see its "how" field).
Every claim the extractor gives a speaker name must name that person; a claim whose passage is
not annotated fails too, so a new rule cannot add unchecked speakers.
"""

from __future__ import annotations

import json

import pytest
import yaml

from briefing_app.core.claims import claims_for_article
from briefing_app.core.claims.archive_speakers import fold
from briefing_app.core.claims.outline import is_unresolved
from briefing_app.core.ingest.importer import build_article
from tests.conftest import FIXTURES, SEED_FILE

GOLD = json.loads((FIXTURES / "wikinews" / "speakers.json").read_text(encoding="utf-8"))


def _article(item: dict):
    front = {"title": item["title"], "source": item["url"], "published": item["date"]}
    data = f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n{item['text']}\n"
    return build_article(data.encode("utf-8"), "article.md")


def _truth(item: dict, content: str) -> str | None:
    for entry in item["speakers"]:
        if content.startswith(entry["passage"]):
            return entry["speaker"]
    return None


def _no_apostrophes(text: str) -> str:
    return text.replace("’", "").replace("'", "")


def test_fixture_has_twenty_annotated_articles():
    assert len(GOLD["articles"]) == 20
    assert "CC BY 2.5" in GOLD["source"]


@pytest.mark.parametrize("item", GOLD["articles"], ids=lambda item: item["title"][:40])
def test_every_resolved_speaker_is_right(item):
    article = _article(item)
    wrong, unannotated = [], []
    for claim in article.claims:
        if claim["kind"] != "reported" or not claim["speaker_name"]:
            continue
        truth = _truth(item, claim["content"])
        if truth is None:
            unannotated.append(claim["content"][:60])
        elif fold(truth) != fold(claim["speaker_name"]):
            wrong.append((claim["content"][:60], claim["speaker_name"], truth))
    assert wrong == [], "resolved to the wrong person"
    assert unannotated == [], "speakers that nobody checked: annotate them in speakers.json"


def test_unresolved_speakers_are_said_to_be_unresolved():
    """A pronoun the rules could not tie to anyone has no name, and the outline says so."""
    unresolved = 0
    for item in GOLD["articles"]:
        for claim in _article(item).claims:
            if is_unresolved(claim):
                unresolved += 1
                assert claim["speaker_name"] is None and claim["speaker_confidence"] == 0.0
    assert unresolved > 0


def test_every_resolved_speaker_has_evidence_and_confidence():
    for item in GOLD["articles"][:5]:
        for claim in _article(item).claims:
            if claim["kind"] == "reported" and claim["speaker_name"]:
                assert 0 < claim["speaker_confidence"] <= 1
                if claim["speaker_basis"] in ("pronoun", "surname", "description"):
                    evidence = claim["speaker_evidence"]
                    assert evidence and item["text"].find(evidence["text"][:40]) >= 0


def test_seed_resolved_speakers_match_its_annotation(shared):
    """On the seed, every speaker name the extractor gives is the annotated one."""
    gold = json.loads((shared / "gold" / "seed_000.json").read_text(encoding="utf-8"))
    article = build_article(SEED_FILE.read_bytes(), SEED_FILE.name)
    annotated = [g for g in gold["claims"] if g["kind"] == "reported"]
    for claim in claims_for_article(article):
        if claim["kind"] != "reported" or not claim["speaker_name"]:
            continue
        content = _no_apostrophes(claim["content"])
        matches = [g for g in annotated if _no_apostrophes(g["content"])[:30] in content]
        assert matches, claim["content"]
        assert claim["speaker_name"] == matches[0].get("speaker_name"), claim["content"]
