"""Text repairs: each one logged with offsets into the final text, clean text left alone."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing_app.core.ingest.apostrophes import apostrophe_edits
from briefing_app.core.ingest.repair import repair_paragraphs, repair_plain_text
from briefing_app.core.ingest.utf16 import unswap, utf16_swap_edits


def damage(text: str) -> str:
    """What UTF-16 text looks like with its bytes swapped (punctuation loses its high byte)."""
    return "".join(chr((ord(c) & 0xFF) << 8) for c in text)


def _check_offsets(log) -> None:
    for repair in log.repairs:
        if repair.start >= 0:
            assert log.text[repair.start : repair.end] == repair.after, repair


def _kinds(log) -> list[str]:
    return [r.kind for r in log.repairs]


@pytest.mark.parametrize(
    "phrase", [" \u2014namely, ", "\u201cHello\u201d", "it\u2019s 5\u201310 o\u2019clock"]
)
def test_utf16_damage_is_repaired_generally(phrase):
    """Any run of byte-swapped characters is restored, not only the seed's string."""
    log = repair_plain_text(f"Before{damage(phrase)}after.")
    assert log.text == f"Before{phrase}after."
    (repair,) = log.repairs
    assert (repair.kind, repair.before, repair.after, repair.certain) == (
        "utf16-byte-swap",
        damage(phrase),
        phrase,
        True,
    )
    _check_offsets(log)


def test_cjk_text_is_not_mistaken_for_damage():
    """Chinese characters of the form U+XX00 (\u4e00 is "one") stay as they are."""
    text = "\u4e2d\u56fd\u4e00\u4e00\u4e00\u4eba\u6c11"
    assert utf16_swap_edits(text) == []
    assert unswap(damage("abc")) == "abc"


def test_nbsp_only_line_and_trailing_spaces():
    """A line of no-break spaces is a paragraph break; trailing spaces are removed and logged."""
    log = repair_plain_text("First line  \n\u00a0 \nSecond line\n")
    assert log.paragraphs() == ["First line", "Second line"]
    assert "nbsp-only-line" in _kinds(log) and "trailing-space" in _kinds(log)
    nbsp = next(r for r in log.repairs if r.kind == "nbsp-only-line")
    assert (nbsp.before, nbsp.after) == ("\u00a0", "")


FILLER = "The talks in the capital went on late into the night and"  # a typical wrapped line


def test_hard_wrap_joins_and_paragraph_breaks():
    """Wrapped lines join with one space; blank lines and indented lines start paragraphs."""
    text = f"{FILLER}\nended at dawn.\n\n{FILLER}\nended again.\n {FILLER}\nended once more."
    log = repair_plain_text(text)
    assert log.paragraphs() == [
        f"{FILLER} ended at dawn.",
        f"{FILLER} ended again.",
        f"{FILLER} ended once more.",
    ]
    assert _kinds(log).count("hard-wrap-join") == 3
    assert _kinds(log).count("indent-paragraph-break") == 1
    _check_offsets(log)


def test_short_line_followed_by_text_is_an_intended_break():
    """When the next word would easily have fitted, the line break was the writer's: no join."""
    text = f"{FILLER}\nended at dawn.\nA new paragraph starts here and it also runs\nto the end."
    assert repair_plain_text(text).paragraphs()[:2] == [
        f"{FILLER} ended at dawn.",
        "A new paragraph starts here and it also runs to the end.",
    ]


def test_short_lines_are_kept_as_written():
    """A file of short lines only (a list, a header) is not joined into one paragraph."""
    log = repair_plain_text("Title: Gas talks\nAuthor: Jane Doe\nDate: 2024-02-01")
    assert log.paragraphs() == ["Title: Gas talks", "Author: Jane Doe", "Date: 2024-02-01"]


