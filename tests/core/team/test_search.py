"""The PostgreSQL search backend on hand-written libraries: PostgreSQL's limits (long texts,
common words, long words), hostile queries and text, result shapes, the index's life."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

import psycopg
import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing_app.core.errors import LibraryBusy, QueryError
from briefing_app.core.ingest.importer import build_article
from briefing_app.core.library import Library
from briefing_app.core.search import documents
from briefing_app.core.search import query as qlang
from briefing_app.core.search.backend import SearchRequest
from briefing_app.core.search.index import SearchIndex, prepare
from briefing_app.core.search.results import FACETS
from briefing_app.core.search.whoosh_schema import normalize
from briefing_app.core.team import schema, search_text
from briefing_app.core.team.search import ANALYSIS_VERSION, Backend, ids_digest, open_backend
from briefing_app.core.team.search_query import Positives, fuzzy_match, levenshtein
from briefing_app.core.workspace import Workspace
from tests.core.search_helpers import make_article, store
from tests.recombined import write_recombined


def _backend(pg_url: str) -> Backend:
    return Backend(lambda: psycopg.connect(pg_url, autocommit=True))


def _both(tmp_path, pg_url, articles) -> tuple[SearchIndex, SearchIndex]:
    """One library, indexed by Whoosh and by PostgreSQL."""
    library = Library(tmp_path / "library")
    store(library, articles)
    whoosh = SearchIndex(tmp_path / "whoosh", library)
    team = SearchIndex(tmp_path / "team", library, backend=_backend(pg_url))
    whoosh.rebuild()
    team.rebuild()
    return whoosh, team


def _same(whoosh: SearchIndex, team: SearchIndex, query: str, **options) -> set[str]:
    expected = whoosh.search(query, limit=500, **options)
    got = team.search(query, limit=500, **options)
    assert got.total == expected.total, query
    assert sorted(got.ids()) == sorted(expected.ids()), query
    assert sorted((h.id, h.paragraph, h.snippet) for h in got.hits) == sorted(
        (h.id, h.paragraph, h.snippet) for h in expected.hits
    ), query
    return set(got.ids())


# -- PostgreSQL's limits ------------------------------------------------------------------------
def _long_text() -> list[str]:
    """~40,000 words: 'the' far more often than the 256 positions a lexeme keeps, phrases
    beyond position 16,383 and on the seams of the stored parts."""
    paragraphs = []
    for i in range(400):
        words = ["the", "grain", "of", "the", "port", f"w{i}"] * 16
        if i in (150, 399):
            words[40:44] = ["caspian", "pipeline", "consortium", "said"]
        paragraphs.append(" ".join(words))
    return paragraphs


def test_long_texts_match_as_in_whoosh(tmp_path, pg_url):
    long = make_article("Caspian report", _long_text())
    short = make_article("Gas talks", ["The gas pipeline talks resumed in the port."])
    whoosh, team = _both(tmp_path, pg_url, [long, short])
    parts = search_text.parts("body", long.text)
    assert len(parts) > 3  # split, within PostgreSQL's limits
    assert _same(whoosh, team, '"caspian pipeline consortium said"') == {long.id}
    assert _same(whoosh, team, '"w399 the grain"') == {long.id}  # the very end of the text
    assert _same(whoosh, team, '"the port w250"') == {long.id}
    assert _same(whoosh, team, '"consortium caspian"~3') == set()
    assert _same(whoosh, team, '"caspian said"~3') == {long.id}
    for query in ("the", "w399", "w3*", "port -w12", '"the port"', '"said report"'):
        _same(whoosh, team, query)
    # The title is a part of its own: no phrase joins the text's end to the title.
    assert _same(whoosh, team, '"w399 caspian"') == set()
    assert _same(whoosh, team, '"caspian report"') == {long.id}


def test_rows_written_before_their_base_was_stored_give_the_same_hits(tmp_path, pg_url):
    """Rows from before schema v0006 have no base: their hits' best paragraph and snippet come
    from the stored paragraphs, the same as from the stored positions."""
    long = make_article("Caspian report", _long_text())
    short = make_article("Gas talks", ["Grain at the port.", "The gas pipeline talks resumed."])
    whoosh, team = _both(tmp_path, pg_url, [long, short])
    queries = ("the", "w39*", '"caspian pipeline consortium said"', "gas talks", "port")
    before = {q: team.search(q, limit=50).hits for q in queries}
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE search_text SET base = NULL WHERE aid = %s", (long.id,))
    for query in queries:
        assert team.search(query, limit=50).hits == before[query], query
        _same(whoosh, team, query)


def test_a_phrase_on_every_seam_of_the_parts_is_found(tmp_path, pg_url):
    words = [f"x{i}" for i in range(40_000)]
    article = make_article("Numbers", [" ".join(words)])
    whoosh, team = _both(tmp_path, pg_url, [article])
    for start in (16_380, 16_381, 16_382, 16_383, 32_760, 39_997):
        phrase = " ".join(words[start : start + 3])
        assert _same(whoosh, team, f'"{phrase}"') == {article.id}, phrase


def test_the_words_vector_holds_every_word_of_the_body_once():
    article = make_article("Pipeline politics", ["The gas pipeline, the gas port, the gas."])
    body = documents.article_document(article)["body"]  # the text, then the title
    words = search_text.words_vector("body", body)
    assert words.complete
    found = {entry.split(":")[0].strip("'"): entry.split(":")[1] for entry in words.literal.split()}
    every = {word for part in search_text.parts("body", body) for word in part.words}
    assert set(found) == every  # the title's words too
    assert found["pipelin"] == "3A" and found["polit"].endswith("A")  # in the title
    assert found["ga"] == "2C" and found["the"] == "1C" and found["port"] == "6D"  # 3, 3, 1


def test_a_body_beyond_its_words_vector_is_matched_on_its_parts(tmp_path, pg_url, monkeypatch):
    """A body with more distinct words than one vector holds keeps a partial vector, and
    while such an article exists every word search reads the parts: the same articles."""
    monkeypatch.setattr(search_text, "WORDS_BYTES", 200)
    words = [f"x{i}" for i in range(200)]
    big = make_article("Numbers", [" ".join(words)])
    small = make_article("Few numbers", ["x1 x2 and x199"])
    whoosh, team = _both(tmp_path, pg_url, [big, small])
    with psycopg.connect(pg_url, autocommit=True) as conn:
        complete = dict(conn.execute("SELECT aid, words_complete FROM search_articles"))
        backend = _backend(pg_url)
        with backend.conn().transaction():
            assert not backend._reading(backend.conn(), claims=False).vectors
    assert complete == {big.id: False, small.id: True}
    assert _same(whoosh, team, "x150") == {big.id}  # beyond the partial vector
    assert _same(whoosh, team, "x199") == {big.id, small.id}
    assert _same(whoosh, team, "x19*") == {big.id, small.id}
    assert _same(whoosh, team, "numbers -x150") == {small.id}
    assert sorted(team.backend.matching_ids(qlang.parse("x150"))) == [big.id]


def test_word_searches_match_on_the_words_vectors_when_all_are_complete(tmp_path, pg_url):
    articles = [
        make_article("Pipeline politics", ["Talks went on for a week."]),
        make_article("Talks", ["The pipeline was mentioned once, the port twice: port."]),
        make_article("Letters", ["U talks, S. listens; the U.S. port."]),
        make_article("Letters again", ["S talks, U listens."]),
    ]
    whoosh, team = _both(tmp_path, pg_url, articles)
    backend = _backend(pg_url)
    with backend.conn().transaction():
        translator = backend._reading(backend.conn(), claims=False)
        translator.condition(qlang.parse('pipe* OR port~1 -"gas port" title:talks'))
    assert translator.used_words  # the words; the phrase and the title field on their parts
    for query in ("pipeline", "pipe*", "port~1", "talks -port", '"the port"', "NOT week"):
        _same(whoosh, team, query)
    # A word the analyzer splits is its words in order, as a phrase is.
    assert _same(whoosh, team, "U.S.") == {articles[2].id}
    assert _same(whoosh, team, "talks -U.S.") == {articles[i].id for i in (0, 1, 3)}


def _claim(content: str, speaker: str = "", paragraph: int = 1) -> dict:
    return {"kind": "assertion", "content": content, "speaker": speaker,
            "speaker_name": speaker, "cue": "said", "paragraph": paragraph}  # fmt: skip


def _claims_library(tmp_path, pg_url):
    articles = [
        make_article("Gas talks", ["The minister said gas talks resumed."], claims=[
            _claim("gas talks resumed", "the Energy Minister"),
            _claim("gas, gas and more gas is coming", "Anna York"),
        ]),
        make_article("Grain", ["Grain exports rose."], claims=[
            _claim("grain exports rose at the port", "Bolat Akchulakov"),
            _claim("the gas port is closed", "the port authority"),
        ]),
    ]  # fmt: skip
    return articles, _both(tmp_path, pg_url, articles)


CLAIM_QUERIES = (
    "gas", "ga*", "port", "minister", "speaker:york", "speaker:minister gas", "claim:port",
    '"gas talks"', "gas -port", "grain~1", "speaker:akch*", "NOT gas", "title:grain port",
)  # fmt: skip


def test_claim_searches_match_on_the_claims_words_vectors(tmp_path, pg_url):
    _, (whoosh, team) = _claims_library(tmp_path, pg_url)
    backend = _backend(pg_url)
    with backend.conn().transaction():
        translator = backend._reading(backend.conn(), claims=True)
        translator.condition(qlang.parse("gas speaker:york"))
    assert translator.used_words
    for query in CLAIM_QUERIES:
        _same(whoosh, team, query, claims=True)
    ranked = team.search("gas", claims=True)
    assert [h.snippet for h in ranked.hits][0].count("gas") == 3  # used most often: first


def _claim_rows(pg_url: str) -> list[tuple]:
    """(article, claim, row version) of every claim row and claim text row."""
    with psycopg.connect(pg_url) as conn:
        return conn.execute(
            "SELECT aid, claim, xmin::text FROM search_claims UNION ALL"
            " SELECT aid, claim, xmin::text FROM search_text WHERE claim >= 0 ORDER BY 1, 2, 3"
        ).fetchall()


def test_indexing_again_keeps_unchanged_claim_rows_and_replaces_changed_ones(tmp_path, pg_url):
    articles, (whoosh, team) = _claims_library(tmp_path, pg_url)
    rows = _claim_rows(pg_url)
    assert rows
    with team.library.lock:
        team.library.save(articles[0])  # the same article indexed again (as after a tag)
    team.add_articles([articles[0]])
    assert _claim_rows(pg_url) == rows  # the very rows: not written again
    changed = team.library.get(articles[0].id)
    changed.paragraphs = ["The minister said oil talks resumed."]
    changed.claims = [_claim("oil talks resumed", "the Oil Minister")]
    with team.library.lock:
        team.library.save(changed)
    for index in (whoosh, team):
        index.add_articles([changed])
    assert len(_claim_rows(pg_url)) < len(rows)
    for query in (*CLAIM_QUERIES, "oil", "speaker:oil", '"oil talks"'):
        _same(whoosh, team, query, claims=True)
        _same(whoosh, team, query)
    assert team.search("gas talks", claims=True).total == 0


def test_a_claim_beyond_its_words_vector_is_matched_on_its_parts(tmp_path, pg_url, monkeypatch):
    monkeypatch.setattr(search_text, "WORDS_BYTES", 40)
    articles, (whoosh, team) = _claims_library(tmp_path, pg_url)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        incomplete = conn.execute(
            "SELECT count(*) FROM search_claims WHERE NOT words_complete"
        ).fetchone()[0]
    assert incomplete > 0
    backend = _backend(pg_url)
    with backend.conn().transaction():
        assert not backend._reading(backend.conn(), claims=True).vectors
    for query in CLAIM_QUERIES:
        _same(whoosh, team, query, claims=True)


def test_a_word_used_more_often_ranks_higher(tmp_path, pg_url):
    once = make_article("Alpha", ["The pipeline was mentioned once in passing."])
    often = make_article("Beta", ["Pipeline here, pipeline there, pipeline talks, pipeline."])
    titled = make_article("Pipeline politics", ["Talks went on for a week."])
    _, team = _both(tmp_path, pg_url, [once, often, titled])
    assert team.search("pipeline").ids() == [titled.id, often.id, once.id]


def _ranking_library(tmp_path, pg_url):
    articles = [
        make_article("Pipeline politics", ["Talks went on for a week, U.S. talks."]),
        make_article("Beta", ["Pipeline here, pipeline there, pipeline talks, pipeline."]),
        make_article("Gamma", ["The pipeline talks, the pipeline week; talks resumed."]),
        make_article("Delta", ["The pipeline was mentioned once, the week twice: week."]),
        make_article("Epsilon", ["Pipes, pipelines and a pipette: the water of the week."]),
    ]
    return articles, _both(tmp_path, pg_url, articles)[1]


def _whole_vector_ranks(pg_url, query: str) -> dict[str, float]:
    """ts_rank on each article's whole words vector, for the query's ranked words."""
    backend = _backend(pg_url)
    with backend.conn().transaction():
        translator = backend._reading(backend.conn(), claims=False)
        translator.condition(qlang.parse(query))
    rows = backend.conn().execute(
        "SELECT aid, ts_rank(words, %s::tsquery) FROM search_articles",
        (translator.positives.rank_query(),),
    )
    return dict(rows.fetchall())


# Every match holds every ranked word: ranked on `rank_words`; a match may lack one (an OR,
# a fuzzy word's alternatives) or a phrase's positions weigh: ranked on the whole vector.
RANKED_QUERIES = (
    "pipeline", "talks", "pipeline talks", "pipeline week -politics", "title:pipeline talks",
    "U.S.", "U.S. week", '"pipeline talks"', "pipeline OR week", "port~1 OR week", "talk~1",
)  # fmt: skip


@pytest.mark.parametrize("query", RANKED_QUERIES)
def test_article_scores_are_ts_rank_on_the_whole_words_vector(tmp_path, pg_url, query):
    _, team = _ranking_library(tmp_path, pg_url)
    expected = _whole_vector_ranks(pg_url, query)
    found = team.search(query, limit=50)
    assert found.total > 0
    # (a hit's score is rounded to 4 decimals)
    assert {h.id: h.score for h in found.hits} == {
        h.id: pytest.approx(expected[h.id], abs=6e-5) for h in found.hits
    }


def test_a_prefix_counts_its_words_used_once_as_one(tmp_path, pg_url):
    """The one difference from ts_rank on the whole vector: "pipe*" in Epsilon matches
    "pipes", "pipelines" and "pipette", each used once, which add D's weight once together."""
    articles, team = _ranking_library(tmp_path, pg_url)
    whole = _whole_vector_ranks(pg_url, "pipe*")
    scores = {h.id: h.score for h in team.search("pipe*", limit=50).hits}
    delta, epsilon = articles[3].id, articles[4].id
    assert whole[epsilon] > whole[delta]
    assert scores[epsilon] == scores[delta] == pytest.approx(whole[delta], abs=6e-5)
    for article in articles[:3]:
        assert scores[article.id] == pytest.approx(whole[article.id], abs=6e-5)


