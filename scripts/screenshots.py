"""Write PNG screenshots of the app on the seed archive: `screenshots.py OUTDIR [--size WxH]`.

Runs under any display (`xvfb-run -a -s "-screen 0 1920x1080x24" ...`) or offscreen. The
library and settings live in a temporary BRIEFING_HOME, so the user's own are never touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXTRA_ARTICLES = ROOT / "tests" / "fixtures" / "wikinews" / "notes"


def _wait(app, seconds: float = 0.3, until=None, timeout: float = 30.0) -> None:
    """Let the event loop run (and background work finish) before a shot."""
    end = time.monotonic() + (timeout if until else seconds)
    while time.monotonic() < end:
        app.processEvents()
        if until is not None and until():
            break
        time.sleep(0.02)
    if until is not None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)


def _shoot(window, path: Path) -> None:
    window.grab().save(str(path))
    print(path)


def _shoot_screen(app, window, path: Path) -> None:
    """The window's area of the screen, popups included (offscreen: the window alone)."""
    geometry = window.frameGeometry()
    shot = app.primaryScreen().grabWindow(
        0, geometry.x(), geometry.y(), geometry.width(), geometry.height()
    )
    if shot.isNull() or app.platformName() == "offscreen":
        shot = window.grab()
    shot.save(str(path))
    print(path)


def _quote_two_claims(window) -> None:
    panel = window.claims_panel
    for label in ("declared:", "pledged:"):
        rows = panel.find_rows(label)
        if rows:
            panel.tree.doubleClicked.emit(rows[0])


def _prepare_archive_shots(window) -> None:
    """Tags, a collection, a corrected date and two highlights, made as an analyst would."""
    from briefing_app.gui import library_undo

    data = window.workspace.userdata
    articles = list(window.workspace.articles())
    seed = next(a for a in articles if a.key.startswith("avdaliani"))
    # Tags an analyst would give: by region and theme, each where it belongs.
    by_word = {word: [a.id for a in articles if word in a.title] for word in ("Biden", "Tongan")}
    data.tag([seed.id], add=["Central Asia", "energy"])
    data.tag(by_word["Biden"], add=["US politics"])
    data.tag(by_word["Tongan"], add=["Pacific"])
    data.file([seed.id], data.ensure_collection("Kazakhstan brief").id)
    # Nested collections, some articles in each, and colours on the tags.
    data.file(by_word["Biden"], data.ensure_collection("Monitoring/United States").id)
    data.file(by_word["Tongan"], data.ensure_collection("Monitoring/Pacific").id)
    # Filed as the Add to Collection button does, so the Library's Undo names the step.
    library_undo.file_articles(
        window.library_view.history,
        [seed.id, *by_word["Biden"]],
        [data.ensure_collection("Reading list").id],
    )
    for tag, colour in (("Central Asia", "green"), ("energy", "orange"), ("Pacific", "blue")):
        data.set_tag_colour(tag, colour)
    window.library_view.refresh()
    view = window.open_article(seed.id)
    for words, colour in (("critical artery", "green"), ("first official visit abroad", "yellow")):
        start = view.article.text.find(words)
        if start >= 0:
            view.select_span(start, start + len(words))
            index = window.article_tools.highlights.colour_box.findData(colour)
            window.article_tools.highlights.colour_box.setCurrentIndex(index)
            window.article_tools.highlight_selection()
    placed = data.highlights(seed.id)
    if placed:
        data.update_highlight(seed.id, placed[0].highlight.id, comment="the pipeline argument")
        window.article_tools.highlights.reload()


def _library_main_shots(app, window, out: Path, tag: str, scheme: str) -> None:
    """The Library as the main view: a nested collection chosen, then a tag's colour menu."""
    view = window.library_view
    in_front = window.tabs.currentWidget()
    window.search_panel.set_query("")  # the whole library, not the last search's matches
    _wait(app, 0.8, until=lambda: view.model.search_ids is None)
    window.library_place.set_central(True)
    tree = view.collection_tree
    monitoring = window.workspace.userdata.shelf.find("Monitoring").id
    tree.setCurrentIndex(tree.item_of(monitoring).index())
    view.table.selectRow(0)
    _wait(app, 0.5)
    _shoot(window, out / f"library-main-{scheme}-{tag}.png")
    tree.setCurrentIndex(tree.item_of("").index())
    tags = view.tag_list
    item = tags.item_of("energy")
    menu = tags.menu_at(tags.visualItemRect(item).center())
    menu.popup(tags.viewport().mapToGlobal(tags.visualItemRect(item).center()))
    _wait(app, 0.6)
    _shoot_screen(app, window, out / f"library-tag-colour-{scheme}-{tag}.png")
    menu.close()
    window.library_place.set_central(False)
    window.tabs.setCurrentWidget(in_front)


