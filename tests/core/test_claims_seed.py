"""The seed article's claims against its hand annotation (and hand-written expectations)."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from briefing_app.core.claims import claims_for_article, extract_claims
from briefing_app.core.ingest.importer import build_article
from tests.conftest import SEED_FILE

_TOKEN = re.compile(r"[\w’']+")


def _tokens(text: str) -> Counter:
    return Counter(t.replace("’", "").replace("'", "").lower() for t in _TOKEN.findall(text or ""))


def token_f1(a: str, b: str) -> float:
    """Token F1 with apostrophes folded ("Kazakhstan's" == "Kazakhstans")."""
    x, y = _tokens(a), _tokens(b)
    common = sum((x & y).values())
    if not common:
        return 0.0
    p, r = common / sum(y.values()), common / sum(x.values())
    return 2 * p * r / (p + r)


@pytest.fixture(scope="module")
def seed_claims() -> list[dict]:
    """Claims of the seed article as the importer builds it."""
    article = build_article(SEED_FILE.read_bytes(), SEED_FILE.name)
    return claims_for_article(article)


def _find(claims: list[dict], gold: dict) -> dict | None:
    """The extracted claim of the same kind whose content best matches the gold content."""
    same = [c for c in claims if c["kind"] == gold["kind"]]
    best = max(same, key=lambda c: token_f1(gold["content"], c["content"]), default=None)
    if best is None or token_f1(gold["content"], best["content"]) < 0.8:
        return None
    return best


def test_seed_matches_gold_annotation(shared, seed_claims):
    """Every non-optional gold claim is found with its kind, speaker name, cue and content."""
    gold = json.loads((shared / "gold" / "seed_000.json").read_text(encoding="utf-8"))
    for item in (g for g in gold["claims"] if not g.get("optional")):
        found = _find(seed_claims, item)
        assert found is not None, item["content"]
        assert found["speaker_name"] == item.get("speaker_name"), item["content"]
        assert found["paragraph"] == item["paragraph"]
        if item["kind"] == "reported":
            assert found["cue"] == item["cue"]
        if item.get("hedged"):
            assert found["hedged"] and item["hedge"] in found["hedges"]
        if item.get("citation"):
            assert found["citation"]["text"] == item["citation"]
    cited = [c["citation"]["text"] for c in seed_claims if c["citation"]]
    assert sorted(cited) == sorted(s["text"] for s in gold["cited_sources"])


EXPECTED = [
    # kind, speaker_name, cue, start of content, citation outlet
    (
        "reported",
        "Bolat Akchulakov",
        "declared",
        "while his country maintains close ties",
        "Radio Free Europe/Radio Liberty",
    ),
    ("reported", "Xi Jinping", "underscored", "Beijing", None),
    ("reported", "Xi Jinping", "pledged", "to defend Kazakhstan", None),
    ("reported", None, "was read as", "a warning to external powers", None),
    ("assessment", "Emil Avdaliani", None, "this changing environment has enabled", None),
    ("assessment", "Emil Avdaliani", None, "China", "Fmprc.gov.cn"),
]


@pytest.mark.parametrize(("kind", "speaker", "cue", "content", "outlet"), EXPECTED)
def test_seed_hand_expectations(seed_claims, kind, speaker, cue, content, outlet):
    """Hand-checked claims of the seed, runnable without the shared gold."""
    matches = [
        c
        for c in seed_claims
        if c["kind"] == kind
        and c["speaker_name"] == speaker
        and c["cue"] == cue
        and c["content"].startswith(content)
        and ((c["citation"] or {}).get("outlet") == outlet)
    ]
    assert matches, (kind, speaker, cue, content)


def test_seed_roles_and_hedges(seed_claims):
    """Roles are split from names, coreference keeps the role, the hedge is reported."""
    first = next(c for c in seed_claims if c["cue"] == "declared")
    assert first["speaker"] == "Kazakhstani Energy Minister Bolat Akchulakov"
    assert first["speaker_role"] == "Kazakhstani Energy Minister"
    pledged = next(c for c in seed_claims if c["cue"] == "pledged")
    assert (
        pledged["speaker"] == "the Chinese leader"
        and pledged["speaker_role"] == "Chinese President"
    )
    hedged = [c for c in seed_claims if c["hedged"]]
    assert len(hedged) == 1 and "could indicate" in hedged[0]["hedges"]
    assert hedged[0]["kind"] == "assessment"


def test_seed_offsets_point_into_text():
    """Every span of every claim is the text at its offsets."""
    article = build_article(SEED_FILE.read_bytes(), SEED_FILE.name)
    text = article.text
    for claim in article.claims:
        for name in ("speaker", "cue", "content"):
            if claim[name] is not None:
                assert text[claim[f"{name}_start"] : claim[f"{name}_end"]] == claim[name]
        assert claim["start"] <= claim["content_start"] < claim["content_end"] <= claim["end"]
        assert article.paragraph_at(claim["content_start"]) == claim["paragraph"]


def test_raw_text_without_importer():
    """extract_claims on the repaired text alone finds the inline citation and dates it."""
    text = (
        "Recently, Kazakhstani Energy Minister Bolat Akchulakov declared that, while his country "
        "maintains close ties with Russia, no formal discussions have been held regarding a gas union "
        "(Radio Free Europe/Radio Liberty, November 29)."
    )
    claims = extract_claims(text, published="2023-12-03")
    assert claims[0].citation == {
        "text": "Radio Free Europe/Radio Liberty, November 29",
        "outlet": "Radio Free Europe/Radio Liberty",
        "date": "2023-11-29",
    }
    assert claims[0].content.text.endswith("a gas union")