def test_rows_written_before_the_rank_vectors_are_ranked_after_the_upgrade(tmp_path, pg_url):
    """Schema step v0009 generates each article's `rank_words` from the rows already there."""
    articles = [
        make_article("Alpha", ["The pipeline was mentioned once in passing."]),
        make_article("Beta", ["Pipeline here, pipeline there, pipeline talks, pipeline."]),
        make_article("Pipeline politics", ["Talks went on for a week."]),
    ]
    with psycopg.connect(pg_url, autocommit=True) as conn:
        schema.migrate(conn, schema.STEPS[:8])
    library = Library(tmp_path / "library")
    store(library, articles)
    team = SearchIndex(tmp_path / "team", library, backend=_backend(pg_url))
    team.rebuild()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert schema.migrate(conn, schema.STEPS[:9]) == 9
    assert team.search("pipeline").ids() == [articles[2].id, articles[1].id, articles[0].id]
    expected = _whole_vector_ranks(pg_url, "pipeline")
    for hit in team.search("pipeline").hits:
        assert hit.score == pytest.approx(expected[hit.id], abs=6e-5)


def _heap_pages(pg_url: str) -> int:
    """The pages of `search_articles` that hold its rows (out-of-line values not counted)."""
    with psycopg.connect(pg_url) as conn:
        return conn.execute(
            "SELECT count(DISTINCT (ctid::text::point)[0]) FROM search_articles"
        ).fetchone()[0]


