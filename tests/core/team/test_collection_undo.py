"""What the Library's undo asks of the library, the same in a folder and a team library: a
deleted collection put back with its members and sub-collections, a collection moved."""

from __future__ import annotations

from briefing_app.core.team.library import TeamLibrary
from tests.core.team.test_catalog_counts import workspace_of_each_kind  # noqa: F401


def test_a_deleted_collection_comes_back_with_its_members(workspace_of_each_kind):  # noqa: F811
    ws = workspace_of_each_kind
    data = ws.userdata
    a, b, c, _ = sorted(ws.library.ids())
    oil = data.ensure_collection("Energy/Oil")
    energy = data.shelf.find("Energy")
    data.file([a, b], energy.id)
    data.file([c], oil.id)
    members = data.members(energy.id, nested=False)
    children = [x.id for x in data.collections() if x.parent == energy.id]
    gone = data.delete_collection(energy.id)
    assert data.collection_counts() == {oil.id: 1}
    data.put_back_collection(gone, children, members)
    assert data.collection_counts() == {energy.id: 3, oil.id: 1}
    assert data.members(energy.id, nested=False) == sorted([a, b])
    assert data.shelf.path_of(data.shelf.find(oil.id)) == "Energy/Oil"


def test_filing_back_writes_only_what_changed_and_names_the_trashed(
    workspace_of_each_kind,  # noqa: F811
    monkeypatch,
):
    """Putting a deleted collection's members back writes only the memberships that went: a
    folder keeps them when the collection goes (nothing to write), a team library drops them.
    A member moved to the trash since is not put back and is named."""
    ws = workspace_of_each_kind
    data = ws.userdata
    a, b, c, _ = sorted(ws.library.ids())
    energy = data.ensure_collection("Energy")
    data.file([a, b, c], energy.id)
    members = data.members(energy.id, nested=False)
    gone = data.delete_collection(energy.id)
    data.trash([b])
    data.put_back_collection(gone)
    file = data.notes_store.file
    written: list[str] = []

    def counted(article_id: str, collection_id: str, *, remove: bool = False) -> None:
        written.append(article_id)
        file(article_id, collection_id, remove=remove)

    monkeypatch.setattr(data.notes_store, "file", counted)
    assert data.file_back(members, gone.id) == [b]
    assert written == ([a, c] if isinstance(ws.library, TeamLibrary) else [])
    assert data.members(energy.id, nested=False) == [a, c]
    assert data.file_back(members, gone.id) == [b]  # again: nothing left to write
    assert len(written) == (2 if isinstance(ws.library, TeamLibrary) else 0)


def test_a_moved_collection_counts_under_its_new_parent(workspace_of_each_kind):  # noqa: F811
    ws = workspace_of_each_kind
    data = ws.userdata
    a, *_ = sorted(ws.library.ids())
    oil = data.ensure_collection("Energy/Oil")
    trade = data.ensure_collection("Trade")
    data.file([a], oil.id)
    energy = data.shelf.find("Energy")
    assert data.collection_counts() == {energy.id: 1, oil.id: 1}
    data.move_collection(oil.id, trade.id)
    assert data.collection_counts() == {trade.id: 1, oil.id: 1}
    assert ws.matching_ids('collection:"Trade"') == [a]
