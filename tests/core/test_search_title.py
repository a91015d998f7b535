"""The title, indexed at the end of the body field: found, boosted, kept out of snippets."""

from __future__ import annotations

import pytest

from tests.core.search_helpers import build_index, make_article

IN_TITLE = make_article(
    "Caspian pipeline deal signed",
    ["Officials met in Baku on Monday.", "The ministers talked about the pipeline at length."],
)
IN_TEXT = make_article(
    "Ministers meet in Baku",
    ["The Caspian pipeline was discussed.", "A deal was agreed on the pipeline later."],
)
NEITHER = make_article("Harbour news", ["Ships wait at the harbour for the pipeline deal."])


@pytest.fixture
def index(tmp_path):
    """Three short articles, one of them with the query words only in its title."""
    return build_index(tmp_path, [IN_TITLE, IN_TEXT, NEITHER])


def test_word_only_in_the_title_is_found(index):
    """A plain word that appears only in a title finds that article."""
    assert index.search("signed Caspian").ids()[0] == IN_TITLE.id
    assert set(index.search("Caspian").ids()) == {IN_TITLE.id, IN_TEXT.id}


def test_title_match_ranks_first(index):
    """Of articles that all hold the word, the one with it in its title ranks first."""
    assert index.search("deal").ids()[0] == IN_TITLE.id
    assert index.search('"pipeline deal"').ids()[0] == IN_TITLE.id


def test_phrase_never_joins_the_last_sentence_to_the_title(index):
    """ "length Caspian" is the text's last word then the title's first: not a phrase."""
    assert index.search('"length Caspian"').total == 0
    assert index.search('"length Caspian"~5').total == 0
    assert index.search('"Caspian pipeline deal"').ids() == [IN_TITLE.id]


def test_title_only_hit_snippet_comes_from_the_text(index):
    """A hit found through its title shows paragraph 1 of its text, with nothing marked."""
    (hit,) = index.search("signed").hits
    assert "<b" not in hit.snippet
    assert hit.id == IN_TITLE.id and hit.paragraph == 1
    assert hit.snippet_text == IN_TITLE.paragraphs[0]


def test_title_field_and_negation_still_exact(index):
    """`title:` searches titles only; NOT of a title word drops that article."""
    assert index.search("title:signed").ids() == [IN_TITLE.id]
    assert set(index.search("pipeline NOT Caspian").ids()) == {NEITHER.id}
