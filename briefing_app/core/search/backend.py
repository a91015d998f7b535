"""What a search engine must do for the index: the backend protocol and the backends known.

`core.search.index.SearchIndex` keeps the engine-free part — the query tree, when to
rebuild (digest of the indexed ids, staleness, locks), waiting for a rebuild in progress —
and hands the engine work to a backend. A backend is one module holding a class `Backend`
that implements `SearchBackend`; adding one is writing that module and one row in BACKENDS.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from briefing_app.core.errors import QueryError
from briefing_app.core.search.results import SearchResults

# name -> module holding a `Backend` class (imported on first use: engines load slowly)
BACKENDS = {"whoosh": "briefing_app.core.search.whoosh_backend"}
DEFAULT_BACKEND = "whoosh"


@dataclass(frozen=True)
class SearchRequest:
    """One search as the lifecycle checked it: the parsed query and what page to return."""

    query: str
    tree: object  # a `core.search.query` tree
    limit: int = 20
    page: int = 1
    sort: str = "relevance"  # or "date" (newest first)
    filters: dict[str, frozenset[str]] = field(default_factory=dict)  # facet -> values
    claims: bool = False  # search the claims instead of the articles
    all_versions: bool = False  # include older versions of an article

    @classmethod
    def checked(
        cls,
        query: str,
        tree: object,
        *,
        limit: int = 20,
        page: int = 1,
        sort: str = "relevance",
        filters: dict[str, frozenset[str]] | None = None,
        claims: bool = False,
        all_versions: bool = False,
    ) -> SearchRequest:
        """A request from a caller's options: the sort order checked, limit and page at least 1."""
        if sort not in ("relevance", "date"):
            raise QueryError(f"Unknown sort order {sort!r}: use relevance or date.")
        return cls(
            query,
            tree,
            limit=max(1, int(limit)),
            page=max(1, int(page)),
            sort=sort,
            filters=filters or {},
            claims=claims,
            all_versions=all_versions,
        )


@dataclass(frozen=True)
class IndexState:
    """What an index holds, for comparing it with the library."""

    digest: str  # the backend's `ids_digest` of the indexed ids
    skipped: int  # unreadable records left out by the last rebuild
    count: int  # articles indexed
    generation: object  # changes whenever the index changes


@dataclass(frozen=True)
class Prepared:
    """An article's documents, made by `documents` (in a worker process during a rebuild)."""

    id: str
    article: dict
    claims: list[dict]
    title: str


class SearchBackend(Protocol):
    """An engine holding the article and claim documents of one library."""

    def needs_rebuild(self) -> str | None:
        """Why the index cannot be used as it is ("missing", "corrupt", "old schema"), or None."""

    def damage(self) -> str | None:
        """What of the index on disk differs from its last commit (missing or changed files),
        or None: tells a damaged index from a bug when a search fails."""

    def state(self) -> IndexState:
        """The indexed ids' digest, the count and the generation (the index must be usable)."""

    def ids_digest(self, ids: Iterable[str]) -> str:
        """The digest of a set of ids as `state()` sums the indexed ones (compared with the
        library's ids, and given to `rebuild`)."""

    def rebuild(
        self,
        parts: list[Callable[[], Iterable[Prepared | None]]],
        *,
        digest: str,
        sample: list[str],
        cancelled: Callable[[], bool] | None = None,
        progress: Callable[[int, str], None] | None = None,
    ) -> int | None:
        """Replace the index by the documents the `parts` yield (None items: unreadable,
        skipped); the number indexed, or None when cancelled (the old index is kept). Each
        part is a picklable callable: the engine may run each in its own worker process.
        `sample`: texts to learn the archive's vocabulary from; `progress(count, title)`:
        articles done since the last call."""

    def add(self, prepared: list[Prepared], executor: Executor | None = None) -> None:
        """Index new or changed articles (creating an empty index first when there is none);
        with an `executor` the engine may finish the work there, by the next `add` or `flush`."""

    def flush(self) -> None:
        """Finish what `add` left to the executor."""

    def remove(self, ids: list[str]) -> None:
        """Drop articles and their claims."""

    def search(self, request: SearchRequest) -> SearchResults:
        """One page of hits with the total and facet counts over every match."""

    def matching_ids(
        self, tree, all_versions: bool = False, filters: dict | None = None
    ) -> list[str]:
        """Article ids of every match (that passes the facet filters, facet -> values)."""

    def warm(self) -> None:
        """Read ahead what the first search of a session reads (readers, columns), so that it
        does not wait for them; nothing for an engine that keeps no such caches."""

    def close(self) -> None:
        """Close open readers (the index stays on disk)."""


def open_backend(name: str, folder: Path, lock_timeout: float) -> SearchBackend:
    """The backend called `name`, keeping its index in (or its state beside) `folder`."""
    module = importlib.import_module(BACKENDS[name])
    return module.Backend(Path(folder), lock_timeout=lock_timeout)
