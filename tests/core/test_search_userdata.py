"""The analyst's tags, collections and notes in search: `tag:`, `collection:`, `note:`, the Tag
and Collection facets, and the one article indexed again when they change."""

from __future__ import annotations

import pytest

from briefing_app.cli import main
from briefing_app.core.errors import QueryError
from tests.core.search_helpers import counted_term_runs, make_article, store
from tests.new_version import import_new_version


@pytest.fixture
def library(workspace):
    """Three articles, indexed; the first has the source keyword "grain"."""
    articles = [
        make_article("Gas talks", ["The pipeline talks resumed."], tags=["grain"]),
        make_article("Border port", ["The border port reopened."]),
        make_article("Wheat harvest", ["The harvest was late."]),
    ]
    store(workspace.library, articles)
    workspace.index.rebuild()
    return workspace, [a.id for a in articles]


def _ids(ws, query: str) -> set[str]:
    return set(ws.matching_ids(query))


def _rebuilds(ws, monkeypatch) -> list:
    calls: list = []
    original = ws.index.rebuild
    monkeypatch.setattr(ws.index, "rebuild", lambda *a, **k: calls.append(1) or original(*a, **k))
    return calls


def test_tag_matches_the_analysts_tags_and_the_sources_keywords(library, monkeypatch):
    ws, (gas, port, wheat) = library
    rebuilds = _rebuilds(ws, monkeypatch)
    assert _ids(ws, "tag:grain") == {gas}  # the source's own keyword
    ws.userdata.tag([wheat], add=["Grain", "Central Asia"])
    assert _ids(ws, "tag:grain") == {gas, wheat}
    assert _ids(ws, 'tag:"central asia"') == {wheat}
    ws.userdata.tag([wheat], remove=["grain"])
    assert _ids(ws, "tag:grain") == {gas}
    assert rebuilds == []  # each change indexed the article again, nothing more


def test_collection_matches_by_name_or_path_including_nested(library, monkeypatch):
    ws, (gas, port, wheat) = library
    rebuilds = _rebuilds(ws, monkeypatch)
    data = ws.userdata
    data.create_collection("Project")
    data.create_collection("Gas", parent="Project")
    data.create_collection("Reading list")
    data.file([gas], "Project/Gas")
    data.file([port], "Project")
    data.file([wheat, gas], "Reading list")
    assert _ids(ws, "collection:Project") == {gas, port}  # its own and its children's
    assert _ids(ws, 'collection:"Project/Gas"') == {gas}
    assert _ids(ws, 'collection:"reading list" -collection:gas') == {wheat}
    data.rename_collection("Project", "Caspian")  # ids are indexed: a rename changes nothing
    assert _ids(ws, "collection:Caspian") == {gas, port}
    data.file([gas], "Caspian/Gas", remove=True)
    assert _ids(ws, "collection:Caspian") == {port}
    with pytest.raises(QueryError) as error:
        ws.search("pipeline collection:Nowhere")
    assert error.value.position == len("pipeline collection:")
    assert rebuilds == []


def test_note_is_searched_by_its_words(library, monkeypatch):
    ws, (gas, port, wheat) = library
    rebuilds = _rebuilds(ws, monkeypatch)
    ws.userdata.set_note(port, "# Follow up\n\nAsk the *customs* office about tariffs.\n")
    assert _ids(ws, "note:customs") == {port}
    assert _ids(ws, "note:tariff") == {port}  # stemmed, as the text is
    assert _ids(ws, "customs") == set()  # the note is not the article's text
    ws.userdata.set_note(port, "")
    assert _ids(ws, "note:customs") == set()
    assert rebuilds == []


def test_tag_and_collection_facets_count_and_filter(library):
    ws, (gas, port, wheat) = library
    data = ws.userdata
    data.create_collection("Project")
    data.create_collection("Gas", parent="Project")
    data.tag([gas, port], add=["energy"])
    data.tag([port], add=["border"])
    data.file([gas, wheat], "Project/Gas")
    results = ws.search("the")
    assert results.facets["tag"] == [("energy", 2), ("border", 1)]
    assert results.facets["collection"] == [("Project/Gas", 2)]
    assert set(ws.search("the", filters={"tag": ["energy"]}).ids()) == {gas, port}
    chosen = ws.search("the", filters={"collection": ["Project/Gas"], "tag": ["energy"]})
    assert chosen.ids() == [gas]
    claims = ws.search("the", claims=True)  # claims carry the facets of their article
    assert "tag" in claims.facets and "collection" in claims.facets


def test_new_version_keeps_its_tags_in_the_index(seeded, tmp_path):
    (article,) = seeded.articles()
    seeded.userdata.tag([article.id], add=["kept"])
    new_id = import_new_version(seeded, tmp_path, b"Recently,", b"Only very recently,")
    assert seeded.matching_ids("tag:kept") == [new_id]


