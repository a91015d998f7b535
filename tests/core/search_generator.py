"""Generated libraries and queries for the search tests that compare engines.

A history is batches of new articles (every metadata field, claims, the analyst's tags,
collections and notes), then deletions, changed re-imports and new versions; a search is a
query of any class of the query language with a sort, facet filters, the claims switch and
all_versions. `build_library` applies a history to a library and its index, as imports and
deletes do, whatever backend holds the index.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import strategies as st

from briefing_app.core.annotations import ArticleNotes, Shelf, UserRecord
from briefing_app.core.errors import QueryError
from briefing_app.core.library import Library
from briefing_app.core.search import query as qlang
from briefing_app.core.search.backend import SearchBackend
from briefing_app.core.search.index import SearchIndex
from tests.core.search_helpers import make_article, store

VOCABULARY = [
    "the", "of", "new", "york", "times", "gas", "gases", "pipeline", "pipelines", "talks",
    "talk", "minister", "ministry", "said", "says", "energy", "border", "grain", "port",
    "kazakhstan", "kazakh", "café", "naïve", "U.S.", "2020", "in", "a",
]  # fmt: skip
PUBLISHERS = ["The New York Times", "New York Review", "Energy Monitor", "Times of Central Asia"]
NAMES = ["Bolat Akchulakov", "Anna York", "Li Wei", "José Gas"]
DATES = ["", "2019", "2019-05", "2019-05-03", "2020-12-31", "2021-01-01", "spring 2020"]
FIELDS = ["", "title:", "body:", "author:", "publisher:", "series:", "url:", "tag:"]
FIELDS += ["speaker:", "cue:", "claim:", "note:"]
USER_TAGS = ["energy", "Central Asia", "watch"]


def _words(low: int, high: int):
    return st.lists(st.sampled_from(VOCABULARY), min_size=low, max_size=high).map(" ".join)


_claims = st.lists(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["assessment", "statement", "denial"]),
            "speaker": st.sampled_from(["", "the minister", "Energy Minister Bolat Akchulakov"]),
            "speaker_name": st.sampled_from(["", *NAMES]),
            "cue": st.sampled_from(["", "said", "warned", "denied"]),
            "content": _words(2, 10),
            "paragraph": st.integers(1, 3),
        }
    ),
    max_size=3,
)
_articles = st.builds(
    dict,
    title=_words(1, 6),
    paragraphs=st.lists(_words(3, 25), min_size=1, max_size=3),
    publisher=st.sampled_from(["", *PUBLISHERS]),
    authors=st.lists(st.sampled_from(NAMES), max_size=2, unique=True),
    series=st.sampled_from(["", "Eurasia Daily Monitor", "New York Notes"]),
    url=st.sampled_from(["", "https://example.org/gas-talks", "https://nytimes.com/new-york"]),
    tags=st.lists(st.sampled_from(["energy", "border", "grain"]), max_size=2, unique=True),
    language=st.sampled_from(["", "en", "de"]),
    published=st.sampled_from(DATES),
    claims=_claims,
    user=st.fixed_dictionaries(  # the analyst's tags, collections (by name) and note
        {
            "tags": st.lists(st.sampled_from(USER_TAGS), max_size=2, unique=True),
            "collections": st.lists(st.sampled_from(["Alpha", "Beta"]), max_size=2, unique=True),
            "note": st.one_of(st.just(""), _words(1, 6)),
        }
    ),
)
# A history: batches of new articles, then deletions, changed re-imports and new versions.
histories = st.fixed_dictionaries(
    {
        "batches": st.lists(st.lists(_articles, min_size=3, max_size=6), min_size=1, max_size=4),
        "deleted": st.lists(st.integers(0, 30), max_size=3),
        "changed": st.lists(st.tuples(st.integers(0, 30), _words(3, 12)), max_size=2),
        "versions": st.lists(st.tuples(st.integers(0, 30), _words(3, 12)), max_size=2),
    }
)


def _term():
    word = st.sampled_from(VOCABULARY)
    return st.one_of(
        word,
        word.filter(lambda w: len(w) >= 3).map(lambda w: w[:2] + "*"),
        word.filter(lambda w: len(w) >= 4).map(lambda w: w[:-1] + "~"),
        word.map(lambda w: w + "~2"),
        _words(2, 4).map(lambda p: f'"{p}"'),
        st.tuples(_words(2, 3), st.integers(1, 3)).map(lambda p: f'"{p[0]}"~{p[1]}'),
    )


_plain = st.one_of(  # the commonest searches: words and body phrases (the fast paths)
    st.sampled_from(VOCABULARY),
    _words(2, 4).map(lambda p: f'"{p}"'),
)
_atoms = st.one_of(
    _plain,
    _plain,
    st.tuples(st.sampled_from(FIELDS), _term()).map("".join),
    st.sampled_from(
        [
            "kind:assessment",
            "language:en",
            'publisher:"the new york times"',
            'publisher:"new york"',
            "published:2019",
            "published:[2019-05 to 2020-12-31]",
            "published:[to 2019-12]",
            "published:[2020-12-31 to]",
            "collection:alpha",  # Alpha holds Beta: its articles too
            "collection:Alpha/Beta",
            'tag:"central asia"',
            "tag:watch",
        ]
    ),
)
_queries = st.recursive(
    _atoms,
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda p: f"({p[0]} OR {p[1]})"),
        st.tuples(inner, inner).map(lambda p: f"({p[0]} OR {p[1]})"),
        st.tuples(inner, inner).map(lambda p: f"{p[0]} {p[1]}"),
        st.tuples(inner, inner).map(lambda p: f"{p[0]} {p[1]}"),
        st.tuples(inner, inner).map(lambda p: f"({p[0]} AND {p[1]})"),
        st.tuples(inner, inner).map(lambda p: f"({p[0]} NOT {p[1]})"),
        inner.map(lambda q: f"-{q}" if not q.startswith("-") else q),
    ),
    max_leaves=4,
)
search_specs = st.fixed_dictionaries(
    {
        "query": _queries,
        "claims": st.sampled_from([False, False, True]),
        "sort": st.sampled_from(["relevance", "relevance", "date"]),
        "all_versions": st.booleans(),
        "publishers": st.lists(st.sampled_from(PUBLISHERS), max_size=2, unique=True),
        "tags": st.lists(st.sampled_from(USER_TAGS), max_size=1),
    }
)


def _article(spec: dict, **changes):
    spec = dict(spec, **changes)
    title, paragraphs = spec.pop("title"), spec.pop("paragraphs")
    spec.pop("user", None)
    return make_article(title, paragraphs, **spec)


def _store_user(library: Library, article_id: str, user: dict) -> None:
    """The analyst's data of an article, written as `UserData` writes it."""
    shelf = Shelf(library.root)
    if not shelf.path.exists():
        shelf.create("Alpha")
        shelf.create("Beta", parent="Alpha")
    notes = ArticleNotes(library.articles_dir)
    ids = [shelf.find(name).id for name in user["collections"]]
    notes.write(article_id, UserRecord(list(user["tags"]), ids, []))
    notes.write_note(article_id, user["note"])


