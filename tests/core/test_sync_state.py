"""A damaged sync state is refused with a plain message before any of it is used as the base of
a merge; the state file is left as it is for the analyst to move away."""

from __future__ import annotations

import json

import pytest

from briefing_app.core.errors import LibraryError
from briefing_app.core.sync.state import FILE_NAME, SyncState

TEAM = "postgresql:///briefing"
GOOD = {
    "last_sync": "2026-12-02T05:00:00+00:00",
    "articles": {"0123456789abcdef": {"tags": ["energy"]}},
    "saved_searches": {"gas": "gas pipeline"},
    "tag_colours": {"energy": "#00ff00"},
    "collections": ["Desk", "Desk/Caucasus"],
    "trashed": ["0123456789abcdef"],
}


def _write(root, entry) -> bytes:
    data = json.dumps({"format": 1, "teams": {TEAM: entry}}).encode("utf-8")
    (root / FILE_NAME).write_bytes(data)
    return data


def test_a_sound_state_is_read(tmp_path):
    _write(tmp_path, GOOD)
    state = SyncState(tmp_path, TEAM)
    assert state.trashed == {"0123456789abcdef"} and state.collections == GOOD["collections"]
    assert state.tag_colours == GOOD["tag_colours"] and state.base("0123456789abcdef")


@pytest.mark.parametrize(
    ("part", "value"),
    [
        ("tag_colours", ["red"]),
        ("collections", 5),
        ("trashed", "abc"),  # a string would be read as its letters
        ("articles", {"0123456789abcdef": "tags"}),
        ("saved_searches", {"gas": 3}),
        ("last_sync", 17),
    ],
)
def test_a_part_of_the_wrong_shape_is_refused_and_left_alone(tmp_path, part, value):
    written = _write(tmp_path, {**GOOD, part: value})
    with pytest.raises(LibraryError, match=rf"is damaged \({part}\)\. Move it away"):
        SyncState(tmp_path, TEAM)
    assert (tmp_path / FILE_NAME).read_bytes() == written


def test_an_entry_that_is_not_an_object_is_refused(tmp_path):
    _write(tmp_path, ["not", "an", "entry"])
    with pytest.raises(LibraryError, match="is damaged"):
        SyncState(tmp_path, TEAM)