def test_long_lines_are_paragraphs_of_their_own():
    """A file whose lines are long was not hard-wrapped: each line stays a paragraph."""
    one, two = "word " * 40, "other " * 40
    log = repair_plain_text(f"{one.strip()}\n{two.strip()}\n")
    assert log.paragraphs() == [one.strip(), two.strip()]
    assert "hard-wrap-join" not in _kinds(log)


def test_url_rejoined():
    """A URL broken after a hyphen or slash is joined without a space."""
    log = repair_plain_text(f"{FILLER}\nsee https://example.org/a/long-\npath/page.html for more.")
    assert log.text == f"{FILLER} see https://example.org/a/long-path/page.html for more."
    (repair,) = [r for r in log.repairs if r.kind == "url-rejoin"]
    assert repair.before == "https://example.org/a/long-\npath/page.html"
    _check_offsets(log)


def test_url_not_joined_with_the_next_sentence():
    """A URL that ends a line whole is not glued to the words after it."""
    log = repair_plain_text(f"{FILLER} read it at https://example.org/page\nand tell me.")
    assert log.text == f"{FILLER} read it at https://example.org/page and tell me."


def test_hyphenation_undone_only_when_the_word_occurs_elsewhere():
    """ "geo-\\npolitics" becomes "geopolitics" only if the text writes that word elsewhere."""
    text = f"{FILLER} the geo-\npolitics of it. Real geopolitics matters, as a well-\nknown fact shows."
    log = repair_plain_text(text)
    assert (
        log.text
        == f"{FILLER} the geopolitics of it. Real geopolitics matters, as a well-known fact shows."
    )
    dehyphen = next(r for r in log.repairs if r.kind == "dehyphenation")
    assert dehyphen.certain is False and dehyphen.before == "-\n"
    rejected = repair_plain_text(text, rejected={dehyphen.id})
    assert "the geo-politics of it." in rejected.text


SYSTEMATIC = (
    "Kazakhstan said no. Kazakhstans refusal surprised Moscow, and Moscows envoy left. "
    "Chinas special role grew while China watched. The Germans said little and the Balkans waited."
)


def test_dropped_apostrophes_restored_when_systematic():
    """With no apostrophe anywhere, a name whose stem occurs alone gets its apostrophe back."""
    log = repair_plain_text(SYSTEMATIC)
    restored = {(r.before, r.after) for r in log.repairs if r.kind == "dropped-apostrophe"}
    assert restored == {
        ("Kazakhstans", "Kazakhstan's"),
        ("Moscows", "Moscow's"),
        ("Chinas", "China's"),
    }
    assert all(not r.certain for r in log.repairs if r.kind == "dropped-apostrophe")
    _check_offsets(log)


def test_apostrophes_left_alone_when_the_text_has_them():
    """A text that writes apostrophes elsewhere lost none: nothing is guessed."""
    assert apostrophe_edits(SYSTEMATIC + " It's fine.") == []
    assert (
        apostrophe_edits("Kazakhstans refusal. Kazakhstan waited.") == []
    )  # one word is no system


def test_rejected_repair_is_not_applied_and_other_ids_stay():
    """Rejecting one heuristic repair leaves it out and keeps every other repair's id."""
    full = repair_plain_text(SYSTEMATIC)
    first = next(r for r in full.repairs if r.kind == "dropped-apostrophe")
    partial = repair_plain_text(SYSTEMATIC, rejected={first.id})
    assert "Kazakhstans refusal" in partial.text
    assert {r.id for r in partial.repairs} == {r.id for r in full.repairs} - {first.id}
    _check_offsets(partial)


def test_certain_repairs_cannot_be_rejected():
    """Only heuristic repairs are optional; a certain one is applied whatever the list says."""
    text = f"A{damage(' x y ')}B"
    first = repair_plain_text(text)
    again = repair_plain_text(text, rejected={r.id for r in first.repairs})
    assert again.text == first.text