def build_library(
    root: Path, history: dict, backend: SearchBackend | None = None
) -> tuple[SearchIndex, dict]:
    """Apply a generated history to a library and its index, as imports and deletes do
    (the index in `backend`, or in a Whoosh index under `root`)."""
    library = Library(root / "library")
    index = SearchIndex(root / "index", library, **({"backend": backend} if backend else {}))
    live: dict = {}  # id -> Article, the library's truth
    for number, batch in enumerate(history["batches"]):
        users = {_article(spec).id: spec["user"] for spec in batch}
        articles = list({a.id: a for a in map(_article, batch) if a.id not in live}.values())
        store(library, articles)
        for article in articles:
            _store_user(library, article.id, users[article.id])
        live.update((a.id, a) for a in articles)
        if number == 0:
            index.rebuild()
        else:
            index.add_articles(articles)  # a new segment
    ids = list(live)
    gone = {ids[i % len(ids)] for i in history["deleted"]}
    for article_id in gone:
        library.delete(article_id)
        del live[article_id]
    index.remove_articles(sorted(gone))
    for i, text in history["changed"] + history["versions"]:
        if not live:
            break
        old = list(live.values())[i % len(live)]
        if (i, text) in history["changed"]:  # the same article re-imported with changed text
            new = dataclasses.replace(old, paragraphs=[*old.paragraphs, text])
        else:  # a new version: a new id that supersedes the old one
            new = make_article(old.title, [text], publisher="Energy Monitor", published="2021")
            new.supersedes = old.id
        store(library, [new])
        live[new.id] = new
        index.add_articles([new])
    assert index.needs_rebuild() is None
    return index, live


def article_date(article) -> str:
    """The article's publication date as the index sorts it ("" when it has none)."""
    try:
        return qlang.date_span(article.metadata.published, 0)[0].isoformat()
    except QueryError:
        return ""