def _out_of_line_values(pg_url: str) -> int:
    """How many values of `search_articles` are stored out of line (in its TOAST table)."""
    with psycopg.connect(pg_url) as conn:
        (toast,) = conn.execute(
            "SELECT reltoastrelid::regclass::text FROM pg_class"
            " WHERE oid = 'search_articles'::regclass"
        ).fetchone()
        return conn.execute(f"SELECT count(DISTINCT chunk_id) FROM {toast}").fetchone()[0]


def test_the_upgrade_takes_the_text_off_the_rows_and_finds_and_ranks_as_before(tmp_path, pg_url):
    """Schema step v0010 rewrites the rows stored under v0009's raised target: the text and
    claims go out of line, the rank vectors and the short columns every match reads stay,
    and every search is answered as before."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        schema.migrate(conn, schema.STEPS[:9])
    library = Library(tmp_path / "library")
    paths = write_recombined(tmp_path / "in", 60)  # ~700 words each: rows of some 3 KB
    store(library, [build_article(path.read_bytes(), path.name) for path in paths])
    team = SearchIndex(tmp_path / "team", library, backend=_backend(pg_url))
    team.rebuild()
    queries = ("said", "pipeline talks", "govern*", '"the minister"', "talks OR week")
    before = {
        q: [(h.id, h.score, h.snippet) for h in team.search(q, limit=50).hits] for q in queries
    }
    pages = _heap_pages(pg_url)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert schema.migrate(conn) == 10
    assert _heap_pages(pg_url) < 0.8 * pages
    assert _out_of_line_values(pg_url) <= 3 * 60  # words, paragraphs and claims at most
    for query in queries:
        assert [(h.id, h.score, h.snippet) for h in team.search(query, limit=50).hits] == before[
            query
        ], query
    assert all(before.values())


@pytest.mark.parametrize(("server", "searching"), [("4MB", "16MB"), ("64MB", "64MB")])
def test_a_search_has_memory_for_an_exact_bitmap_and_never_less_than_the_server_gives(
    pg_url, server, searching
):
    backend = _backend(pg_url)
    backend.add([prepare(make_article("Gas", ["Gas talks."]))])
    conn = backend.conn()
    conn.execute(f"SET work_mem = '{server}'")  # as the server or the analyst's role sets it
    with conn.transaction():
        backend._reading(conn, claims=False)
        assert conn.execute("SHOW work_mem").fetchone()[0] == searching
    assert conn.execute("SHOW work_mem").fetchone()[0] == server  # the search's only
    assert backend.matching_ids(qlang.parse("gas")) == [make_article("Gas", ["Gas talks."]).id]


def test_a_wide_proximity_search_is_checked_on_positions(tmp_path, pg_url):
    near = make_article("One", ["gas a b c pipeline d e f g talks h resumed in astana"])
    far = make_article("Two", ["gas " + "filler " * 80 + "pipeline talks resumed in astana"])
    whoosh, team = _both(tmp_path, pg_url, [near, far])
    query = '"gas pipeline talks resumed in astana"~20'  # 20^5 exact distances: checked here
    assert _same(whoosh, team, query) == {near.id}
    assert _same(whoosh, team, '"gas pipeline talks resumed in astana"~90') == {near.id, far.id}
    assert _same(whoosh, team, 'talks -"gas pipeline talks resumed in astana"~20') == {far.id}


def test_a_very_long_word_is_indexed_and_found(tmp_path, pg_url):
    word = "a" + "bc" * 1500  # 3,001 letters: beyond PostgreSQL's 2 KB lexeme
    article = make_article("Long word", [f"before {word} after"])
    whoosh, team = _both(tmp_path, pg_url, [article])
    assert _same(whoosh, team, word) == {article.id}
    assert _same(whoosh, team, f'"before {word} after"') == {article.id}
    assert _same(whoosh, team, "abcbc*") == {article.id}


# -- hostile input ------------------------------------------------------------------------------
HOSTILE_QUERIES = [
    "'; DROP TABLE search_articles; --",
    "gas:* & pipeline",
    "gas & | ! <-> <2>",
    "!gas",
    "'gas'",
    "o'brien",
    "back\\slash \\\\ \\'",
    '"a\\" OR 1=1 --"',
    "%s %(x)s $1 {0}",
    "title:'; SELECT pg_sleep(10); --",
    "(gas) OR (pipeline)) --",
    "gas~ pipelin* \"gas pipeline\"~2 -'x'",
    "'':* ''",
    "publisher:x' OR 'a'='a",
    "url:https://example.org/?q=1&b=2",
    "language:en' --",
    "kind:statement'); DELETE FROM search_text; --",
    "published:[2019 to 2020]; DROP",
    "\x00gas",
    "language:\x00en",
    "kind:\x00",
    "tag:\\\\",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_are_errors_or_literal_searches(tmp_path, pg_url, query):
    articles = [
        make_article("O'Brien on gas", ["The gas pipeline talks, said O'Brien."]),
        make_article("Back\\slash", ["A path C:\\temp\\gas and 1=1 -- comment"]),
    ]
    whoosh, team = _both(tmp_path, pg_url, articles)
    try:
        expected = whoosh.search(query, limit=50)
    except QueryError as error:
        with pytest.raises(QueryError) as caught:
            team.search(query, limit=50)
        assert str(caught.value) == str(error)
    else:
        got = team.search(query, limit=50)
        assert sorted(got.ids()) == sorted(expected.ids()) and got.total == expected.total
    with psycopg.connect(pg_url) as conn:  # nothing was executed: every row is still there
        assert conn.execute("SELECT count(*) FROM search_articles").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM search_text").fetchone()[0] > 0


def test_hostile_text_is_stored_and_found_as_text(tmp_path, pg_url):
    title = "'; DROP TABLE search_text; -- \\' :* & | ! <->"
    article = make_article(
        title, ["Robert'); DELETE FROM search_articles; -- said \\x00 \\\\ 'quoted'"],
        publisher="X' OR '1'='1", tags=["a'b", "back\\slash"], authors=["O'Hara \\ Esq"],
    )  # fmt: skip
    whoosh, team = _both(tmp_path, pg_url, [article, make_article("Other", ["Nothing."])])
    for query in ("drop", "robert", "publisher:1", "tag:ab", 'author:"o\'hara"', "delete"):
        assert _same(whoosh, team, query) == {article.id}, query
    hit = team.search("robert").hits[0]
    assert hit.title == title
    nul = make_article("Nul\x00title", ["Gas."], publisher="Pub\x00lisher", tags=["t\x00g"])
    store(team.library, [nul])
    team.add_articles([nul])  # PostgreSQL refuses NUL in text: stored as U+FFFD
    assert team.search("gas", filters={"publisher": ["Pub\x00lisher"]}).ids() == [nul.id]
    assert team.search("gas").facets["publisher"] == [("Pub\ufffdlisher", 1)]
    assert '<b class="match">Robert</b>\'); DELETE' in hit.snippet


# -- result shapes --------------------------------------------------------------------------
def test_results_have_the_shapes_of_the_whoosh_backend(tmp_path, pg_url):
    claim = {"kind": "statement", "speaker": "the minister", "speaker_name": "Li Wei",
             "cue": "said", "content": "Gas prices will fall", "paragraph": 2}  # fmt: skip
    articles = [
        make_article("Gas talks", ["Intro.", "The minister said gas prices will fall."],
                     publisher="Energy Monitor", authors=["Li Wei", "Anna York"],
                     published="2020-05-03", series="Notes", claims=[claim]),
        make_article("Gas again", ["More gas."], publisher="Energy Monitor", published="2019"),
    ]  # fmt: skip
    whoosh, team = _both(tmp_path, pg_url, articles)
    for options in ({}, {"claims": True}, {"sort": "date"}):
        expected = whoosh.search("gas", **options).to_json()
        got = team.search("gas", **options).to_json()
        assert got.keys() == expected.keys()
        assert got["facets"] == expected["facets"]
        assert list(got["facets"]) == list(FACETS)
        assert [h.keys() for h in got["hits"]] == [h.keys() for h in expected["hits"]]
        for mine, theirs in zip(
            sorted(got["hits"], key=lambda h: h["id"]),
            sorted(expected["hits"], key=lambda h: h["id"]),
            strict=True,
        ):
            assert {k: v for k, v in mine.items() if k != "score"} == {
                k: v for k, v in theirs.items() if k != "score"
            }
    hit = team.search("gas", claims=True).hits[0]
    assert hit.claim["speaker_name"] == "Li Wei" and hit.paragraph == 2
    assert hit.snippet == '<b class="match">Gas</b> prices will fall'
    by_date = team.search("gas", sort="date")
    assert by_date.ids() == [articles[0].id, articles[1].id]
    filtered = team.search("gas", filters={"year": ["2019"]})
    assert filtered.ids() == [articles[1].id] and filtered.facets["year"] == [("2019", 1)]
    with pytest.raises(QueryError, match="Unknown facet"):
        team.search("gas", filters={"colour": ["red"]})


def test_title_words_rank_first(tmp_path, pg_url):
    in_title = make_article("Pipeline politics", ["Talks went on for a week."])
    in_text = make_article("Talks", ["The pipeline was mentioned once in passing."])
    _, team = _both(tmp_path, pg_url, [in_text, in_title])
    assert team.search("pipeline").ids() == [in_title.id, in_text.id]


# -- the index's life ---------------------------------------------------------------------------
def _search_rows(pg_url: str) -> dict[str, list]:
    with psycopg.connect(pg_url) as conn:
        return {
            "articles": conn.execute(
                "SELECT aid, key, words::text, rank_words::text, f_author FROM search_articles"
                " ORDER BY aid"
            ).fetchall(),
            "claims": conn.execute(
                "SELECT aid, claim, claim_words::text, speaker_words::text FROM search_claims"
                " ORDER BY aid, claim"
            ).fetchall(),
            "text": conn.execute(
                "SELECT aid, claim, field, part, tsv::text, base FROM search_text"
                " ORDER BY aid, claim, field, part"
            ).fetchall(),
        }


def test_an_import_makes_its_rows_in_the_workers_as_a_rebuild_makes_them(tmp_path, pg_url):
    """The import's worker processes analyse its batches (`batch_rows`); the rows written
    are the ones a rebuild makes in this process."""
    write_recombined(tmp_path / "in", 12)
    desk = Workspace(pg_url)
    desk.import_paths([str(tmp_path / "in")])
    imported = _search_rows(pg_url)
    assert len(imported["articles"]) == 12 and imported["claims"]
    assert desk.index.needs_rebuild() is None
    desk.index.rebuild()
    assert _search_rows(pg_url) == imported


def _stored(desk: Workspace, folder, count: int) -> list:
    """Articles built and stored as an import stores them, not yet indexed."""
    articles = []
    for number, path in enumerate(write_recombined(folder, count)):
        data = path.read_bytes()
        article = build_article(data, path.name)
        article.key = f"held{number}"
        desk.library.add(article, data)
        articles.append(article)
    return articles


class _Pool:
    """An executor whose workers fail: at submit (a closed pool), or in the task."""

    def __init__(self, fail_at: str):
        self.fail_at = fail_at

    def submit(self, fn, *args):
        if self.fail_at == "submit":
            raise RuntimeError("cannot schedule new futures after shutdown")
        future = Future()
        future.set_exception(BrokenProcessPool("a worker died"))
        return future


@pytest.mark.parametrize("fail_at", ["submit", "task"])
def test_rows_a_worker_fails_to_make_are_made_here(tmp_path, pg_url, fail_at):
    desk = Workspace(pg_url)
    articles = _stored(desk, tmp_path / "in", 3)
    desk.index.add_articles(articles[:2], _Pool(fail_at))
    desk.index.add_articles(articles[2:], _Pool(fail_at))
    desk.index.flush()
    assert sorted(desk.matching_ids("")) == sorted(a.id for a in articles)
    assert desk.index.backend.state().count == 3
    desk.close()


class _HeldPool:
    """An executor whose tasks finish when the test says so."""

    def __init__(self):
        self.tasks = []

    def submit(self, fn, *args):
        future = Future()
        self.tasks.append((future, fn, args))
        return future

    def finish(self):
        for future, fn, args in self.tasks:
            future.set_result(fn(*args))


def test_changes_written_while_a_batch_is_in_a_worker_are_not_undone_by_it(tmp_path, pg_url):
    """An import's batch is analysed in a worker while this desk and another tag, correct,
    delete and trash its articles: its older rows of them are not written after. One
    article nobody touched is written."""
    first, second, pool = Workspace(pg_url), Workspace(pg_url), _HeldPool()
    with first.index.changing():
        mine, theirs, corrected, deleted, trashed, untouched = _stored(first, tmp_path / "in", 6)
        first.index.add_articles([mine, theirs, corrected, deleted, trashed, untouched], pool)
        first.userdata.tag([mine.id], add=["energy"])
        second.userdata.tag([theirs.id], add=["energy"])
        second.userdata.edit(corrected.id, {"publisher": "Desk Wire"})
        second.delete(deleted.id)
        second.userdata.trash([trashed.id])
        pool.finish()
        first.index.flush()
    # asked of the index as it is (a search would first rebuild one found out of step)
    assert first.index.needs_rebuild() is None and second.index.needs_rebuild() is None
    assert sorted(first.index.matching_ids("tag:energy")) == sorted([mine.id, theirs.id])
    assert first.index.matching_ids('publisher:"Desk Wire"') == [corrected.id]
    live = [mine.id, theirs.id, corrected.id, untouched.id]
    assert sorted(first.index.matching_ids("")) == sorted(live)
    state = first.index.backend.state()
    assert (state.count, state.digest) == (4, ids_digest(live))
    first.close()
    second.close()


def test_state_follows_adds_removes_and_rebuilds(tmp_path, pg_url):
    articles = [make_article(f"Report {i}", [f"Gas report number {i}."]) for i in range(4)]
    backend = _backend(pg_url)
    assert backend.needs_rebuild() == "missing"
    backend.add([prepare(a) for a in articles[:3]])  # the first batch creates the index
    assert backend.needs_rebuild() is None
    state = backend.state()
    assert (state.count, state.digest) == (3, ids_digest(a.id for a in articles[:3]))
    backend.add([prepare(articles[0]), prepare(articles[3])])  # a replaced one, a new one
    backend.remove([articles[1].id, "not-indexed"])
    after = backend.state()
    assert after.count == 3 and after.generation != state.generation
    assert after.digest == ids_digest([articles[0].id, articles[2].id, articles[3].id])
    tree = qlang.parse("gas")
    assert sorted(backend.matching_ids(tree)) == sorted(
        a.id for a in (articles[0], articles[2], articles[3])
    )
    indexed = backend.rebuild(
        [lambda: [prepare(articles[1]), None]], digest=ids_digest([articles[1].id]), sample=[]
    )
    assert indexed == 1 and backend.state().skipped == 1
    assert backend.matching_ids(tree) == [articles[1].id]
    backend.close()


def test_a_cancelled_rebuild_keeps_the_old_rows(pg_url):
    backend = _backend(pg_url)
    kept = make_article("Kept", ["Grain prices."])
    backend.rebuild([lambda: [prepare(kept)]], digest=ids_digest([kept.id]), sample=[])
    others = [prepare(make_article(f"New {i}", ["Gas."])) for i in range(500)]
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1

    assert (
        backend.rebuild([lambda: others], digest="0" * 16, sample=[], cancelled=cancelled) is None
    )
    assert backend.matching_ids(qlang.parse("")) == [kept.id]
    assert backend.state().digest == ids_digest([kept.id])


def test_an_older_analysis_asks_for_a_rebuild(pg_url):
    backend = _backend(pg_url)
    backend.add([prepare(make_article("One", ["Gas."]))])
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE search_state SET analysis = %s", (ANALYSIS_VERSION - 1,))
    assert backend.needs_rebuild() == "old schema"


def test_writers_on_two_workstations_keep_the_digest(pg_url):
    with psycopg.connect(pg_url, autocommit=True) as conn:
        schema.migrate(conn)
    batches = [
        [make_article(f"Batch {b} item {i}", [f"Gas {b} {i}."]) for i in range(30)]
        for b in range(4)
    ]
    errors = []

    def write(batch):
        backend = open_backend(pg_url, lock_timeout=30)
        try:
            for article in batch:
                backend.add([prepare(article)])
        except Exception as exc:  # reported below: any error fails the test
            errors.append(exc)
        finally:
            backend.close()

    threads = [threading.Thread(target=write, args=(b,)) for b in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    state = _backend(pg_url).state()
    everything = [a.id for batch in batches for a in batch]
    assert (state.count, state.digest) == (120, ids_digest(everything))


def test_a_writer_waiting_too_long_is_told_the_index_is_busy(pg_url):
    backend = _backend(pg_url)
    backend.add([prepare(make_article("One", ["Gas."]))])
    waiting = Backend(lambda: psycopg.connect(pg_url, autocommit=True), lock_timeout=0.2)
    with psycopg.connect(pg_url) as other:  # another workstation's write in progress
        other.execute("SELECT 1 FROM search_state FOR UPDATE")
        with pytest.raises(LibraryBusy, match="busy"):
            waiting.add([prepare(make_article("Two", ["Grain."]))])
    waiting.add([prepare(make_article("Two", ["Grain."]))])  # free again
    assert waiting.state().count == 2


def test_search_reads_one_snapshot_on_a_read_only_connection(pg_url):
    backend = _backend(pg_url)
    backend.add([prepare(make_article("One", ["Gas."]))])
    # A replica refuses writes: searching needs none.
    reader = Backend(
        lambda: psycopg.connect(
            pg_url, autocommit=True, options="-c default_transaction_read_only=on"
        )
    )
    request = SearchRequest("gas", qlang.parse("gas"))
    assert reader.search(request).total == 1
    assert reader.needs_rebuild() is None


def test_fuzzy_matching_is_whooshs_edit_distance():
    assert levenshtein("pipeline", "pipelne", 2) == 1
    assert levenshtein("gas", "gaz", 1) == 1
    assert levenshtein("kazakh", "kazakhstan", 2) == 3
    assert fuzzy_match("gas", "gaz", 1) and not fuzzy_match("gas", "bas", 1)
    assert fuzzy_match("talk", "talks", 1) and not fuzzy_match("talk", "tlak", 1)


_WORDS = st.sampled_from(
    ["Gas", "gases", "gas's", "Pipeline", "pipelines", "talk", "talked", "Ünïcode", "x" * 1200]
)


@given(
    words=st.lists(_WORDS, max_size=30),
    terms=st.sets(_WORDS, max_size=3),
    prefixes=st.sets(st.sampled_from(["", "pip", "tal", "unic", "x" * 200]), max_size=2),
)
def test_the_matched_words_of_a_hit_are_the_words_matches_accepts(words, terms, prefixes):
    """`matched` (a page of hits judged at once) agrees with `matches` (one word at a time)."""
    forms = {
        search_text.index_form(w) for t in terms for w in search_text.query_words("body", t, 0)
    }
    at_once = Positives(terms=set(forms), prefixes=set(prefixes))
    one_by_one = Positives(terms=set(forms), prefixes=set(prefixes))
    expected = {w: search_text.index_form(normalize(w)) for w in words if one_by_one.matches(w)}
    assert at_once.matched(words) == expected
    assert at_once.matched(reversed(words)) == expected  # judged once, asked again


def test_searches_from_several_threads_at_once(pg_url):
    """The window runs a search and its matching ids on two pool threads at once: each gets
    its own connection, so neither meets the other's transaction."""
    backend = _backend(pg_url)
    articles = [make_article(f"Gas {i}", [f"Gas pipeline talks, round {i}."]) for i in range(20)]
    backend.add([prepare(a) for a in articles])
    tree = qlang.parse("gas")
    errors, start = [], threading.Barrier(4)

    def search_repeatedly():
        try:
            start.wait()
            for _ in range(15):
                assert len(backend.matching_ids(tree)) == 20
                assert backend.search(SearchRequest("gas", tree, limit=5)).total == 20
        except Exception as exc:  # reported below: the test fails on any of them
            errors.append(exc)

    threads = [threading.Thread(target=search_repeatedly) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    backend.close()
    assert errors == []
