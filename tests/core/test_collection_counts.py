"""Articles per collection, nested ones included, from one aggregate over the catalog."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefing_app.core.catalog import Catalog, UserRow, row_of


def _catalog(tmp_path, ids, superseded=()) -> Catalog:
    catalog = Catalog(tmp_path / "catalog.sqlite")
    records = [{"id": i, "key": i, "metadata": {"title": i}} for i in ids]
    for old in superseded:  # a newer version of `old` makes it no longer current
        records.append({"id": f"{old}-new", "key": old, "supersedes": old, "metadata": {}})
    catalog.replace_all((row_of(r, 1) for r in records), stamp=None)
    return catalog


def test_nested_members_count_once_and_only_current_articles(tmp_path):
    catalog = _catalog(tmp_path, ["a", "b", "c"], superseded=["c"])
    tree = [("project", None), ("gas", "project"), ("oil", "project"), ("reading", None)]
    catalog.put_users([
        UserRow("a", collections=("project", "gas")),  # counts once in project
        UserRow("b", collections=("oil", "reading")),
        UserRow("c", collections=("gas",)),  # superseded: not counted
    ])  # fmt: skip
    assert catalog.collection_counts(tree) == {"project": 2, "gas": 1, "oil": 1, "reading": 1}
    assert catalog.collection_counts([]) == {}


def test_a_collection_nested_in_itself_does_not_loop(tmp_path):
    catalog = _catalog(tmp_path, ["a"])
    catalog.put_users([UserRow("a", collections=("x",))])
    assert catalog.collection_counts([("x", "y"), ("y", "x")]) == {"x": 1, "y": 1}


# A forest of up to 6 collections (each one's parent comes before it) and up to 8 articles,
# each filed in some of them: the aggregate must say what walking the tree says.
_trees = st.integers(1, 6).flatmap(
    lambda n: st.tuples(*[st.one_of(st.none(), st.integers(0, max(i - 1, 0))) for i in range(n)])
)


@given(parents=_trees, filed=st.lists(st.sets(st.integers(0, 5)), max_size=8))
def test_counts_match_a_walk_of_the_tree(tmp_path_factory, parents, filed):
    ids = [f"a{n}" for n in range(len(filed))]
    catalog = _catalog(tmp_path_factory.mktemp("counts"), ids)
    names = [f"c{i}" for i in range(len(parents))]
    tree = [(names[i], None if p is None or i == 0 else names[p]) for i, p in enumerate(parents)]
    catalog.put_users(
        UserRow(article, collections=tuple(names[i] for i in wanted if i < len(names)))
        for article, wanted in zip(ids, filed, strict=True)
    )
    parent_of = dict(tree)

    def inside(collection: str, ancestor: str) -> bool:
        while collection is not None:
            if collection == ancestor:
                return True
            collection = parent_of[collection]
        return False

    expected = {}
    for name in names:
        count = sum(
            any(inside(names[i], name) for i in wanted if i < len(names)) for wanted in filed
        )
        if count:
            expected[name] = count
    assert catalog.collection_counts(tree) == expected
    catalog.close()