def _archive_shots(app, window, out: Path, tag: str, scheme: str) -> None:
    """The Library dock, the Highlights panel and the metadata form."""
    _library_main_shots(app, window, out, tag, scheme)
    window.library_dock.show()
    window.library_view.table.selectRow(1)
    _wait(app, 0.4)
    _shoot(window, out / f"library-view-{scheme}-{tag}.png")
    window.article_tools.note_dock.show()
    window.article_tools.note_dock.raise_()
    _wait(app, 0.4)
    _shoot(window, out / f"note-tags-{scheme}-{tag}.png")
    window.article_tools.highlights_dock.show()
    window.article_tools.highlights_dock.raise_()
    tree = window.article_tools.highlights.tree
    if tree.topLevelItemCount():
        tree.setCurrentItem(tree.topLevelItem(0))
    _wait(app, 0.4)
    _shoot(window, out / f"highlights-panel-{scheme}-{tag}.png")
    dialog = window.article_tools.edit_metadata()
    if dialog is not None:
        dialog.editors["published"].setText("2023-12-04")
        dialog.editors["publisher"].setText("The Jamestown Foundation")
        _wait(app, 0.6)
        _shoot_screen(app, window, out / f"metadata-form-{scheme}-{tag}.png")
        dialog.reject()
    window.claims_dock.raise_()


def take(out: Path, size: tuple[int, int]) -> None:
    """All shots at one window size."""
    from briefing_app.gui import app as gui_app

    app, window = gui_app.start(None)
    window.resize(*size)
    window.show()
    seeded = []
    window.seeded.connect(seeded.append)
    _wait(app, 0.5, until=lambda: seeded)
    tag = f"{size[0]}x{size[1]}"
    rows = window.claims_panel.find_rows("pledged:")
    if rows:
        window.claims_panel.tree.setCurrentIndex(rows[0])
    _wait(app)
    _shoot(window, out / f"main-article-outline-{tag}.png")

    # A few more articles (committed Wikinews notes, CC BY 2.5) so results and facets vary.
    window.workspace.import_paths([EXTRA_ARTICLES])
    window.library_view.refresh()  # as the window does when an import of its own finishes
    window.index_keeper.check()
    window.search_panel.set_query("president")
    total = len(window.workspace.library)
    _wait(
        app,
        0.8,
        until=lambda: (
            window.search_panel.results.count() > 1
            and window.library_view.collection_tree.total == total
        ),
    )
    # Show the publisher facet open: its popup is a window of its own, so grab the screen.
    combo = window.search_panel.facet_combos["publisher"]
    combo.showPopup()
    _wait(app, 0.5)
    _shoot_screen(app, window, out / f"search-facets-{tag}.png")
    combo.hidePopup()

    _quote_two_claims(window)
    window.tabs.setCurrentWidget(window.current_brief())
    brief = window.current_brief()
    _wait(app, 1.0, until=lambda: "Avdaliani" in brief.preview.toPlainText())
    _shoot(window, out / f"brief-editor-preview-{tag}.png")

    window.set_theme("dark")
    window.tabs.setCurrentIndex(1)
    _wait(app, 0.5)
    _shoot(window, out / f"dark-scheme-{tag}.png")
    window.tabs.setCurrentWidget(brief)
    _wait(app, 0.5)
    _shoot(window, out / f"dark-brief-{tag}.png")

    window.set_theme("light")
    _prepare_archive_shots(window)
    _archive_shots(app, window, out, tag, "light")
    window.set_theme("dark")
    _archive_shots(app, window, out, tag, "dark")
    window.set_theme("system")
    for b in window.briefs():
        b.editor.document().setModified(False)
    window.close()
    window.workspace.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument(
        "--size", action="append", help="window size WxH (default: 1366x768 and 1920x1080)"
    )
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    sizes = [
        tuple(int(v) for v in s.lower().split("x"))
        for s in (args.size or ["1366x768", "1920x1080"])
    ]
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="briefing-shots-") as home:
            os.environ["BRIEFING_HOME"] = home  # a fresh first run for every size
            take(args.outdir, size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