def test_keep_paragraphs_moves_offsets():
    """Dropping header paragraphs moves later repairs and blanks those inside dropped ones."""
    log = repair_plain_text(f"Header  \n\n{FILLER}\ntwo")
    kept = log.keep_paragraphs([1])
    assert kept == [f"{FILLER} two"]
    header_space = next(r for r in log.repairs if r.kind == "trailing-space")
    assert header_space.start == -1
    _check_offsets(log)


# -- properties ------------------------------------------------------------------------------
_CLEAN_WORDS = st.sampled_from(
    [
        "Kazakhstan's",
        "it\u2019s",
        "\u201cquoted\u201d",
        "\u2018single\u2019",
        "dash\u2014like",
        "5\u201310",
        "&amp;",
        "&lt;b&gt;",
        "co-operate",
        "caf\u00e9",
        "\u4e2d\u6587",
        "word",
        "Moscow",
        "Moscows",
        "said.",
        "(Reuters,",
        "May 3)",
        "https://example.org/x-y/",
        "\u2013",
        "\u2014",
        "Chinas",
        "China",
    ]
)
_CLEAN_PARAGRAPH = st.lists(_CLEAN_WORDS, min_size=1, max_size=30).map(" ".join)


@given(
    st.lists(_CLEAN_PARAGRAPH, min_size=1, max_size=6).map("\n\n".join),
    st.sampled_from(["Kazakhstan's", "it\u2019s", "don't"]),
)
def test_clean_text_round_trips_unchanged(text, apostrophe_word):
    """Undamaged text, curly quotes, dash kinds, apostrophes and &amp; included, is never changed.

    Clean text writes its apostrophes; one with none at all is what the dropped-apostrophe
    repair is for, so each generated text holds at least one.
    """
    text = f"{apostrophe_word} {text}"
    assert repair_plain_text(text).text == text
    assert repair_paragraphs(text.split("\n\n")).text == text


@settings(max_examples=150)
@given(st.text(max_size=400))
def test_random_text_never_breaks_a_repair(text):
    """Any text goes through every repair; offsets always point at the repaired text."""
    for log in (repair_plain_text(text), repair_paragraphs(text.split("\n\n"))):
        _check_offsets(log)
        assert all(p and "\n\n" not in p for p in log.paragraphs())


@settings(max_examples=100)
@given(
    st.lists(
        st.sampled_from(["ab", "cd-", "\n", " ", "\u00a0", "https://x.org/", "-", "Xs y", "X"]),
        max_size=40,
    )
)
# A trailing space removed inside a URL that a later pass rejoined: the rewrite kept the text
# around it, so the deletion keeps its exact place (it once stretched over the whole URL).
@example(["https://x.org/", " ", "\n", "https://x.org/", "https://x.org/", "https://x.org/"])
def test_random_structure_keeps_offsets(parts):
    """Wrap, hyphen, URL and nbsp edge cases in any order keep offsets exact."""
    log = repair_plain_text("".join(parts))
    _check_offsets(log)


def test_wikinews_paragraphs_survive_hard_wrapping(tmp_path):
    """Real paragraphs, wrapped at 72 columns, are joined back to exactly the original text."""
    from tests.conftest import FIXTURES

    for path in sorted((FIXTURES / "wikinews" / "notes").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        paragraphs = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
        wrapped = "\n\n".join(textwrap.fill(p, 72) for p in paragraphs)
        log = repair_plain_text(wrapped)
        assert log.paragraphs() == paragraphs, path.name


def test_repair_inside_a_later_rewrite_keeps_its_exact_place():
    """A trailing space removed at the end of a URL's first line stays where it was once the URL
    is rejoined: the rejoin kept the text before it, so the zero-length repair maps exactly."""
    log = repair_plain_text("https://x.org/ \n" + "https://x.org/" * 3)
    _check_offsets(log)
    assert log.text == "https://x.org/" * 4
    assert [r.kind for r in log.repairs] == ["trailing-space", "url-rejoin"]
    space = log.repairs[0]
    assert space.start == space.end == len("https://x.org/")
