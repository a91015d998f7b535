"""Library view speed: open, sort and filter the table at 10,000 and 100,000 articles.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/library_view.py [N ...]

The catalog is filled with synthetic rows (the library view reads only the catalog, so no
record is written); each figure is the median of RUNS, with the table shown in a window so
the first page is fetched and painted as it would be on screen.

Targets (issue 16): open ≤ 1 s, sort by any column ≤ 300 ms, filter as you type smooth
(a keystroke's filter well under 300 ms), at 100,000 articles. "follow search" is the table
narrowed to a search's matching ids (1% and half of the library); the search itself is
bench/search.py's. The sidebar rows: every article is filed in one or two of 36 nested
collections and carries up to three of 50 tags (a heavy case); "sidebar refresh (GUI)" is
what a refresh costs the GUI thread, "sidebar counts shown" how long until both aggregates,
run off the GUI thread, are on screen; choosing a collection or a tag lists its articles.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RUNS = 5
WORDS = (
    "gas union pipeline Astana Caspian wheat summit energy security border trade oil "
    "reform election ministry visit corridor railway grain sanctions transit talks"
).split()
PUBLISHERS = ["Jamestown Foundation", "Reuters", "Eurasianet", "RFE/RL", "The Diplomat", "TASS"]
SURNAMES = ["Avdaliani", "Smith", "Kim", "Ivanova", "Dzhaksybekov", "Novak", "Okafor", "Lee"]


def _records(n: int):
    rng = random.Random(16)
    for i in range(n):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 9))).capitalize()
        yield {
            "id": f"{i:016x}",
            "key": f"key{i}",
            "metadata": {
                "title": title,
                "authors": [f"{rng.choice('ABCDEFG')}. {rng.choice(SURNAMES)}"],
                "publisher": rng.choice(PUBLISHERS),
                "published": f"{rng.randint(2000, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            },
            "media_type": rng.choice(["text/html", "application/pdf", "text/plain"]),
            "paragraphs": [],
            "claims": [],
            "imported_at": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00+00:00",
        }


def _library(n: int, home: Path) -> Path:
    os.environ["BRIEFING_HOME"] = str(home)
    from briefing_app import paths
    from briefing_app.core.catalog import Catalog, row_of

    root = home / "library"
    (root / "articles").mkdir(parents=True)
    collections = _collections(root)
    catalog = Catalog(paths.catalog_file(root))
    stamp = (root / "articles").stat().st_mtime_ns
    catalog.replace_all((row_of(r, 1) for r in _records(n)), stamp, user=_user_rows(n, collections))
    catalog.close()
    return root


def _collections(root: Path) -> list[str]:
    """36 nested collections (six projects of four topics, one topic each with a deeper one),
    as the sidebar shows them; their ids."""
    from briefing_app.core.annotations import Shelf

    shelf = Shelf(root)
    ids = []
    for p in range(6):
        project = shelf.create(f"Project {p}")
        ids.append(project.id)
        for c in range(4):
            child = shelf.create(f"Topic {c}", project.id)
            ids.append(child.id)
            if c == 0:
                ids.append(shelf.create("Deeper", child.id).id)
    return ids


def _user_rows(n: int, collections: list[str]):
    """The catalog's copy of the analyst's data: every article in one or two collections and
    with up to three of 50 tags (the sidebar's counts are aggregates over these rows)."""
    from briefing_app.core.catalog import UserRow

    rng = random.Random(17)
    tags = [f"tag {t}" for t in range(50)]
    for i in range(n):
        yield UserRow(
            f"{i:016x}",
            tuple(rng.sample(tags, rng.randint(0, 3))),
            tuple(rng.sample(collections, rng.randint(1, 2))),
        )


def _median_ms(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def measure(n: int) -> dict[str, float]:
    """The view's figures over a catalog of `n` synthetic rows."""
    with tempfile.TemporaryDirectory() as tmp:
        return measure_view(_library(n, Path(tmp)))


def measure_view(root: Path) -> dict[str, float]:
    """Open, sort, filter, follow a search and scroll the Library view of the library at `root`.

    bench/scale.py calls this on the real library it imported (records, claims, index).
    """
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from briefing_app.core.workspace import Workspace
    from briefing_app.gui.library_view import LibraryView
    from briefing_app.gui.workers import TaskRunner

    app = QApplication.instance() or QApplication([])
    n = len(Workspace(root).library)
    views = []
    runner = TaskRunner()  # the sidebar counts off the GUI thread, as in the window

    def open_view():
        view = LibraryView(Workspace(root), runner=runner)
        view.resize(1200, 700)
        view.show()
        app.processEvents()
        views.append(view)

    out = {"open": _median_ms(open_view)}
    view = views[-1]
    model = view.model
    orders = [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder]
    for name, column in (("title", 0), ("author", 1), ("date", 3), ("type", 4), ("claims", 6)):

        def sort(column=column, order=orders):
            view.table.sortByColumn(column, order[0])
            order.reverse()
            app.processEvents()

        out[f"sort {name}"] = _median_ms(sort)
    for text in ("p", "pi", "pipeline", "pipeline tal"):
        out[f"filter {text!r}"] = (
            _median_ms(
                lambda t=text: (model.set_filter(t), model.set_filter(""), app.processEvents()),
                3,
            )
            / 2
        )
    model.set_filter("")
    # Following the search box: the table shows the ids a search matched, in its order.
    ids = Workspace(root).library.ids()
    for share in (0.01, 0.5):
        matched = random.Random(16).sample(ids, int(n * share))
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            view.show_matches(matched)
            app.processEvents()
            times.append((time.perf_counter() - t0) * 1000)
            view.show_matches(None)  # the whole library again (not timed)
        out[f"follow search {share:.0%}"] = statistics.median(times)

    # The sidebar: what a refresh costs the GUI thread, and how long until the counts (one
    # aggregate over the collection tree, one over the tags, off the GUI thread) are shown.
    runner.wait()
    app.processEvents()
    tree, tags = view.collection_tree, view.tag_list
    out["sidebar refresh (GUI)"] = _median_ms(lambda: (tree.refresh(), tags.refresh()))
    runner.wait()
    app.processEvents()
    counted = []
    tree.counted.connect(lambda: counted.append("tree"))
    tags.counted.connect(lambda: counted.append("tags"))

    def count_again():
        counted.clear()
        tree.refresh()
        tags.refresh()
        while len(counted) < 2:
            app.processEvents()
            time.sleep(0.001)

    out["sidebar counts shown"] = _median_ms(count_again)
    # The collection and tag this bench's own library files (a library built elsewhere, as
    # bench/scale.py's, may have neither: those two rows are then left out).
    project = next((i for i in tree._items() if i.text() == "Project 0"), None)

    def choose(item):
        tree.setCurrentIndex(item.index())
        app.processEvents()
        tree.setCurrentIndex(tree.item_of("").index())  # back to every article (timed too)
        app.processEvents()

    if project is not None:
        out["choose collection"] = _median_ms(lambda: choose(project)) / 2

    def choose_tag():
        tags.setCurrentItem(tags.item_of("tag 7"))
        app.processEvents()
        tags.setCurrentItem(tags.item_of(""))
        app.processEvents()

    if tags.item_of("tag 7") is not None:
        out["choose tag"] = _median_ms(choose_tag) / 2

    def scroll_middle():
        view.table.scrollTo(model.index(n // 2 + random.randint(0, 5000), 0))
        app.processEvents()

    out["first deep scroll"] = _median_ms(scroll_middle, 1)  # reads the ordered ids
    out["later deep scrolls"] = _median_ms(scroll_middle)
    out["pages held after"] = model.loaded_pages()
    runner.wait()
    for v in views:
        v.close()
        v.deleteLater()
    app.processEvents()
    return out


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [10_000, 100_000]
    for n in sizes:
        results = measure(n)
        print(f"{n:,} articles")
        for name, value in results.items():
            unit = "" if name.startswith("pages") else " ms"
            print(f"  {name:24} {value:8.1f}{unit}")


if __name__ == "__main__":
    main(sys.argv[1:])
