"""Search: the query language, the index lifecycle, results, and the engines behind them.

Engine-free: `query` (the language, parsed into a tree), `index` (`SearchIndex`: when to
rebuild, locks, waiting, parallel document preparation), `documents` (what is indexed),
`results` (hits, snippets, facets), `phrases` (phrase positions, common words), `saved`
(saved searches) and `backend` (the protocol an engine implements). The Whoosh engine lives
in the `whoosh_*` modules only: `whoosh_backend` (build, update), `whoosh_search` (searchers,
hits), `whoosh_query` (query translation), `whoosh_fast` (fast paths) and `whoosh_schema`.
"""
