"""The search index on articles built in the test: every query form, results, facets, paging."""

from __future__ import annotations

import pytest

from briefing_app.core.errors import QueryError
from tests.core.search_helpers import build_index, containing, make_article

ARTICLES = [
    make_article(
        "Kazakhstan's gas diplomacy",
        [
            "Kazakhstani Energy Minister Bolat Akchulakov declared that no formal discussions "
            "have been held on a gas union with Russia and Uzbekistan.",
            "Kazakhstans refusal surprised analysts in Moscow, who expected a quick agreement.",
            "Beijing, meanwhile, pledged to defend Kazakhstan's territorial integrity.",
        ],
        authors=["Emil Avdaliani"],
        publisher="Jamestown Foundation",
        published="2023-12-03",
        series="Eurasia Daily Monitor",
        url="https://jamestown.org/program/kazakhstans-gas-diplomacy/",
        tags=["energy", "Central Asia"],
        claims=[
            {
                "kind": "reported",
                "speaker": "Kazakhstani Energy Minister Bolat Akchulakov",
                "speaker_name": "Bolat Akchulakov",
                "cue": "declared",
                "content": "no formal discussions have been held on a gas union",
                "paragraph": 1,
                "start": 60,
                "end": 111,
            },
            {
                "kind": "assessment",
                "speaker": None,
                "speaker_name": "Emil Avdaliani",
                "cue": None,
                "content": "Beijing pledged to defend the territorial integrity of Kazakhstan",
                "paragraph": 3,
                "start": 0,
                "end": 60,
            },
        ],
    ),
    make_article(
        "Pipeline politics in the Caspian",
        [
            "The trans-Caspian pipeline would carry gas from Turkmenistan to Azerbaijan.",
            "Russia opposes the pipeline; its gas exports to Europe have collapsed since 2022.",
        ],
        authors=["Sergey Sukhankin", "Emil Avdaliani"],
        publisher="Jamestown Foundation",
        published="2023-11-15",
        series="Eurasia Daily Monitor",
        url="https://jamestown.org/program/pipeline-politics/",
        tags=["energy"],
    ),
    make_article(
        "Zürich hosts energy talks",
        [
            "Delegates met in Zürich to discuss the gas market and renewable energy.",
            "The café near the venue was crowded with reporters from Geneva.",
        ],
        authors=["Anna Müller"],
        publisher="Swiss Review",
        published="2022-06-20",
        series="",
        url="https://example.ch/zurich-energy",
        tags=["diplomacy"],
    ),
    make_article(
        "Uzbekistan opens its economy",
        [
            "Uzbekistan has courted foreign investors with tax cuts and a new currency regime.",
            "Tashkent hopes that union with regional markets will follow.",
        ],
        authors=["Dilnoza Karimova"],
        publisher="Central Asia Analytical Network",
        published="2024-02-01",
        url="https://caan.example/uzbekistan-economy",
    ),
    make_article(
        "Moscow and Beijing: a lopsided partnership",
        [
            "Russia increasingly depends on China for technology and markets.",
            "The gas pipeline Power of Siberia 2 remains unsigned despite years of talks.",
        ],
        authors=["Paul Goble"],
        publisher="Jamestown Foundation",
        published="2023-12-20",
        series="Eurasia Daily Monitor",
        url="https://jamestown.org/program/moscow-beijing/",
    ),
]
BY_TITLE = {a.title: a.id for a in ARTICLES}


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """The five articles, stored and indexed."""
    return build_index(tmp_path_factory.mktemp("search"), ARTICLES)


def ids(index, query, **options) -> set[str]:
    """Ids of every hit of a query."""
    return set(index.search(query, limit=100, **options).ids())


def titles(index, query, **options) -> set[str]:
    """Titles of every hit of a query."""
    return {h.title for h in index.search(query, limit=100, **options).hits}


def test_words_are_all_required(index):
    """Two words find only the articles holding both (stems included)."""
    assert ids(index, "gas union") == containing(ARTICLES, r"\bgas\b") & containing(
        ARTICLES, r"\bunion\b"
    )
    assert titles(index, "gas union") == {"Kazakhstan's gas diplomacy"}


def test_or_not_minus_and_parentheses(index):
    """OR widens, NOT and -word exclude, parentheses group."""
    assert titles(index, "Uzbekistan OR Zürich") == {
        "Kazakhstan's gas diplomacy",
        "Zürich hosts energy talks",
        "Uzbekistan opens its economy",
    }
    assert titles(index, "gas NOT Russia") == {"Zürich hosts energy talks"}
    assert ids(index, "gas -Russia") == ids(index, "gas NOT Russia")
    assert titles(index, "(Zürich OR Tashkent) economy") == {"Uzbekistan opens its economy"}
    assert ids(index, "NOT gas") == {a.id for a in ARTICLES} - ids(index, "gas")