def test_a_search_becomes_a_collection_and_the_collection_a_saved_search(library, capsys):
    ws, (gas, port, wheat) = library
    lib = ["--library", str(ws.root)]
    ws.saved_searches.save("talks", "pipeline OR harvest")
    assert main([*lib, "collection", "Work/Talks", "--from-search", "talks"]) == 0
    assert ws.userdata.members("Work") == sorted([gas, wheat])
    capsys.readouterr()
    assert main([*lib, "collection", "Work", "--to-search", "--json"]) == 0
    saved = ws.saved_searches.get("Work")
    assert saved.query == 'collection:"Work"'
    assert sorted(ws.matching_ids(saved.query)) == sorted([gas, wheat])  # nested: Work/Talks
    assert "saved search 'Work'" in capsys.readouterr().err
    assert main([*lib, "collection", "Work/Talks", "--to-search", "Talks only"]) == 0
    assert ws.saved_searches.get("Talks only").query == 'collection:"Work/Talks"'
    with pytest.raises(QueryError):  # a bad query files nothing and creates nothing
        ws.userdata.collect_search("pipeline (", "Broken")
    assert [c.name for c in ws.userdata.collections()] == ["Work", "Talks"]


def test_a_collection_named_with_a_quote_is_searched_by_id(library):
    ws, (gas, _port, _wheat) = library
    made = ws.userdata.create_collection('The "gas" file')
    ws.userdata.file([gas], made.id)
    saved = ws.userdata.save_collection_search(made.id)
    assert saved.name == 'The "gas" file' and saved.query == f"collection:{made.id}"
    assert ws.matching_ids(saved.query) == [gas]


def test_a_saved_search_of_a_deleted_collection_says_so_and_the_others_still_count(library):
    ws, (gas, _port, _wheat) = library
    ws.userdata.create_collection("Short lived")
    ws.userdata.file([gas], "Short lived")
    ws.userdata.save_collection_search("Short lived")
    ws.saved_searches.save("harvest", "harvest")
    ws.userdata.delete_collection("Short lived")
    gone, harvest = ws.saved_searches.with_counts(ws.matching_ids)
    assert "No collection named 'Short lived'" in gone.problem
    assert gone.to_json()["problem"] == gone.problem
    assert harvest.new == 1 and not harvest.problem


def test_an_article_indexed_again_is_read_when_the_index_is_held(library, monkeypatch):
    """`refresh_articles` reads each article once it holds the index for writing: a tag
    stored by another writer after the caller's own change (its re-index still to come) is
    indexed too, and an article deleted meanwhile is left out without an error."""
    ws, (gas, port, wheat) = library
    rebuilds = _rebuilds(ws, monkeypatch)
    with ws.library.lock:
        ws.userdata.notes_store.change_tags(port, ["customs"])  # stored, not yet indexed
    assert _ids(ws, "tag:customs") == set()
    ws.userdata.trash([wheat])
    ws.index.refresh_articles([port, wheat])
    assert _ids(ws, "tag:customs") == {port}
    assert _ids(ws, "harvest") == set()
    assert rebuilds == []


def _claim_segments(ws) -> set[str]:
    """The claims index's segment files (not its table of contents, written by every commit)."""
    from briefing_app.core.search.whoosh_search import CLAIMS

    return {
        p.name
        for p in ws.index.index_dir.iterdir()
        if p.name.startswith(f"{CLAIMS}_") and p.suffix != ".toc"
    }


def _claim_documents(ws) -> list[tuple]:
    """(article id, claim number) of every live document of the claims index."""
    from whoosh import index as whoosh_index

    from briefing_app.core.search.whoosh_search import CLAIMS

    ix = whoosh_index.open_dir(str(ws.index.index_dir), indexname=CLAIMS)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        aids, numbers = reader.column_reader("aid"), reader.column_reader("number")
        return sorted((aids[d], numbers[d]) for d in reader.all_doc_ids())


CLAIMED = make_article(
    "Harbour talks",
    ["The minister said the port would reopen in May.", "Traders doubted it."],
    claims=[
        {"kind": "reported", "speaker": "the minister", "cue": "said", "paragraph": 1,
         "content": "the port would reopen in May", "content_start": 18, "content_end": 46},
        {"kind": "reported", "speaker": "Traders", "cue": "doubted", "paragraph": 2,
         "content": "it"},
    ],
)  # fmt: skip


