"""Random text never breaks the extractor; the dict form, outline, CLI and refresh work."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_app.cli import main
from briefing_app.core.claims import EXTRACTOR_VERSION, Claim, extract_claims
from briefing_app.core.claims.outline import build_outline
from tests.conftest import SEED_FILE

_PIECES = st.sampled_from(
    [
        "said",
        "says",
        "told",
        "according to",
        "was read as",
        " ",
        ", ",
        ". ",
        "\n\n",
        "“",
        "”",
        '"',
        ":",
        "He",
        "the leader",
        "Sen.",
        "Jane Roe",
        "that",
        "(Reuters, May 2)",
        "may",
        "―",
        "and pledged to",
        "U.S.",
        "''",
        "1,000",
        "Mr. Li",
        "she",
        "\n\n“",
    ]
)
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_random_text_never_raises_and_spans_match(text):
    """Any text: no exception, every offset in range, every span equal to the text it covers."""
    for claim in extract_claims(text, author="A. Writer"):
        spans = [claim.content, *claim.content_parts, claim.speaker, claim.cue]
        for span in (s for s in spans if s is not None):
            assert 0 <= span.start <= span.end <= len(text)
            assert text[span.start : span.end] == span.text
        assert 0 <= claim.start <= claim.end <= len(text)
        again = Claim.from_dict(claim.to_dict(), text)
        assert again.to_dict() == claim.to_dict()


def test_dict_has_the_cli_contract_keys():
    """The stored form carries every key the CLI promises."""
    claim = extract_claims("The minister said the plan had failed.")[0].to_dict()
    for key in (
        "kind",
        "speaker",
        "speaker_name",
        "speaker_role",
        "cue",
        "content",
        "hedges",
        "citation",
        "paragraph",
        "start",
        "end",
        "speaker_start",
        "cue_end",
        "content_start",
        "direct",
        "hedged",
        "cited",
    ):
        assert key in claim


def test_outline_groups_by_speaker(seeded):
    """Reported statements grouped by speaker, then assessments, then sources."""
    article = seeded.articles()[0]
    root = build_outline(article)
    assert [s.key for s in root.children] == ["reported", "assessments", "sources"]
    speakers = [n.label for n in root.children[0].children]
    assert "Xi Jinping — Chinese President" in speakers
    xi = next(n for n in root.children[0].children if n.label.startswith("Xi Jinping"))
    assert [c.claim["cue"] for c in xi.children] == ["underscored", "pledged"]
    assert root.children[2].count == 2 and build_outline(None).children == []


def test_outline_tooltip_names_the_cited_source(seeded):
    """A claim's tooltip names its inline source by its words, not as a stored record."""
    article = seeded.articles()[0]
    speakers = build_outline(article).children[0].children
    tips = [claim.tooltip for speaker in speakers for claim in speaker.children]
    assert any(t.endswith("Source: Radio Free Europe/Radio Liberty, November 29") for t in tips)
    assert not any("{" in t for t in tips)


def test_cli_claims_json_and_text(seeded, capsys):
    """`briefing claims ID --json` prints the claims; text output shows the outline."""
    article = seeded.articles()[0]
    assert main(["--library", str(seeded.root), "claims", article.key, "--json"]) == 0
    claims = json.loads(capsys.readouterr().out)["claims"]
    assert any(c["cue"] == "declared" and c["cited"] for c in claims)
    assert main(["--library", str(seeded.root), "claims", article.id]) == 0
    out = capsys.readouterr().out
    assert "Reported statements" in out and "Bolat Akchulakov — Kazakhstani Energy Minister" in out


def test_cli_claims_of_a_file_is_not_stored(workspace, capsys):
    """A file path is read and shown without adding it to the library."""
    assert main(["--library", str(workspace.root), "claims", str(SEED_FILE), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["claims"]
    assert workspace.is_empty()


def test_cli_unknown_id_is_a_plain_error(workspace, capsys):
    """An unknown id gives a one-line error and exit code 2."""
    assert main(["--library", str(workspace.root), "claims", "nosuchkey"]) == 2
    assert "briefing:" in capsys.readouterr().err


def test_stale_claims_are_recomputed(seeded):
    """Claims stored by another extractor version are recomputed and saved."""
    article = seeded.articles()[0]
    article.claims = [{"kind": "reported", "content": "stale"}]
    article.claims_version = EXTRACTOR_VERSION - 1
    seeded.library.save(article)
    changed = seeded.refresh_claims()
    assert [a.id for a in changed] == [article.id]
    stored = seeded.article(article.id)
    assert stored.claims_version == EXTRACTOR_VERSION and len(stored.claims) > 5
    assert seeded.refresh_claims() == []


_FURNITURE_WORDS = (
    "Photo", "photos by", "IMAGE", "image:", "Credit :", "source:", "map", "video\t:",
    "Getty Images", "AP Photo", "Reuters/", "AFP via", "All rights reserved", "click here",
    "Sign up", "subscribe", "contributed to this report", "Reporting by", "edited by",
    "ſubscribe", "İmage:", "clıck here", "\u212aick", "reporting", " by", ":", " ", "_",
    "-", "’", "x", "said the minister.",
)  # fmt: skip
_FURNITURE_PIECES = st.sampled_from(_FURNITURE_WORDS)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_FURNITURE_PIECES, st.text(max_size=4)), max_size=12).map("".join))
def test_furniture_prefilter_decides_as_the_regex(body):
    """The cheap look for furniture words answers exactly as searching the regex itself,
    with the letters re.IGNORECASE folds differently from lower() ("ı", "İ", "ſ")."""
    from briefing_app.core.claims import assessment

    assert assessment._is_furniture(body) == bool(assessment._PAGE_FURNITURE.search(body))


_HEDGE_PIECES = st.sampled_from(
    (
        "may", "May", "MAY", "might", "Reportedly", "appears to", "seem", "likely", "unlikely",
        "li\u212aely", "ſeems", "poſſibly", "İs likely", "apparently", "Theresa May", "dis-may",
        "may-be", "could’ve", "could", ". ", "“", " ", "-", "’", "'", "x", "ı", "is", "be",
    )
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_HEDGE_PIECES, st.text(max_size=4)), max_size=14).map("".join))
def test_hedge_words_are_found_as_the_case_blind_regex_finds_them(text):
    """The search of the lower-cased text finds the same hedge words at the same offsets as
    the re.IGNORECASE search of the text, the letters it folds apart from lower() included."""
    from briefing_app.core.claims import hedges

    found = [(m.start(), m.end()) for m in hedges.hedge_matches(text)]
    assert found == [(m.start(), m.end()) for m in hedges._HEDGE_WORD.finditer(text)]