def test_phrases_and_proximity(index):
    """Exact phrases need adjacent words; ~N allows that many positions of play."""
    assert titles(index, '"gas union"') == {"Kazakhstan's gas diplomacy"}
    assert ids(index, '"union gas"') == set()
    # "formal discussions have been held on a gas union": six words between.
    assert titles(index, '"formal discussions union"~6') == {"Kazakhstan's gas diplomacy"}
    assert ids(index, '"formal discussions union"~5') == set()
    assert ids(index, '"formal union"~1') == set()


def test_fields(index):
    """title:, author:, publisher:, series:, url:, tag: search only their field."""
    assert titles(index, "title:gas") == {"Kazakhstan's gas diplomacy"}
    assert titles(index, "author:Sukhankin") == {"Pipeline politics in the Caspian"}
    assert len(ids(index, "author:Avdaliani")) == 2
    assert len(ids(index, 'publisher:"Jamestown Foundation"')) == 3
    assert len(ids(index, 'series:"Eurasia Daily Monitor"')) == 3
    assert titles(index, "url:caan") == {"Uzbekistan opens its economy"}
    assert titles(index, "tag:diplomacy") == {"Zürich hosts energy talks"}
    assert ids(index, "title:Russia") == set()


def test_dates_months_ranges_and_open_ranges(index):
    """published: a month, a closed range, ranges open at either end."""
    assert len(ids(index, "published:2023-12")) == 2
    assert len(ids(index, "published:[2023-11-01 to 2023-12-31]")) == 3
    assert titles(index, "published:[2024-01-01 to]") == {"Uzbekistan opens its economy"}
    assert titles(index, "published:[to 2022-12-31]") == {"Zürich hosts energy talks"}
    assert titles(index, "gas published:2023-11") == {"Pipeline politics in the Caspian"}
    assert len(ids(index, "year:2023")) == 3


def test_fuzzy_and_prefix(index):
    """word~ allows one edit; Kazakh* matches every word starting so."""
    assert titles(index, "Akchulakof~") == {"Kazakhstan's gas diplomacy"}
    assert ids(index, "Akchulakof") == set()
    assert ids(index, "Akchulkof~") == set()  # two edits away
    assert titles(index, "Akchulkof~2") == {"Kazakhstan's gas diplomacy"}
    assert titles(index, "Kazakh*") == {"Kazakhstan's gas diplomacy"}
    assert titles(index, "pipe*") == {
        "Pipeline politics in the Caspian",
        "Moscow and Beijing: a lopsided partnership",
    }


def test_stemming_accents_and_apostrophes(index):
    """Stems match; accents fold; "Kazakhstan's" and "Kazakhstans" find each other."""
    assert ids(index, "Kazakhstan's") == ids(index, "Kazakhstans") == ids(index, "kazakhstan")
    assert titles(index, "Kazakhstans") == {"Kazakhstan's gas diplomacy"}
    assert titles(index, "Zurich") == titles(index, "zürich") == {"Zürich hosts energy talks"}
    assert titles(index, "cafe") == {"Zürich hosts energy talks"}
    assert titles(index, "pledges") == {"Kazakhstan's gas diplomacy"}
    assert titles(index, "author:muller") == {"Zürich hosts energy talks"}


def test_claim_fields_find_articles(index):
    """speaker:, cue:, kind: and claim: search the claims inside articles."""
    assert titles(index, "speaker:Akchulakov") == {"Kazakhstan's gas diplomacy"}
    assert titles(index, "cue:declared") == {"Kazakhstan's gas diplomacy"}
    assert titles(index, "kind:assessment") == {"Kazakhstan's gas diplomacy"}
    assert ids(index, "kind:reported speaker:Avdaliani") == ids(index, "speaker:Avdaliani")


def test_claim_search_returns_claims(index):
    """--claims returns one hit per claim, with its paragraph and a highlighted snippet."""
    results = index.search("speaker:Akchulakov", claims=True)
    assert results.total == 1
    hit = results.hits[0]
    assert hit.paragraph == 1 and hit.claim["cue"] == "declared"
    assert hit.snippet_text.startswith("no formal discussions")
    defended = index.search("integrity", claims=True)
    assert [h.paragraph for h in defended.hits] == [3]
    assert '<b class="match">integrity</b>' in defended.hits[0].snippet
    assert index.search("kind:assessment", claims=True).total == 1


