"""The counts the Library's sidebar and table read, the same from a folder and a team library."""

from __future__ import annotations

import pytest

from briefing_app.core.workspace import Workspace
from tests.recombined import write_recombined


@pytest.fixture(params=["folder", "postgresql"])
def workspace_of_each_kind(request, tmp_path):
    location = tmp_path / "lib" if request.param == "folder" else request.getfixturevalue("pg_url")
    ws = Workspace(location)
    write_recombined(tmp_path / "in", 4)
    assert [r.status for r in ws.import_paths([tmp_path / "in"])] == ["imported"] * 4
    yield ws
    ws.close()


def test_collection_counts_tags_of_and_current_count(workspace_of_each_kind):
    ws = workspace_of_each_kind
    a, b, c, d = sorted(ws.library.ids())
    ws.userdata.ensure_collection("Energy/Oil")
    ws.userdata.file([a, b], "Energy")
    ws.userdata.file([b, c], "Energy/Oil")  # b in both: counted once under Energy
    ws.userdata.tag([a], add=["watch", "gas"])
    ws.userdata.tag([c], add=["watch"])
    ws.userdata.trash([d])
    by_path = {ws.userdata.shelf.path_of(col, {x.id: x for x in ws.userdata.collections()}): col.id
               for col in ws.userdata.collections()}  # fmt: skip
    counts = ws.userdata.collection_counts()
    assert counts == {by_path["Energy"]: 3, by_path["Energy/Oil"]: 2}
    assert ws.library.catalog.tags_of([a, b, c]) == {a: ["watch", "gas"], c: ["watch"]}
    assert ws.library.catalog.current_count() == 3  # the trashed article is not counted
    assert ws.userdata.tag_counts() == {"gas": 1, "watch": 2}


def test_tag_counts_of_a_collection_scope(workspace_of_each_kind):
    """With a collection chosen, each tag counts the current articles filed in it or in the
    collections nested in it; every tag in use is still listed."""
    ws = workspace_of_each_kind
    a, b, c, d = sorted(ws.library.ids())
    oil = ws.userdata.ensure_collection("Energy/Oil")
    energy = ws.userdata.shelf.find("Energy")
    trade = ws.userdata.ensure_collection("Trade")
    ws.userdata.file([a], energy.id)
    ws.userdata.file([a, b, d], oil.id)  # a in both: counted once
    ws.userdata.tag([a, b, c, d], add=["Watch"])
    ws.userdata.tag([b, c], add=["gas"])
    ws.userdata.tag([c], add=["trade"])
    ws.userdata.trash([d])  # no longer counted anywhere
    scope = sorted(ws.userdata.shelf.descendants(energy.id))
    assert ws.userdata.tag_counts(scope) == {"Watch": 2, "gas": 1, "trade": 0}
    assert ws.userdata.tag_counts([oil.id]) == {"Watch": 2, "gas": 1, "trade": 0}
    assert ws.userdata.tag_counts([trade.id]) == {"Watch": 0, "gas": 0, "trade": 0}
    assert ws.userdata.tag_counts([]) == {"Watch": 0, "gas": 0, "trade": 0}
    assert ws.userdata.tag_counts() == {"Watch": 3, "gas": 2, "trade": 1}
