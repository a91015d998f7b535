"""Claim searches count, filter and sort by their article's facet values.

A claim document holds its own words and its article's id only; its publisher, authors, year,
series, date, tags and collections are read through that id from the article's document.
Every claim search must give what it gave when each claim carried copies of those values:
here the expected hits, totals and facet counts are worked out from the articles themselves.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.core.search_helpers import make_article, store

PUBLISHERS = ("Baltic Monitor", "Pacific Desk", "Policy Wire")
AUTHORS = (["Anna Kovalenko"], ["Ravi Menon", "Mele Tupou"], [])
DATES = ("2019-03-04", "2020-11-30", "2021-06-15", "")


def _claim(number: int, words: str, speaker: str) -> dict:
    return dict(
        content=f"The port {words} number {number}",
        speaker=speaker,
        speaker_name=speaker,
        kind="assessment" if number % 2 else "fact",
        cue="said",
        paragraph=1,
    )


@pytest.fixture
def claims_library(workspace):
    """Nine articles of every publisher, author list and date, 1-3 claims each, some tagged
    and filed by the analyst; (workspace, articles)."""
    articles = []
    for n in range(9):
        speaker = ("Energy Minister", "Port Authority")[n % 2]
        claims = [_claim(i, ("reopened", "closed", "waited")[i], speaker) for i in range(1 + n % 3)]
        articles.append(
            make_article(
                f"Harbour report {n}",
                [f"The port report {n} says what was said."],
                publisher=PUBLISHERS[n % 3],
                authors=AUTHORS[n % 3],
                published=DATES[n % 4],
                series="Harbours" if n < 4 else "",
                claims=claims,
            )
        )
    store(workspace.library, articles)
    data = workspace.userdata
    data.create_collection("Ports")
    data.tag([a.id for a in articles[:5]], add=["energy"])
    data.tag([a.id for a in articles[3:7]], add=["border"])
    data.file([a.id for a in articles[::2]], "Ports")
    workspace.index.rebuild()
    return workspace, articles


def _facets(article, data) -> dict[str, list[str]]:
    """The facet values of an article, as the article search shows them."""
    m = article.metadata
    return {
        "publisher": [m.publisher],
        "author": list(m.authors),
        "year": [m.published[:4]] if m.published else [],
        "series": [m.series] if m.series else [],
        "tag": data.tags(article.id),
        "collection": [c.name for c in data.collections_of(article.id)],  # top level
    }


def _expected(ws, articles, word: str, chosen: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(article id, claim content) of every claim holding `word` whose article passes."""
    found = []
    for article in articles:
        values = _facets(article, ws.userdata)
        if all(set(values[name]) & set(wanted) for name, wanted in chosen.items()):
            found += [(article.id, c["content"]) for c in article.claims if word in c["content"]]
    return found


def _got(results) -> list[tuple[str, str]]:
    return [(hit.id, hit.snippet_text) for hit in results.hits]  # the whole (short) claim


FILTERS = [
    {},
    {"publisher": ["Pacific Desk"]},
    {"publisher": ["Baltic Monitor", "Policy Wire"]},
    {"author": ["Mele Tupou"]},
    {"year": ["2020"]},
    {"series": ["Harbours"]},
    {"tag": ["energy"]},
    {"tag": ["border"], "collection": ["Ports"]},
    {"collection": ["Ports"], "publisher": ["Policy Wire"], "year": ["2021"]},
]


@pytest.mark.parametrize("chosen", FILTERS)
@pytest.mark.parametrize("word", ["port", "closed"])
def test_claims_are_filtered_and_counted_by_their_articles_facets(claims_library, chosen, word):
    ws, articles = claims_library
    results = ws.search(word, claims=True, filters=chosen, limit=100)
    expected = _expected(ws, articles, word, chosen)
    assert results.total == len(expected)
    assert sorted(_got(results)) == sorted(expected)
    by_id = {a.id: a for a in articles}
    for name in ("publisher", "author", "year", "series", "tag", "collection"):
        counts = Counter(
            value for aid, _ in expected for value in _facets(by_id[aid], ws.userdata)[name]
        )
        assert dict(results.facets[name]) == dict(counts), name


def test_claims_newest_first_by_their_articles_date(claims_library):
    ws, articles = claims_library
    results = ws.search("port", claims=True, sort="date", limit=100)
    dates = {a.id: a.metadata.published for a in articles}
    shown = [dates[hit.id] for hit in results.hits]
    dated = [d for d in shown if d]
    assert dated == sorted(dated, reverse=True)
    assert shown == dated + [""] * (len(shown) - len(dated))  # undated last
    page = ws.search("port", claims=True, sort="date", limit=4, page=2)
    assert _got(page) == _got(results)[4:8]


def test_claim_fields_and_dates_with_facets(claims_library):
    ws, articles = claims_library
    chosen = {"publisher": ["Baltic Monitor", "Pacific Desk"]}
    results = ws.search(
        'speaker:authority AND published:[2020 to 2021] AND "port reopened"',
        claims=True,
        filters=chosen,
    )
    expected = [
        (a.id, c["content"])
        for a in articles
        if a.metadata.publisher in chosen["publisher"]
        and a.metadata.published[:4] in {"2020", "2021"}
        for c in a.claims
        if c["speaker"] == "Port Authority" and "port reopened" in c["content"]
    ]
    assert expected and sorted(_got(results)) == sorted(expected)


def test_claim_facets_follow_a_change_of_the_articles_tags(claims_library):
    ws, articles = claims_library
    before = dict(ws.search("port", claims=True).facets["tag"])
    ws.userdata.tag([articles[8].id], add=["energy"])
    after = dict(ws.search("port", claims=True).facets["tag"])
    assert after["energy"] == before["energy"] + len(articles[8].claims)
    filtered = ws.search("port", claims=True, filters={"tag": ["energy"]}, limit=100)
    assert articles[8].id in {hit.id for hit in filtered.hits}