def test_hits_carry_paragraph_and_highlighted_snippet(index):
    """A hit names the paragraph of its best passage and marks the matches, HTML-escaped."""
    hit = index.search("Beijing integrity").hits[0]
    assert hit.title == "Kazakhstan's gas diplomacy" and hit.paragraph == 3
    assert '<b class="match">integrity</b>' in hit.snippet
    assert "<b" not in hit.snippet_text and "integrity" in hit.snippet_text
    assert hit.key and hit.publisher == "Jamestown Foundation" and hit.published == "2023-12-03"
    moscow = index.search("Moscow refusal").hits[0]
    assert moscow.paragraph == 2
    title_only = index.search("title:lopsided").hits[0]
    assert title_only.paragraph == 1 and title_only.snippet_text.startswith("Russia increasingly")


def test_relevance_prefers_title_matches(index):
    """The title is boosted: an article about the word ranks above one that mentions it."""
    hits = index.search("pipeline").hits
    assert hits[0].title == "Pipeline politics in the Caspian"
    assert hits[0].score > hits[1].score > 0


def test_facets_count_every_match(index):
    """Facets count publisher, author, year and series over all matches, not just the page."""
    results = index.search("gas", limit=1)
    assert results.total == 4 and len(results.hits) == 1
    assert dict(results.facets["publisher"]) == {"Jamestown Foundation": 3, "Swiss Review": 1}
    assert dict(results.facets["author"])["Emil Avdaliani"] == 2
    assert dict(results.facets["year"]) == {"2023": 3, "2022": 1}
    assert dict(results.facets["series"]) == {"Eurasia Daily Monitor": 3}


def test_facet_filters_narrow_results(index):
    """filters= (the facet check boxes) narrows the hits and the facet counts."""
    narrowed = index.search("gas", filters={"publisher": ["Swiss Review"]})
    assert [h.title for h in narrowed.hits] == ["Zürich hosts energy talks"]
    assert narrowed.total == 1
    by_author = index.search("gas", filters={"author": ["Emil Avdaliani"], "year": ["2023"]})
    assert by_author.total == 2
    with pytest.raises(QueryError):
        index.search("gas", filters={"colour": ["red"]})


def test_paging_and_date_sort(index):
    """Pages split the ranked list; date order is newest first."""
    everything = index.search("", limit=100, sort="date")
    dates = [h.published for h in everything.hits]
    assert dates == sorted(dates, reverse=True) and len(dates) == 5
    pages = [index.search("", limit=2, page=p, sort="date").ids() for p in (1, 2, 3)]
    assert sum(pages, []) == everything.ids()
    assert [len(p) for p in pages] == [2, 2, 1]
    ranked = index.search("gas", limit=100).ids()
    assert index.search("gas", limit=2, page=2).ids() == ranked[2:4]


def test_malformed_queries_raise_query_error(index):
    """Bad syntax, unknown sort orders and empty words are QueryErrors, never tracebacks."""
    for bad in ("(gas", "published:2023-13", "colour:red", '"..."'):
        with pytest.raises(QueryError):
            index.search(bad)
    with pytest.raises(QueryError):
        index.search("gas", sort="alphabetical")


def test_results_json_matches_the_cli_contract(index):
    """to_json has total, hits with the documented keys, and facets."""
    data = index.search("gas").to_json()
    assert {"total", "hits", "facets"} <= set(data)
    assert {"id", "key", "title", "publisher", "published", "score", "paragraph", "snippet"} <= set(
        data["hits"][0]
    )
    assert set(data["facets"]) == {"publisher", "author", "year", "series", "tag", "collection"}


def test_phrase_count_follows_order_and_slop():
    """Phrase positions: in order, each word within `slop` positions of the previous one."""
    from briefing_app.core.search.phrases import phrase_count

    assert phrase_count([[3, 10], [4, 12], [5]], 1) == 1
    assert phrase_count([[3], [5]], 1) == 0
    assert phrase_count([[3], [5]], 2) == 1
    assert phrase_count([[5], [3]], 3) == 0  # order matters
    assert phrase_count([[1, 20], [2, 21]], 1) == 2


def test_exact_phrase_count_on_encoded_positions():
    """The fast exact-phrase check agrees with the general one on encoded positions."""
    from briefing_app.core.search.phrases import encode_positions as encode
    from briefing_app.core.search.phrases import exact_phrase_count, phrase_count

    cases = [[[0, 7, 20], [1, 8, 30], [2, 31]], [[5], [7]], [[0, 1], [1, 2], [2, 3]], [[3], [2]]]
    for case in cases:
        assert exact_phrase_count([encode(p) for p in case]) == phrase_count(case, 1)
