"""The three-way merges `briefing sync` uses, checked as properties over generated data."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefing_app.core.sync import merge
from briefing_app.core.sync.views import empty_view, merge_views, same

members = st.lists(st.sampled_from(["a", "b", "c", "d", "e", "A", "B"]), unique=True, max_size=6)
notes = st.sampled_from(["", "one", "two", "three\nlines", "  "])
mappings = st.dictionaries(st.sampled_from("pqrs"), st.sampled_from([1, 2, 3]), max_size=4)


def folded(items):
    return {x.casefold() for x in items}


@given(members, members, members)
def test_sets_keep_what_either_side_added_and_drop_what_one_removed(base, local, team):
    merged = folded(merge.merge_sets(base, local, team, fold=str.casefold))
    b, lo, t = folded(base), folded(local), folded(team)
    assert (lo - b) | (t - b) | (lo & t) == merged
    assert not merged - lo - t  # nothing neither side holds
    for gone in (b - lo) | (b - t):
        assert gone not in merged or (gone in lo and gone in t)


@given(members, members)
def test_sets_one_side_unchanged_gives_the_other(base, other):
    assert folded(merge.merge_sets(base, base, other, fold=str.casefold)) == folded(other)
    assert folded(merge.merge_sets(base, other, base, fold=str.casefold)) == folded(other)


@given(members, members, members)
def test_sets_merged_once_merge_to_themselves(base, local, team):
    merged = merge.merge_sets(base, local, team, fold=str.casefold)
    again = merge.merge_sets(base, merged, merged, fold=str.casefold)
    assert folded(again) == folded(merged)


@given(notes, notes, notes)
def test_a_note_is_never_lost(base, local, team):
    result = merge.merge_note(base, local, team, article="x", when="now")
    for text in (local, team):
        if text.strip() and text != base:  # an edit made since the last sync
            assert text.strip() in result.value
    if local == base or team == base or local == team:
        assert not result.conflicts
        assert result.value == (team if local == base else local)


@given(notes, notes, notes)
def test_a_merged_note_merges_to_itself(base, local, team):
    first = merge.merge_note(base, local, team, article="x", when="now").value
    assert merge.merge_note(base, first, first, article="x", when="now").value == first
    settled = merge.merge_note(team, first, team, article="x", when="now")
    assert settled.value == first and not settled.conflicts  # the journal's case


@given(mappings, mappings, mappings)
def test_mappings_take_each_sides_changes(base, local, team):
    merged, clashes = merge.merge_mapping(base, local, team)
    for key in {*base, *local, *team}:
        b, lo, t = base.get(key), local.get(key), team.get(key)
        if key in clashes:
            assert merged.get(key) == (t if t is not None else lo)
        elif lo == b:
            assert merged.get(key) == t
        else:
            assert merged.get(key) == lo


def _view(**parts):
    view = empty_view()
    view.update(key="k", **parts)
    return view


def test_views_merge_part_by_part():
    base = _view(tags=["x", "y"], collections=["A"], note="n", metadata={"title": "T"})
    local = _view(tags=["x"], collections=["A", "B"], note="n", metadata={"title": "T2"})
    team = _view(tags=["x", "y", "z"], collections=[], note="m", metadata={"title": "T"})
    result = merge_views(base, local, team, article="id", when="now")
    assert not result.conflicts
    assert same(
        result.value,
        _view(tags=["x", "z"], collections=["B"], note="m", metadata={"title": "T2"}),
    )


def test_a_key_changed_on_both_sides_keeps_the_teams_and_aliases_the_other():
    base = _view()
    result = merge_views(
        base, {**base, "key": "mine"}, {**base, "key": "theirs"}, article="id", when="now"
    )
    assert result.value["key"] == "theirs"
    assert set(result.value["aliases"]) == {"k", "mine"}
    assert [c.what for c in result.conflicts] == ["key"]
