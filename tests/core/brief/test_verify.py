"""Quotation verification: every status, offsets for the editor, the CLI, and the corpus sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing_app.cli import main
from briefing_app.core.brief.verify import check_brief
from tests.core.brief.articles import (
    SEED_KEY,
    plain_article,
    reimported_library,
    seed_article,
)
from tests.core.brief.quote_generator import Article, generate

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "wikinews" / "articles.json"
K = SEED_KEY


def _status(text: str, library) -> list[str]:
    return [c.status for c in check_brief(text, library)]


@pytest.fixture
def library():
    seed = seed_article()
    other = plain_article(
        "doe2020vote", "Council vote", ["The council said the vote will not take place in 2020."]
    )
    return {seed.key: seed, other.key: other}


@pytest.mark.parametrize(
    "quote",
    [
        "“Kazakhstans refusal would not be as surprising”",  # as the original, apostrophe dropped
        "“Kazakhstan’s refusal would not be as surprising”",  # curly apostrophe
        "“[T]he message, at the time, was read as a warning”",
        "“Georgia or Moldova do not enjoy — namely, its deepening cooperation”",  # dash spacing
        "“China is not only an aspiring global power … it also shares a long common border”",
        "“Kazakhstan [the country] is also a critical artery”",
    ],
)
def test_real_quotations_verify(library, quote):
    """Exact words, typographic variants, brackets and a valid ellipsis are verified."""
    assert _status(f"{quote} [@{K}]", library) == ["verified"]


@pytest.mark.parametrize(
    ("quote", "status"),
    [
        ("“China is only an aspiring global power”", "not_found"),
        ("“China is … an aspiring global power”", "unsupported_ellipsis"),
        (
            "“pushing against Moscow's imperial ambitions … Kazakhstani Energy Minister”",
            "unsupported_ellipsis",
        ),
        ("“its deepening cooperation with Beijing … Chinese President Xi”", "unsupported_ellipsis"),
        ("“the vote will not take place in 2020”", "wrong_source"),
        ("“in February 2023”", "not_found"),
        ("“Kazakhstan's refusal would [not] be as surprising”", "not_found"),
    ],
)
def test_altered_quotations_fail_with_the_right_status(library, quote, status):
    """Changed words, hidden negations, reordering, splicing and wrong sources do not verify."""
    assert _status(f"{quote} [@{K}, ¶1]", library) == [status]


def test_detail_says_where_the_passage_diverges(library):
    """not_found names the paragraph and the first differing words."""
    (check,) = check_brief(f"“China is only an aspiring global power” [@{K}]", library)
    assert "¶2" in check.detail and "not only" in check.detail


def test_no_citation_and_offsets_for_the_editor(library):
    """An uncited quotation is reported; offsets point at the quoted words in the brief."""
    text = "---\ntitle: T\n---\nHe said “heaps of cash” yesterday.\n"
    (check,) = check_brief(text, library)
    assert check.status == "no_citation" and check.line == 4
    assert text[check.start : check.end] == "heaps of cash"


def test_blockquote_followed_by_citation_is_checked(library):
    """A blockquote whose citation follows on the next paragraph is one quotation."""
    text = (
        f"> Moreover, Kazakhstan has been emboldened\n> by a strategic relationship\n\n[@{K}, ¶2]\n"
    )
    assert _status(text, library) == ["verified"]


def test_changed_since_quoted_uses_the_supersedes_chain(tmp_path):
    """Words only in the version a re-import superseded are reported as changed_since_quoted."""
    lib = reimported_library(tmp_path)
    assert _status(f"“an aspiring global power with heaps of cash” [@{K}, ¶2]", lib) == [
        "changed_since_quoted"
    ]
    assert _status(f"“an aspiring global power with plenty of money” [@{K}, ¶2]", lib) == [
        "verified"
    ]


def test_cli_check_json_and_exit_code(seeded, tmp_path, capsys):
    """`briefing check --json` lists quotations against the imported seed; exit 1 on failure."""
    brief = tmp_path / "b.md"
    brief.write_text(
        f"“Kazakhstans refusal would not be as surprising” [@{K}, ¶1].\n", encoding="utf-8"
    )
    assert main(["--library", str(seeded.root), "check", str(brief), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["quotations"][0]["status"] == "verified"
    assert set(data["quotations"][0]) == {"line", "quote", "key", "status", "detail"}
    brief.write_text(f"“Kazakhstans refusal would be surprising” [@{K}, ¶1].\n", encoding="utf-8")
    assert main(["--library", str(seeded.root), "check", str(brief)]) == 1


def _fixture_articles() -> list[Article]:
    from tests.core.brief.quote_generator import article_from_row

    data = json.loads(FIXTURE.read_text(encoding="utf-8"))["articles"]
    rows = [
        {
            "url": a["url"],
            "date": a["date"],
            "title": a["title"],
            "text": "\n\n".join(a["paragraphs"]),
        }
        for a in data
    ]
    return [article_from_row(r, i) for i, r in enumerate(rows)]


def _run_sets(articles: list[Article]) -> tuple[list, list]:
    library = {a.key: a for a in articles}
    valid, altered = generate(articles)
    good = check_brief("\n\n".join(c.markdown for c in valid), library)
    bad = check_brief("\n\n".join(c.markdown for c in altered), library)
    assert len(good) == len(valid) and len(bad) == len(altered)
    return list(zip(valid, good, strict=True)), list(zip(altered, bad, strict=True))


def test_committed_wikinews_quotations(tmp_path):
    """≥100 real quotations from the committed Wikinews articles verify; ≥100 altered ones do not."""
    good, bad = _run_sets(_fixture_articles())
    assert len(good) >= 100 and len(bad) >= 100
    assert [(c.markdown, r.detail) for c, r in good if r.status != "verified"] == []
    assert [c.markdown for c, r in bad if r.status == "verified"] == []
    assert {c.kind for c, _ in bad} >= {
        "word-changed",
        "number-changed",
        "words-swapped",
        "wrong-article",
        "wrong-locator",
        "wrong-range",
    }
    assert {r.status for c, r in bad if c.kind.startswith("wrong-")} == {
        "wrong_locator",
        "wrong_source",
    }
    assert {c.kind for c, _ in good} >= {"exact", "no-locator", "para-label"}


def test_shared_wikinews_quotations(shared):
    """The same on 2019 Wikinews articles from the shared corpora."""
    from tests.core.brief.quote_generator import load_csv

    good, bad = _run_sets(load_csv(shared / "corpora" / "wikinews" / "wikinews_2019.csv", 20))
    assert [(c.markdown, r.detail) for c, r in good if r.status != "verified"] == []
    assert [c.markdown for c, r in bad if r.status == "verified"] == []


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("the joint communiqu&#233; was signed", "verified"),
        ("the joint communiqu&#xE9; was signed", "verified"),
        ("the joint communiqu&eacute; was signed", "verified"),
        ("the joint communiqu\\&#233; was signed", "not_found"),  # escaped: literal text
        ("the joint communiqu&#232; was signed", "not_found"),  # è is another letter
    ],
)
def test_character_references_are_the_text_markdown_renders(written, status):
    """`communiqu&#233;` in a brief is “communiqué”, as Markdown renders it; escaped it is not."""
    article = plain_article(
        "un2024talks", "Talks", ["After talks, the joint communiqué was signed."]
    )
    (check,) = check_brief(f"“{written}” [@un2024talks, ¶1]", {article.key: article})
    assert check.status == status
    if status == "verified":
        assert check.quote == "the joint communiqué was signed"
