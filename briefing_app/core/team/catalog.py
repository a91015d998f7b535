"""Listings of a team library: the local catalog's questions answered by the articles table.

The same methods, arguments and results as `core.catalog.Catalog`'s listing side (sorted,
filtered, paged entries; ids in listing order; entries by id; facet counts), so the library
view and the CLI cannot tell the two apart. Sorting follows the local catalog too: text
compared by code point (`COLLATE "C"`, SQLite's binary order), the case-blind columns with
ASCII letters folded (SQLite's NOCASE), ties broken by id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from psycopg.types.json import Jsonb

from briefing_app.core.article import Metadata
from briefing_app.core.catalog import FACETS, SORTABLE, CatalogEntry, Listing, where_clause

Query = Callable[[str, Sequence], list[tuple]]

# What reads see: the articles not in the trash (migration v0004), named `articles` in queries.
ARTICLES = "live_articles AS articles"
# An article is current when no article in view names it as the version it supersedes.
CURRENT = "NOT EXISTS (SELECT 1 FROM live_articles AS newer WHERE newer.supersedes = articles.id)"


def _nocase(column: str) -> str:
    # lower() of a "C"-collated value folds ASCII letters only, as SQLite's NOCASE does.
    return f'lower({column} COLLATE "C")'


# SORTABLE's terms (SQLite) as PostgreSQL terms; checked against SORTABLE's names below.
_TERMS = {
    "title": (_nocase("title"),),
    "author": (_nocase("first_author"), _nocase("title")),
    "publisher": ('publisher COLLATE "C"', 'published COLLATE "C"'),
    "published": ('published COLLATE "C"', _nocase("title")),
    "imported": ('imported_at COLLATE "C"',),
    "key": ('key COLLATE "C"',),
    "updated": ("updated",),
    "claims": ("claims",),
    "type": ('media_type COLLATE "C"',),
    "paragraphs": ("paragraphs",),
    "id": (),
}

_METADATA = ("title", "publisher", "published", "series", "volume", "issue", "url", "language")
_SELECT = (
    "SELECT id, key, title, publisher, published, series, volume, issue, url, language, "
    "authors, excerpt_only, media_type, paragraphs, claims, imported_at, "
    "(extract(epoch FROM updated) * 1000000)::bigint * 1000, supersedes, superseded_by "
    f"FROM {ARTICLES}"
)


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _words(value: str) -> tuple[str, list]:
    columns = ("title", "authors::text", "publisher", "key")
    return "(" + " OR ".join(f"{c} ILIKE %s" for c in columns) + ")", [_like(value)] * 4


def _tag(tag: str) -> tuple[str, list]:
    return "id IN (SELECT article_id FROM article_tags WHERE tag_folded = %s)", [tag.casefold()]


def _collections(ids) -> tuple[str, list]:
    sql = "id IN (SELECT article_id FROM article_collections WHERE collection_id = ANY(%s))"
    return sql, [list(ids)]


def _note(words: str) -> tuple[str, list]:
    return "id IN (SELECT article_id FROM article_notes WHERE text ILIKE %s)", [_like(words)]


# Filters beyond the facet columns: the words typed in the filter box, a search's hits, and
# the analyst's tags, collections and notes (the tables of migration v0003, the team's user
# data: `core/team/userdata.py`).
_FILTERS: dict[str, Callable[[object], tuple[str, list]]] = {
    "text": _words,
    "ids": lambda ids: ("id = ANY(%s)", [list(ids)]),
    "tag": _tag,
    "collection": _collections,
    "note": _note,
}


def _tag_counts(collections: Iterable[str] | None) -> tuple[str, tuple]:
    """The query of every tag in use on current articles with how many carry it; with
    `collections`, each count of the articles filed in them (every tag still listed)."""
    scope, params = "", ()
    if collections is not None:
        scope = (
            " FILTER (WHERE article_id IN (SELECT article_id FROM article_collections "
            "WHERE collection_id = ANY(%s)))"
        )
        params = (list(collections),)
    sql = (
        f"SELECT min(tag), count(DISTINCT article_id){scope} FROM article_tags "
        f"WHERE article_id IN (SELECT id FROM {ARTICLES} WHERE {CURRENT}) "
        'GROUP BY tag_folded ORDER BY tag_folded COLLATE "C"'
    )
    return sql, params


def _entry(row: tuple) -> CatalogEntry:
    metadata = Metadata(
        **dict(zip(_METADATA, row[2:10], strict=True)),
        authors=list(row[10]),
        excerpt_only=bool(row[11]),
    )
    return CatalogEntry(
        id=row[0],
        key=row[1],
        metadata=metadata,
        media_type=row[12],
        paragraphs=row[13],
        claims=row[14],
        imported_at=row[15],
        updated_ns=int(row[16]),
        supersedes=row[17],
        superseded_by=row[18],
    )


def _order_by(sort: str, descending: bool) -> str:
    if sort not in _TERMS:
        raise ValueError(f"cannot sort by {sort!r}; choose one of {', '.join(SORTABLE)}")
    direction = "DESC" if descending else "ASC"
    return ", ".join(f"{term} {direction}" for term in (*_TERMS[sort], "id"))


def _clauses(
    sort: str = "published",
    descending: bool = True,
    filters: dict | None = None,
    current_only: bool = True,
) -> tuple[str, list, str]:
    """(WHERE clause, its parameters, ORDER BY terms) of a listing."""
    order = _order_by(sort, descending)
    return (*_where(filters, current_only), order)


def _where(filters: dict | None, current_only: bool) -> tuple[str, list]:
    return where_clause(filters, CURRENT if current_only else None, _FILTERS, "%s")


class TeamCatalog:
    """Listing queries over the articles table (answers like `core.catalog.Catalog`)."""

    def __init__(self, query: Query):
        self._query = query

    def count(self) -> int:
        return self._query(f"SELECT count(*) FROM {ARTICLES}", ())[0][0]

    def entry(self, article_id: str) -> CatalogEntry | None:
        rows = self._query(f"{_SELECT} WHERE id = %s", (article_id,))
        return _entry(rows[0]) if rows else None

    def listing(self, *, limit: int | None = None, offset: int = 0, **options) -> Listing:
        """One page of entries and the number the filter matches (`Catalog.listing`'s options:
        sort, descending, filters, current_only)."""
        where, params, order = _clauses(**options)
        total = self._query(f"SELECT count(*) FROM {ARTICLES} {where}", params)[0][0]
        page = "" if limit is None else " LIMIT %s OFFSET %s"
        page_params = [] if limit is None else [int(limit), int(offset)]
        rows = self._query(f"{_SELECT} {where} ORDER BY {order}{page}", [*params, *page_params])
        return Listing([_entry(r) for r in rows], total)

    def ordered_ids(self, **options) -> list[str]:
        """Every id the listing with these options would give, in its order."""
        where, params, order = _clauses(**options)
        rows = self._query(f"SELECT id FROM {ARTICLES} {where} ORDER BY {order}", params)
        return [row[0] for row in rows]

    def entries(self, ids: list[str]) -> list[CatalogEntry]:
        found = {
            entry.id: entry
            for entry in map(_entry, self._query(f"{_SELECT} WHERE id = ANY(%s)", (list(ids),)))
        }
        return [found[i] for i in ids if i in found]

    def tag_counts(self, collections: Iterable[str] | None = None) -> list[tuple[str, int]]:
        """(tag, number of current articles) for every tag in use, by name; with
        `collections`, of the articles filed in them (as the folder catalog)."""
        return [(tag, n) for tag, n in self._query(*_tag_counts(collections))]

    def current_count(self) -> int:
        return self._query(f"SELECT count(*) FROM {ARTICLES} WHERE {CURRENT}", ())[0][0]

    def tags_of(self, ids: list[str]) -> dict[str, list[str]]:
        """The analyst's tags of these articles, each in the order they were given."""
        found: dict[str, list[str]] = {}
        rows = self._query(
            "SELECT article_id, tag FROM article_tags WHERE article_id = ANY(%s) ORDER BY seq",
            (list(ids),),
        )
        for article_id, tag in rows:
            found.setdefault(article_id, []).append(tag)
        return found

    def collection_counts(self, tree: Iterable[tuple[str, str | None]]) -> dict[str, int]:
        """Current articles in each collection, those nested in it included, each once: the
        folder catalog's recursive aggregate over the (collection id, parent id) pairs given."""
        pairs = Jsonb([[cid, parent] for cid, parent in tree])
        # `under` pairs every collection with itself and each of its ancestors; UNION ends the
        # walk even when collections were nested in each other.
        sql = (
            "WITH RECURSIVE tree(id, parent) AS (SELECT pair->>0, pair->>1 "
            "FROM jsonb_array_elements(%s::jsonb) AS pair), "
            "under(collection, ancestor) AS (SELECT id, id FROM tree UNION "
            "SELECT under.collection, tree.parent FROM under JOIN tree "
            "ON tree.id = under.ancestor WHERE tree.parent IS NOT NULL) "
            "SELECT under.ancestor, count(DISTINCT filed.article_id) "
            "FROM article_collections AS filed "
            "JOIN under ON under.collection = filed.collection_id "
            f"WHERE filed.article_id IN (SELECT id FROM {ARTICLES} WHERE {CURRENT}) "
            "GROUP BY under.ancestor"
        )
        return {collection: n for collection, n in self._query(sql, (pairs,))}

    def facet_counts(
        self, column: str, *, filters: dict | None = None, limit: int = 50
    ) -> list[tuple[str, int]]:
        if column not in FACETS:
            raise ValueError(f"no facet {column!r}; choose one of {', '.join(FACETS)}")
        where, params = _where(filters, True)
        rows = self._query(
            f"SELECT {column}, count(*) AS n FROM {ARTICLES} {where} GROUP BY {column} "
            f'ORDER BY n DESC, {column} COLLATE "C" LIMIT %s',
            [*params, int(limit)],
        )
        return [(value, n) for value, n in rows]
