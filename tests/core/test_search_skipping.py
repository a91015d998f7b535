"""Top-N results: exact, and never through Whoosh 2.7.4's block skipping (which can loop forever)."""

from __future__ import annotations

import pytest

from briefing_app.core.search import query as qlang
from briefing_app.core.search.whoosh_query import Translator
from tests.core.robust_corpus import write_articles


def _indexed_workspace(workspace, tmp_path, count: int):
    """`count` near-identical imported articles, index rebuilt from the library."""
    write_articles(tmp_path / "src", count)
    results = workspace.import_paths([tmp_path / "src"])
    assert len([r for r in results if r.status == "imported"]) == count
    workspace.index.rebuild()
    return workspace.index


def _whoosh_query(index, text: str):
    """The open article searcher and the Whoosh query for `text`."""
    searcher = index.backend.engine().views[False].current()
    return searcher, Translator(searcher.schema, False).convert(qlang.parse(text))


@pytest.mark.timeout(60)
@pytest.mark.parametrize("count", [41, 44])
def test_top_results_of_near_identical_articles_finish_exactly(workspace, tmp_path, count):
    """The corpus on which Whoosh 2.7.4's block-quality skipping looped forever: the top
    results come back, equal to the full ranking (the skipping is never used)."""
    index = _indexed_workspace(workspace, tmp_path, count)
    searcher, q = _whoosh_query(index, "talks")
    ids = index.backend.engine().views[False].column("aid")
    everything = [(ids[d], round(float(s), 4)) for s, d in searcher.search(q, limit=None).top_n]
    for limit in (1, 3, 10):
        got = [(h.id, h.score) for h in index.search("talks OR harbour*", limit=limit).hits]
        assert len(got) == min(limit, len(everything))
        assert [(h.id, h.score) for h in index.search("talks", limit=limit).hits] == everything[
            :limit
        ]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("count", [41, 44])
def test_relevance_pages_equal_unoptimised_ranking(workspace, tmp_path, count):
    """Every page of `talks` (and an OR with a title word) matches the full unoptimised ranking."""
    index = _indexed_workspace(workspace, tmp_path, count)
    ids = index.backend.engine().views[False].column("aid")
    for text in ("talks", "talks OR harbour", "officials pipeline"):
        searcher, q = _whoosh_query(index, text)
        everything = searcher.search(q, limit=None, optimize=False).top_n
        expected = [(ids[d], round(float(s), 4)) for s, d in everything]
        for limit in (1, 7):
            got = []
            for page in range(1, len(expected) // limit + 2):
                result = index.search(text, limit=limit, page=page)
                got.extend((h.id, h.score) for h in result.hits)
            assert got == expected, text


@pytest.mark.timeout(60)
def test_ranking_equals_whoosh_over_segments_and_deletions(workspace, tmp_path):
    """After incremental adds (new segments) and a delete, every page equals Whoosh's ranking."""
    index = _indexed_workspace(workspace, tmp_path, 30)
    write_articles(tmp_path / "more", 36)
    for path in sorted((tmp_path / "more").iterdir())[30:]:
        path.write_text(path.read_text() + "\nExtra talks on the harbour fees.\n")
    workspace.import_paths(sorted((tmp_path / "more").iterdir())[30:])
    workspace.delete(workspace.search("talks", limit=1).ids()[0])
    searcher = index.backend.engine().views[False].current()
    assert len(searcher.subsearchers or []) > 1 and searcher.reader().has_deletions()
    ids = index.backend.engine().views[False].column("aid")
    for text in ("talks", "harbour OR pipeline", "talks -grain", "officials statement harbour"):
        searcher, q = _whoosh_query(index, text)
        everything = searcher.search(q, limit=None, optimize=False).top_n
        expected = [(ids[d], round(float(s), 4)) for s, d in everything]
        got = [(h.id, h.score) for h in index.search(text, limit=len(expected) or 1).hits]
        if "-" in text:  # Whoosh adds a constant 1.0 for each NOT; the order is the same
            got, expected = [i for i, _ in got], [i for i, _ in expected]
        assert got == expected, text
