"""Search on real articles: the seed (imported) and Wikinews (committed fixture and shared CSV)."""

from __future__ import annotations

import pytest

from tests.core.search_helpers import (
    build_index,
    containing,
    wikinews_csv_articles,
    wikinews_fixture_articles,
)


def total(ws, query: str, **options) -> int:
    """How many hits a workspace search has."""
    return ws.search(query, **options).total


def test_seed_query_forms(seeded):
    """Every query form finds (or rightly misses) the imported seed article."""
    for query in [
        "Kazakhstan's",
        "Kazakhstans",
        "Akchulakov",
        "Akchulakof~",
        "Kazakh*",
        '"gas union"',
        '"formal discussions"',
        '"maintains ties"~2',
        "gas union Putin",
        "Beijing OR Tbilisi",
        "(Beijing OR Tbilisi) Astana",
        "author:Avdaliani",
        "publisher:Jamestown",
        'series:"Eurasia Daily Monitor"',
        "url:jamestown",
        "published:2023-12",
        "published:2023-12-03",
        "published:[2023-11-01 to 2023-12-31]",
        "published:[2023-01-01 to]",
        "Moscow -Tbilisi",
        "geopolitic*",
        "speaker:Akchulakov",
        "cue:declared",
        "kind:assessment",
    ]:
        assert total(seeded, query) == 1, query
    for query in [
        '"union gas"',
        "Tbilisi",
        "published:2023-11",
        "published:[to 2023-11-30]",
        "published:[2024-01-01 to]",
        "gas NOT Beijing",
        "-Kazakhstan",
        "author:Putin",
        "Akchulkof~",
    ]:
        assert total(seeded, query) == 0, query


def test_seed_snippet_and_paragraph(seeded):
    """The best paragraph of the seed for a query is found and highlighted."""
    hit = seeded.search("Xi Jinping Astana").hits[0]
    assert hit.paragraph == 3
    assert '<b class="match">Astana</b>' in hit.snippet
    gas = seeded.search('"gas union"').hits[0]
    assert gas.paragraph == 1 and "gas union" in gas.snippet_text


def test_seed_claims_search(seeded):
    """--claims finds the minister's declaration as a claim with its paragraph."""
    results = seeded.search("speaker:Akchulakov", claims=True)
    assert results.total >= 1
    hit = results.hits[0]
    assert hit.paragraph == 1 and hit.claim["cue"] == "declared"
    assert '<b class="match">' in seeded.search("gas union", claims=True).hits[0].snippet


FIXTURE = wikinews_fixture_articles()


@pytest.fixture(scope="module")
def wikinews(tmp_path_factory):
    """The committed Wikinews articles (CC BY 2.5), indexed."""
    return build_index(tmp_path_factory.mktemp("wikinews"), FIXTURE)


def hit_ids(index, query: str) -> set[str]:
    """Every hit id of a query."""
    return set(index.search(query, limit=100).ids())


@pytest.mark.parametrize(
    ("query", "oracle"),
    [
        ("Soleimani", [r"\bSoleimani\b"]),
        ("measles", [r"\bmeasles\b"]),
        ("Soleimani Iraq", [r"\bSoleimani\b", r"\bIraq\b"]),
        ('"Qasem Soleimani"', [r"\bQasem Soleimani\b"]),
        ("pipeline", [r"\bpipelines?\b"]),
    ],
)
def test_fixture_words_and_phrases_match_the_text(wikinews, query, oracle):
    """Hits equal the articles a plain text search of the fixture finds."""
    expected = set.intersection(*(containing(FIXTURE, pattern) for pattern in oracle))
    assert expected and hit_ids(wikinews, query) == expected


def test_fixture_not_or_dates_and_fuzzy(wikinews):
    """NOT complements, OR unites, dates select by day, fuzzy forgives a typo."""
    everyone = {a.id for a in FIXTURE}
    assert hit_ids(wikinews, "NOT Soleimani") == everyone - hit_ids(wikinews, "Soleimani")
    assert hit_ids(wikinews, "Samoa OR Oman") == hit_ids(wikinews, "Samoa") | hit_ids(
        wikinews, "Oman"
    )
    on_tenth = {a.id for a in FIXTURE if a.metadata.published == "2020-01-10"}
    assert hit_ids(wikinews, "published:2020-01-10") == on_tenth
    early = {a.id for a in FIXTURE if a.metadata.published <= "2020-01-06"}
    assert hit_ids(wikinews, "published:[to 2020-01-06]") == early
    assert hit_ids(wikinews, "Soleimany~") == hit_ids(wikinews, "Soleimani")
    assert hit_ids(wikinews, "Solei*") == hit_ids(wikinews, "Soleimani")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """All shared Wikinews articles (295), indexed; skipped without the shared corpora."""
    from tests.conftest import SHARED

    folder = SHARED / "corpora" / "wikinews"
    if not folder.is_dir():
        pytest.skip(f"needs the shared corpora at {SHARED} (not present on this machine)")
    articles = wikinews_csv_articles(folder)
    return articles, build_index(tmp_path_factory.mktemp("corpus"), articles)


@pytest.mark.parametrize(
    ("query", "pattern"),
    [
        ("Magnitogorsk", r"\bMagnitogorsk\b"),
        ("Soleimani", r"\bSoleimani\b"),
        ('"Vladimir Putin"', r"\bVladimir Putin\b"),
        ('"World Health Organization"', r"\bWorld Health Organization\b"),
        ("Zelensky", r"\bZelensky\b"),
    ],
)
def test_corpus_matches_the_text(corpus, query, pattern):
    """On all 295 articles, names and phrases hit exactly the articles that contain them."""
    articles, index = corpus
    expected = containing(articles, pattern)
    assert expected and set(index.search(query, limit=500).ids()) == expected


def test_corpus_dates_ranges_not_paging_and_sort(corpus):
    """Month and range filters count right; NOT complements; pages tile; date order holds."""
    articles, index = corpus
    march = [a for a in articles if a.metadata.published.startswith("2019-03")]
    assert index.search("published:2019-03").total == len(march) > 0
    since = [a for a in articles if a.metadata.published >= "2020-03-01"]
    assert index.search("published:[2020-03-01 to]").total == len(since) > 0
    window = [a for a in articles if "2019-06-01" <= a.metadata.published <= "2019-08-31"]
    assert index.search("published:[2019-06-01 to 2019-08-31]").total == len(window)
    trump = index.search("Trump").total
    assert trump + index.search("NOT Trump").total == len(articles)
    ranked = index.search("election", limit=40).ids()
    paged = (
        index.search("election", limit=20).ids() + index.search("election", limit=20, page=2).ids()
    )
    assert paged == ranked
    dated = index.search("government", limit=50, sort="date").hits
    assert [h.published for h in dated] == sorted((h.published for h in dated), reverse=True)
    facets = index.search("government").facets
    assert sum(count for _, count in facets["year"]) == index.search("government").total


def test_corpus_fuzzy_prefix_and_snippets(corpus):
    """Fuzzy and prefix find the right article; every snippet marks a match from the query."""
    articles, index = corpus
    target = containing(articles, r"\bMagnitogorsk\b")
    assert set(index.search("Magnitogrsk~").ids()) >= target
    assert set(index.search("Magnitog*").ids()) == target
    for hit in index.search("explosion rescuers", limit=20).hits:
        assert '<b class="match">' in hit.snippet
        assert hit.paragraph >= 1