def test_indexing_again_keeps_unchanged_claims_and_replaces_changed_ones(workspace):
    """A tag or a corrected title leaves the article's claim documents as they are (they
    were most of the cost of indexing it again); new claims replace the old ones."""
    store(workspace.library, [CLAIMED])
    workspace.index.rebuild()
    aid = CLAIMED.id
    before, segments = _claim_documents(workspace), _claim_segments(workspace)
    assert before == [(aid, 0), (aid, 1)] and segments
    workspace.userdata.tag([aid], add=["ports"])
    workspace.userdata.edit(aid, {"title": "Harbour talks resume"})
    assert _claim_documents(workspace) == before
    assert _claim_segments(workspace) == segments  # kept, not written again
    assert _ids(workspace, "tag:ports") == {aid}
    assert _ids(workspace, 'title:"talks resume"') == {aid}
    hits = workspace.search("speaker:minister", claims=True).hits
    assert [(h.id, h.claim["cue"]) for h in hits] == [(aid, "said")]

    article = workspace.library.get(aid)
    article.claims = [dict(article.claims[0], speaker="the governor", cue="announced")]
    with workspace.library.lock:
        workspace.library.save(article)
    workspace.index.refresh_articles([aid])
    assert _claim_documents(workspace) == [(aid, 0)]
    assert workspace.search("speaker:minister", claims=True).total == 0
    hits = workspace.search("speaker:governor", claims=True).hits
    assert [(h.id, h.claim["cue"]) for h in hits] == [(aid, "announced")]
    assert workspace.index.needs_rebuild() is None

    # The text changes under a claim whose place in it stays (a repair undone, say): the
    # claim's details are the same, its words are not.
    article = workspace.library.get(aid)
    article.paragraphs = ["The minister said the port would reopen by May.", "Traders doubted it."]
    article.claims = [dict(article.claims[0], content_start=18, content_end=46,
                           content="the port would reopen by May")]  # fmt: skip
    with workspace.library.lock:
        workspace.library.save(article)
    workspace.index.refresh_articles([aid])
    assert workspace.search('claim:"reopen by may"', claims=True).total == 1
    assert workspace.search('claim:"reopen in may"', claims=True).total == 0


def _segments(ws, name: str) -> list[tuple[int, int]]:
    """(documents, deleted) of each segment of one index."""
    from whoosh import index as whoosh_index

    toc = whoosh_index.open_dir(str(ws.index.index_dir), indexname=name)._read_toc()
    return [(s.doc_count_all(), s.deleted_count()) for s in toc.segments]


def test_indexing_the_same_articles_again_leaves_no_segment_of_deletions(library):
    """Tagging and untagging the same articles replaces each time the segment the last
    change wrote; Whoosh kept the replaced one, every document deleted, for every search to
    open."""
    ws, ids = library
    for _ in range(3):
        ws.userdata.tag(ids, add=["ports"])
        ws.userdata.tag(ids, remove=["ports"])
    for name in ("articles", "claims"):
        assert all(deleted < documents for documents, deleted in _segments(ws, name)), name
    assert _ids(ws, "pipeline OR border OR harvest") == set(ids)
    assert ws.index.needs_rebuild() is None


def test_a_large_update_past_the_writers_memory_finds_what_a_small_one_finds(
    workspace, monkeypatch, tmp_path
):
    """Re-indexing many articles at once (tagging a large selection) fills the index
    writer's memory, and its postings go to term runs on disk; searches find what the same
    update written from memory finds, claims and facets included."""
    from briefing_app.core.search import whoosh_writer

    articles = [
        make_article(f"Harbour talks {n}", [f"The minister said port {n} would reopen.", "Traders doubted it."],
                     claims=[dict(CLAIMED.claims[0], content=f"port {n} would reopen", content_start=18,
                                  content_end=37 + len(str(n)))])
        for n in range(12)
    ]  # fmt: skip
    store(workspace.library, articles)
    workspace.index.rebuild()
    ids = [a.id for a in articles]
    queries = ["tag:ports", "minister AND tag:ports", '"would reopen"', "port", "NOT tag:ports"]

    def found():
        return (
            {q: sorted(workspace.search(q, limit=50).ids()) for q in queries},
            workspace.search("tag:ports", limit=50).facets,
            sorted(h.id for h in workspace.search("speaker:minister", claims=True, limit=50).hits),
        )

    workspace.userdata.tag(ids[:9], add=["ports"])
    direct = found()
    workspace.userdata.tag(ids[:9], remove=["ports"])
    runs = counted_term_runs(tmp_path / "probe", monkeypatch)
    monkeypatch.setattr(whoosh_writer, "WRITER_MEMORY_MB", 1e-6)  # a run after every document
    rebuilds = _rebuilds(workspace, monkeypatch)
    workspace.userdata.tag(ids[:9], add=["ports"])
    assert len(runs) >= 9  # at least one a document
    assert found() == direct
    assert rebuilds == []  # found in the index as updated, not in one built afresh
    assert direct[0]["tag:ports"] == sorted(ids[:9])
    assert not list(workspace.index.index_dir.glob(whoosh_writer.STAGING_PREFIX + "*"))
    assert workspace.index.needs_rebuild() is None
