"""Saved searches (stored with the library) and the `search` / `searches` commands."""

from __future__ import annotations

import json

import pytest

from briefing_app.cli import main
from briefing_app.core.errors import LibraryError, QueryError
from briefing_app.core.search.saved import FILE_NAME, SavedSearches
from tests.core.search_helpers import store, wikinews_fixture_articles

ARTICLES = wikinews_fixture_articles()


@pytest.fixture
def ws(workspace):
    """A workspace with six Wikinews articles, indexed."""
    store(workspace.library, ARTICLES[:6])
    workspace.index.ensure_current()
    return workspace


def test_saved_search_counts_new_hits(ws):
    """After a run nothing is new; an import that matches makes it new again."""
    saved = ws.saved_searches
    saved.save("iran", "Iran OR Soleimani")
    assert [s.new for s in saved.with_counts(ws.matching_ids)] == [
        len(ws.matching_ids("Iran OR Soleimani"))
    ]
    saved.record_run("iran", ws.matching_ids("Iran OR Soleimani"))
    assert saved.with_counts(ws.matching_ids)[0].new == 0
    assert saved.get("iran").last_run
    store(ws.library, [ARTICLES[8]])  # "Iran admits downing Ukrainian jet"
    ws.index.add_articles([ARTICLES[8]])
    assert saved.with_counts(ws.matching_ids)[0].new == 1


def test_saved_searches_file_is_per_library_and_plain_json(ws):
    """The file sits in the library root, holds name, query, last run and the ids seen."""
    ws.saved_searches.save("measles", "measles")
    ws.saved_searches.record_run("measles", ["abc"])
    data = json.loads((ws.root / FILE_NAME).read_text(encoding="utf-8"))
    assert data["searches"] == [
        {
            "name": "measles",
            "query": "measles",
            "last_run": data["searches"][0]["last_run"],
            "seen": ["abc"],
        }
    ]
    assert SavedSearches(ws.root).load()[0].seen == ["abc"]


def test_saving_replaces_by_name_and_refuses_bad_queries(ws):
    """Saving a name again replaces its query; a malformed query is never saved."""
    saved = ws.saved_searches
    saved.save("x", "gas")
    saved.save("x", "oil")
    assert [(s.name, s.query) for s in saved.load()] == [("x", "oil")]
    with pytest.raises(QueryError):
        saved.save("y", "(oil")
    with pytest.raises(LibraryError):
        saved.save("  ", "oil")
    saved.remove("x")
    assert saved.load() == []
    with pytest.raises(LibraryError):
        saved.remove("x")


def test_unreadable_file_is_a_plain_error(ws):
    """A damaged saved-searches file gives a LibraryError naming it."""
    (ws.root / FILE_NAME).write_text("{nope", encoding="utf-8")
    with pytest.raises(LibraryError, match="saved searches"):
        ws.saved_searches.load()


def run(ws, capsys, *args) -> tuple[int, str, str]:
    """Run the CLI against the workspace's library; (exit code, stdout, stderr)."""
    code = main(["--library", str(ws.root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_search_json_contract(ws, capsys):
    """`briefing search --json` prints total, hits with the documented keys, and facets."""
    code, out, _ = run(ws, capsys, "search", "Soleimani", "--json", "--limit", "1")
    data = json.loads(out)
    assert code == 0 and data["total"] >= 2 and len(data["hits"]) == 1
    assert {"id", "key", "title", "publisher", "published", "score", "paragraph", "snippet"} <= set(
        data["hits"][0]
    )
    assert dict(map(tuple, data["facets"]["publisher"])) == {"Wikinews": data["total"]}


def test_cli_search_text_sort_and_claims(ws, capsys):
    """Plain output lists hits with ¶ numbers; --sort date and --claims are accepted."""
    code, out, _ = run(ws, capsys, "search", "Soleimani", "--sort", "date")
    assert code == 0 and "¶" in out and "hits" in out.splitlines()[-1]
    code, out, _ = run(ws, capsys, "search", "--claims", "--json", "Soleimani")
    assert code == 0 and "total" in json.loads(out)


def test_cli_malformed_query_points_at_it(ws, capsys):
    """A malformed query exits 2 with the message and a caret, no traceback."""
    code, out, err = run(ws, capsys, "search", "Iran (Iraq")
    assert code == 2 and out == ""
    assert "never closed" in err and err.rstrip().endswith("^")
    assert "Traceback" not in err


def test_cli_save_and_list_searches(ws, capsys):
    """`search --save` stores and runs; `searches --json` lists with new counts."""
    code, _, _ = run(ws, capsys, "search", "--save", "iran", "Iran")
    assert code == 0
    code, out, _ = run(ws, capsys, "searches", "--json")
    assert json.loads(out) == [
        {"name": "iran", "query": "Iran", "last_run": json.loads(out)[0]["last_run"], "new": 0}
    ]
    store(ws.library, [ARTICLES[8]])
    ws.index.add_articles([ARTICLES[8]])
    code, out, _ = run(ws, capsys, "searches")
    assert code == 0 and "1 new" in out
    code, out, _ = run(ws, capsys, "searches", "--run", "iran")
    assert code == 0 and "hits" in out
    code, out, _ = run(ws, capsys, "searches", "--json")
    assert json.loads(out)[0]["new"] == 0
    code, out, _ = run(ws, capsys, "searches", "--delete", "iran")
    assert code == 0 and json.loads(run(ws, capsys, "searches", "--json")[1]) == []
