"""The analyst's tags, collections and note in the search index: reading them, and the
collection names a query or a facet uses turned into the ids the index holds.

The index keeps collection ids, not names: renaming or moving a collection changes no
document. `collection:NAME` (a unique name, or a path "Parent/Child") matches the articles in
that collection and in every collection nested in it; the Collection facet counts and filters
direct membership, by path.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from briefing_app.core.annotations import ArticleNotes, InvalidName, Shelf
from briefing_app.core.catalog import UserRow
from briefing_app.core.errors import QueryError
from briefing_app.core.search import query as qlang

COLLECTION = "collection"


def user_row(articles_dir: Path, article_id: str) -> UserRow | None:
    """One article's tags, collection ids and note from its own files (None when it has
    none): two file checks for most articles, so an import or a rebuild stays cheap."""
    notes = ArticleNotes(articles_dir)
    if not notes.has_data(article_id):
        return None
    return notes.catalog_row(article_id)


def resolve_collections(tree, shelf: Shelf):
    """The tree with each `collection:` value replaced by the ids of that collection and of
    the collections nested in it; QueryError (at the value) for a name no collection has."""
    if isinstance(tree, qlang.Group):
        return qlang.Group(tree.op, [resolve_collections(p, shelf) for p in tree.parts])
    if isinstance(tree, qlang.Negation):
        return qlang.Negation(resolve_collections(tree.part, shelf), tree.pos)
    if getattr(tree, "field", None) != COLLECTION:
        return tree
    try:
        found = shelf.find(tree.text)
    except InvalidName as exc:
        raise QueryError(str(exc), tree.pos) from exc
    ids = sorted(shelf.descendants(found.id))
    words = [qlang.Word(i, tree.pos, COLLECTION) for i in ids]
    return words[0] if len(words) == 1 else qlang.Group("or", words)


def collection_query(shelf: Shelf, name_or_path: str) -> str:
    """The query that finds a collection's articles: `collection:"Parent/Child"`, or by id
    for a name holding a quote (which would end the quoted path)."""
    found = shelf.find(name_or_path)
    path = shelf.path_of(found)
    return f'{COLLECTION}:"{path}"' if '"' not in path else f"{COLLECTION}:{found.id}"


def has_collection(tree) -> bool:
    if isinstance(tree, qlang.Group):
        return any(has_collection(p) for p in tree.parts)
    if isinstance(tree, qlang.Negation):
        return has_collection(tree.part)
    return getattr(tree, "field", None) == COLLECTION


def filter_ids(paths: Iterable[str], shelf: Shelf) -> frozenset[str]:
    """Collection facet values (paths) as the ids the index holds; QueryError for none."""
    try:
        return frozenset(shelf.find(p).id for p in paths)
    except InvalidName as exc:
        raise QueryError(str(exc)) from exc


def name_facet(pairs: list[tuple[str, int]], shelf: Shelf) -> list[tuple[str, int]]:
    """Collection facet counts by path instead of id (a deleted collection is left out)."""
    collections = shelf.collections()
    by_id = {c.id: c for c in collections}
    return [(shelf.path_of(by_id[i], by_id), n) for i, n in pairs if i in by_id]


def with_named_collections(results, shelf: Shelf):
    if results.facets.get(COLLECTION):
        facets = dict(results.facets, collection=name_facet(results.facets[COLLECTION], shelf))
        return dataclasses.replace(results, facets=facets)
    return results
