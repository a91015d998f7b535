"""The archive at scale: import, rebuild, disk, search, preview, window and memory, per size.

    .venv/bin/python bench/scale.py                     # 1,000 and 10,000 articles
    .venv/bin/python bench/scale.py --articles 1000     # one size (repeatable)
    .venv/bin/python bench/scale.py --large             # adds 100,000
    .venv/bin/python bench/scale.py --home DIR          # reading figures of a library built before
    .venv/bin/python bench/scale.py --home DIR --library postgresql://…   # of a team library
    .venv/bin/python bench/scale.py --backend whoosh --backend postgresql   # a column each

Articles are realistic: ~700-word Markdown notes recombined from the Wikinews fixtures in
`tests/fixtures/wikinews` (quotations kept, so claims are extracted; `tests/recombined.py`,
fixed seed). They are imported through `Workspace.import_paths`, the path the app and
`briefing import` use. For each size one Markdown table is printed; every figure is the
median of `--runs` runs (at least 3), and the output names the commit it measured.

What each row includes:
- import (empty library): `import_paths` of all N files (parse + claims in worker processes,
  atomic writes, catalog) plus `index.ensure_current()`, i.e. until search works; articles/s.
- import (N more, indexed): `import_paths` of 100 new files into the N-article library whose
  index is current (incremental indexing included); articles/s.
- rebuild index / rebuild catalog: `index.rebuild()` / `library.rebuild_catalog()` from the
  records; articles/s.
- disk: the index folder, the catalog file, the records (`article.json`), the originals, and
  the plain text of the articles (their `text`), with SQLite FTS5 over the same articles.
- search p50/p95 per query class: `Workspace.search(query, limit=20)` (hits with snippets,
  total, facets), against FTS5 top 20 with snippets and the total on the same articles; the
  claim classes search the claims (`claims=True`, the search box's claims mode), against FTS5
  over every claim's content and speaker.
- search as you type: each prefix of a few queries as typed, through the same call; and "in
  the window": the same keystrokes in the main window's search box, timed from the debounced
  run until the results list and facets are filled, and until the Library view is narrowed
  to every match too (the search and `matching_ids` on the task pool, the lists on the GUI
  thread): what the app does per keystroke. Taken in a process of its own, as the preview.
- preview: the render function the preview runs off the GUI thread (Markdown + citations
  resolved through the catalog) for a 20-page brief citing 30 articles, on a fresh workspace
  (cold: records read) and again (warm); "display" is the part left on the GUI thread when a
  background render is done: `setHtml` of the whole brief and its layout.
- window open: a fresh interpreter to a shown `MainWindow` on the library (offscreen; its
  bytecode cached by a first launch, as an installed app's is), and
  its resident memory after a search and an opened article (VmRSS; VmHWM is the peak);
  then, in the same process, the session's first claim search of a common word ("said":
  the claim view's per-generation reading included) and the peak memory after it.
- library view: `bench/library_view.py`'s figures on this same library (open, sort by each
  column, filter as you type, follow a search matching 1% and half of it, deep scrolls).

`--backend postgresql` measures a team library instead (or beside, with both options): the
same calls on a Workspace opened on a `postgresql://` database of its own per run, on a
throwaway cluster (`bench/team_databases.py`) or on the server `--pg-url` names. No catalog
rebuild (the articles table is the catalog); disk is `pg_total_relation_size` of the search
tables ("index") and of the others ("library tables"), and `pg_database_size`, read after
`VACUUM FULL`, with the database's size before it.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the preview and window need no display

import library_view  # noqa: E402  (bench/library_view.py, beside this script)
import team_databases  # noqa: E402  (bench/team_databases.py: throwaway PostgreSQL databases)

from tests.recombined import recombined_article, write_recombined  # noqa: E402

QUERIES_PER_CLASS = 30
CLAIM_CLASSES = ("claims: common term", "claims: 2-word AND")  # searched with claims=True
INCREMENT = 100
CITED = 30
STOPWORDS = {
    "the", "and", "that", "with", "from", "this", "have", "were", "which", "their", "they",
    "been", "said", "would", "will", "also", "after", "about", "there", "other", "into",
}  # fmt: skip

WINDOW = r"""
import time; t0 = time.perf_counter()
import json, sys; sys.path.insert(0, {root!r})
from briefing_app.gui import app as gui_app
app, window = gui_app.start({library!r}, first_run_seed=False)
window.show(); app.processEvents()
opened = time.perf_counter() - t0
ws = window.workspace
ws.search("minister", limit=20)
window.open_article(ws.articles()[0].id); app.processEvents()
def kib(name):
    status = open("/proc/self/status").read().splitlines()
    return int(next(l for l in status if l.startswith(name + ":")).split()[1])
figures = {{"open": opened, "rss": kib("VmRSS"), "hwm": kib("VmHWM")}}
t1 = time.perf_counter()
ws.search("said", limit=20, claims=True)  # the session's first claim search: a common word
figures.update(claims=time.perf_counter() - t1, claims_hwm=kib("VmHWM"))
print(json.dumps(figures))
window.close()
ws.close()
"""


def keep_bytecode(folder: Path) -> None:
    """Let this process and those it starts keep Python's compiled bytecode, in `folder`, as
    an installed app does after its first launch (pip compiles a wheel's modules; a checkout
    writes `__pycache__` on its first run). An environment that turns the cache off
    (PYTHONDONTWRITEBYTECODE) made every window launched and every import worker compile
    the app's modules again: 0.2-0.4 s of the window's opening at 100,000 articles."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder)
    sys.dont_write_bytecode = False
    sys.pycache_prefix = str(folder)


def median(values):
    return statistics.median(values)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def commit() -> str:
    def git(*args):
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip()

    dirty = (
        " (with uncommitted changes)" if git("status", "--porcelain", "--", "briefing_app") else ""
    )
    return f"{git('rev-parse', '--short', 'HEAD')}{dirty}"


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


class Site:
    """Where one measured library lives: a BRIEFING_HOME folder (settings, caches) and the
    library's location, the folder `home/library` or a team library's database."""

    def __init__(self, home: Path, location: str | None = None):
        self.home = home
        self.location = location
        home.mkdir(parents=True, exist_ok=True)

    @property
    def library(self) -> str:
        return self.location or str(self.home / "library")

    def workspace(self):
        """A new Workspace on the library, as a new window or command opens it."""
        os.environ["BRIEFING_HOME"] = str(self.home)
        from briefing_app.core.workspace import Workspace

        return Workspace(self.library)


def done(ws) -> None:
    """Close a workspace the bench opened, with its search index (a team library's index and
    stores hold connections of their own until closed or collected)."""
    if "index" in vars(ws):
        ws.index.close()
    ws.close()
    gc.collect()


class Folders:
    """Libraries in folders, searched through the Whoosh index: the app's default."""

    name = "Whoosh"
    rebuilds_catalog = True  # a folder's catalog is a cache rebuilt from the records

    def site(self, home: Path, label: str) -> Site:
        return Site(home)

    def discard(self, site: Site) -> None:
        shutil.rmtree(site.home)

    def disk(self, ws, site: Site, articles) -> dict[str, int]:
        from briefing_app import paths

        lib = ws.library
        records = sum((lib.folder(a.id) / "article.json").stat().st_size for a in articles)
        originals = sum(lib.original_path(a).stat().st_size for a in articles)
        lib._catalog.close()  # the last connection out checkpoints and removes the WAL
        return {
            "index": folder_bytes(paths.index_dir(ws.root)),
            "catalog": lib._catalog.path.stat().st_size,
            "records": records,
            "originals": originals,
        }

    def close(self) -> None:
        pass


class TeamDatabases:
    """Team libraries, each in a database of its own on one PostgreSQL server, searched
    through PostgreSQL's full-text search (`core/team/`)."""

    name = "PostgreSQL"
    rebuilds_catalog = False  # the catalog is the articles table itself: nothing to rebuild

    def __init__(self, url: str | None):
        self.databases = team_databases.Databases(url)

    def site(self, home: Path, label: str) -> Site:
        return Site(home, self.databases.create(f"briefing_scale_{label}"))

    def discard(self, site: Site) -> None:
        self.databases.drop(site.location)
        shutil.rmtree(site.home)

    def disk(self, ws, site: Site, articles) -> dict[str, int]:
        done(ws)  # nothing of ours holds a row while the sizes are read
        # The rebuilds leave the replaced rows behind until (auto)vacuum reuses their space:
        # the database as they left it, then every table rewritten to its live rows.
        left = team_databases.database_bytes(site.location)
        team_databases.vacuum_full(site.location)
        tables = team_databases.table_bytes(site.location)
        index = team_databases.search_bytes(site.location)
        return {
            "index": index,
            "library tables": sum(tables.values()) - index,
            "whole database": team_databases.database_bytes(site.location),
            "whole database before VACUUM FULL": left,
        }

    def close(self) -> None:
        self.databases.close()


# -- import and rebuild ------------------------------------------------------------------------
def time_first_import(
    source: Path, work: Path, n: int, runs: int, backend
) -> tuple[list[float], Site]:
    """Seconds to import N files into an empty library and have its index current."""
    times, site = [], None
    for run in range(runs):
        site = backend.site(work / f"home{run}", f"{n}_{run}")
        ws = site.workspace()
        t0 = time.perf_counter()
        results = ws.import_paths([source])
        ws.index.ensure_current()
        times.append(time.perf_counter() - t0)
        failed = [r for r in results if r.status != "imported"]
        assert not failed and len(results) == n, failed[:3]
        done(ws)
        if run < runs - 1:
            backend.discard(site)
    return times, site


def time_incremental_import(site: Site, work: Path, n: int, runs: int) -> list[float]:
    times = []
    for run in range(runs):
        extra = work / f"extra{run}"
        if not extra.exists():  # the same files for every backend measured
            write_recombined(extra, INCREMENT, start=n + run * INCREMENT)
        ws = site.workspace()
        ws.index.ensure_current()
        t0 = time.perf_counter()
        results = ws.import_paths([extra])
        times.append(time.perf_counter() - t0)
        assert all(r.status == "imported" for r in results)
        done(ws)
    return times


def time_rebuilds(site: Site, runs: int, backend) -> tuple[list[float], list[float], int]:
    index_times, catalog_times = [], []
    for _ in range(runs):
        ws = site.workspace()
        count = len(ws.library)
        t0 = time.perf_counter()
        ws.index.rebuild()
        index_times.append(time.perf_counter() - t0)
        if backend.rebuilds_catalog:
            t0 = time.perf_counter()
            ws.library.rebuild_catalog()
            catalog_times.append(time.perf_counter() - t0)
        done(ws)
    return index_times, catalog_times, count


# -- disk and FTS5 -----------------------------------------------------------------------------
def read_everything(ws) -> list:
    """Every article (the benchmark's own full read, for FTS5, the queries and the plain-text
    size), frozen out of the garbage collector's sight until `forget_everything`.

    The app never holds every article; a process that holds 100,000 of them (tens of millions
    of objects) spends seconds in each full collection, which then lands in whatever figure
    is being timed: a search, a keystroke in the window, the preview.
    """
    articles = [ws.library.get(i) for i in ws.library.ids()]
    gc.collect()
    gc.freeze()
    return articles


def forget_everything() -> None:
    """The bench's own articles back under the collector (they are about to be dropped)."""
    gc.unfreeze()


def disk(ws, site: Site, backend, articles, fts_path: Path) -> dict[str, int]:
    """The backend's own sizes, with the articles' plain text and FTS5 over them."""
    return backend.disk(ws, site, articles) | {
        "text": sum(len(a.text.encode("utf-8")) for a in articles),
        "fts5": fts_path.stat().st_size,
    }


def build_fts(path: Path, articles) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, publisher, author, published UNINDEXED,"
        " tokenize='porter unicode61 remove_diacritics 2')"
    )
    with db:
        db.executemany(
            "INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
            (
                (a.title, a.text, a.metadata.publisher, " ".join(a.authors), a.metadata.published)
                for a in articles
            ),
        )
    db.execute(
        "CREATE VIRTUAL TABLE claims USING fts5(content, speaker,"
        " tokenize='porter unicode61 remove_diacritics 2')"
    )
    with db:
        db.executemany(
            "INSERT INTO claims VALUES (?, ?)",
            (
                (c.get("content") or "", f"{c.get('speaker') or ''} {c.get('speaker_name') or ''}")
                for a in articles
                for c in a.claims
            ),
        )
    for table in ("docs", "claims"):
        db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
    db.commit()
    return db


# -- queries -----------------------------------------------------------------------------------
def make_queries(articles, rng: random.Random) -> dict[str, list[tuple[str, str, tuple]]]:
    """Per class: (app query, FTS5 match, extra SQL params) — the same question to both."""
    counts = Counter()
    for a in articles[:500]:
        counts.update(w for w in re.findall(r"[a-z]{4,}", a.text.lower()) if w not in STOPWORDS)
    ranked = [w for w, _ in counts.most_common()]
    common = ranked[:QUERIES_PER_CLASS]
    rare = ranked[-QUERIES_PER_CLASS:]  # the least frequent words of the sample
    pairs = [(rng.choice(ranked[:300]), rng.choice(ranked[:300])) for _ in range(QUERIES_PER_CLASS)]
    phrases = []
    while len(phrases) < QUERIES_PER_CLASS:
        words = re.findall(r"[A-Za-z]+", rng.choice(rng.choice(articles).paragraphs))
        if len(words) > 4:
            start = rng.randrange(len(words) - 3)
            phrases.append(" ".join(words[start : start + 3]).lower())
    publishers = sorted({a.metadata.publisher for a in articles if a.metadata.publisher})
    ranges = []
    for _ in range(QUERIES_PER_CLASS):
        year = rng.randint(2015, 2024)
        ranges.append((rng.choice(publishers), f"{year}-01-01", f"{year}-06-30"))
    prefixes = [w[:4] for w in ranked[40 : 40 + QUERIES_PER_CLASS]]
    return {
        "common term": [(w, w, ()) for w in common],
        "claims: common term": [(w, w, ()) for w in common],
        "claims: 2-word AND": [(f"{a} {b}", f"{a} {b}", ()) for a, b in pairs],
        "rare term": [(w, w, ()) for w in rare],
        "2-word AND": [(f"{a} {b}", f"{a} {b}", ()) for a, b in pairs],
        "3-word phrase": [(f'"{p}"', f'"{p}"', ()) for p in phrases],
        "prefix": [(f"{p}*", f"{p}*", ()) for p in prefixes],
        "field + date range": [
            (f'publisher:"{p}" published:[{a} to {b}]', f'publisher:"{p}"', (a, b))
            for p, a, b in ranges
        ],
    }


def time_app_search(ws, queries) -> dict[str, list[float]]:
    out = {}
    for name, items in queries.items():
        out[name] = []
        for query, _, _ in items:
            t0 = time.perf_counter()
            results = ws.search(query, limit=20, claims=name in CLAIM_CLASSES)
            out[name].append((time.perf_counter() - t0) * 1000)
            assert results.total >= 0
    return out


def time_fts(db: sqlite3.Connection, queries) -> dict[str, list[float]]:
    top = (
        "SELECT rowid, bm25({t}), snippet({t}, {shown}, '<b>', '</b>', '…', 40) FROM {t}"
        " WHERE {t} MATCH ? {extra} ORDER BY rank LIMIT 20"
    )
    count = "SELECT count(*) FROM {t} WHERE {t} MATCH ? {extra}"
    out = {}
    for name, items in queries.items():
        out[name] = []
        table, shown = ("claims", 0) if name in CLAIM_CLASSES else ("docs", 1)
        for _, match, extra_params in items:
            extra = "AND published BETWEEN ? AND ?" if extra_params else ""
            words = {"t": table, "shown": shown, "extra": extra}
            t0 = time.perf_counter()
            db.execute(top.format(**words), (match, *extra_params)).fetchall()
            db.execute(count.format(**words), (match, *extra_params)).fetchone()
            out[name].append((time.perf_counter() - t0) * 1000)
    return out


def time_typing(ws, queries) -> list[float]:
    """Each prefix of a few queries, as the search box sends them while typing."""
    times = []
    for query, _, _ in queries["2-word AND"][:8]:
        for end in range(2, len(query) + 1):
            prefix = query[:end].strip()
            if not prefix:
                continue
            t0 = time.perf_counter()
            try:
                ws.search(prefix, limit=50)
            except Exception as exc:  # a half-typed query may not parse; the box shows why
                if type(exc).__name__ != "QueryError":
                    raise
            times.append((time.perf_counter() - t0) * 1000)
    return times


def time_window_typing(site: Site, queries) -> dict[str, list[float]]:
    """Keystrokes in the window's search box, as the app runs them: the search (hits with
    snippets and facets) and every matching id (for the Library view) on the task pool, the
    results list and facets filled, and the Library view narrowed to the matches. Timed from
    the debounced run to both shown; "results" is until the list is filled. The window's
    start-up check and its read-ahead of the index are done before the first keystroke."""
    from PySide6.QtWidgets import QApplication

    from briefing_app.core.settings import Settings
    from briefing_app.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(site.workspace(), Settings())
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    # As `gui.app` does once the window is shown: the index checked, then read ahead on the
    # task pool; a user's first keystroke comes after that (0.4 s at 100,000 articles).
    window.index_keeper.check()
    while window.runner.busy():
        app.processEvents()
        time.sleep(0.005)
    panel = window.search_panel
    state = {}
    panel.query_changed.connect(lambda q: state.__setitem__("results", time.perf_counter()))
    panel.matches_changed.connect(lambda _ids: state.__setitem__("matches", time.perf_counter()))
    out = {"results": [], "both": []}
    for query, _, _ in queries["2-word AND"][:8]:
        for end in range(2, len(query) + 1):
            prefix = query[:end].strip()
            if not prefix or prefix == panel.query_box.text():
                continue
            state.clear()
            panel.error_label.setText("")
            panel.query_box.setText(prefix)
            t0 = time.perf_counter()
            panel.run_now()
            deadline = t0 + 60
            while time.perf_counter() < deadline:
                app.processEvents()
                failed = bool(panel.error_label.text())
                if ("results" in state or failed) and ("matches" in state or failed):
                    break
                time.sleep(0.0005)
            else:
                raise RuntimeError(f"no answer to {prefix!r} in the window")
            if failed:
                continue  # a half-typed query the box refuses: no results to time
            out["results"].append((state["results"] - t0) * 1000)
            out["both"].append((max(state["results"], state["matches"]) - t0) * 1000)
    window.runner.wait()
    window.close()
    done(window.workspace)
    window.deleteLater()
    app.processEvents()
    return out


# -- preview -----------------------------------------------------------------------------------
def brief_citing(articles) -> str:
    """About 20 pages (10,000 words), a quotation with a citation in every paragraph."""
    filler = ("The analysis of regional policy continues with further context " * 9).split()
    parts, words, n = ["---\ntitle: Scale brief\ndate: 2024-01-01\n---\n"], 0, 0
    while words < 10_000:
        article = articles[n % len(articles)]
        sentence = next(
            (s for s in article.paragraphs[0].split(". ") if len(s) > 40),
            article.paragraphs[0][:80],
        )
        if n % 8 == 0:
            parts.append(f"## Section {n // 8 + 1}\n")
        parts.append(
            f"{' '.join(filler)} As reported, “{sentence.strip()}” [@{article.key}, ¶1].\n"
        )
        words += len(filler) + len(sentence.split())
        n += 1
    return "\n".join(parts)


def time_preview(site: Site, cited_ids: list[str], runs: int) -> dict[str, list[float]]:
    from PySide6.QtWidgets import QApplication

    from briefing_app.core.brief import chicago
    from briefing_app.core.settings import Settings
    from briefing_app.gui.brief_rendering import make_renderer
    from briefing_app.gui.preview import BriefPreview

    app = QApplication.instance() or QApplication([])
    out = {"cold": [], "warm": [], "display": []}
    text = None
    for _ in range(runs):
        ws = site.workspace()  # a fresh Library: nothing cached
        if text is None:
            text = brief_citing([ws.library.get(i) for i in cited_ids])
            done(ws)
            ws = site.workspace()
        render = make_renderer(ws, Settings())
        # Cold as after opening the app: no record read and no title cased yet.
        chicago.headline_case.cache_clear()
        chicago.short_title.cache_clear()
        t0 = time.perf_counter()
        html = render(text)
        out["cold"].append((time.perf_counter() - t0) * 1000)
        assert "unknown source" not in html
        t0 = time.perf_counter()
        render(text + "\nOne more line.\n")
        out["warm"].append((time.perf_counter() - t0) * 1000)
        preview = BriefPreview(render)
        preview.resize(700, 900)
        preview.show()
        preview.render_now(text)  # the first display (fonts, styles) is not the one timed
        app.processEvents()
        html = render(text + "\nAnother line.\n")
        # What the GUI thread does when a background render is done (`BriefPreview._show`):
        # the whole HTML set again and laid out.
        t0 = time.perf_counter()
        preview.setHtml(html)
        preview.document().documentLayout().documentSize()
        app.processEvents()
        out["display"].append((time.perf_counter() - t0) * 1000)
        preview.deleteLater()
        done(ws)
    return out


def time_window(site: Site, runs: int) -> list[dict]:
    env = dict(os.environ, BRIEFING_HOME=str(site.home), QT_QPA_PLATFORM="offscreen")
    code = WINDOW.format(root=str(ROOT), library=site.location)  # None: the default folder
    out = []
    for _ in range(runs + 1):  # the first warms the OS file cache, as a second launch would
        proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr[-2000:])
        out.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return out[1:]


def in_child(site: Site, figure: str, given) -> dict:
    """A figure of the window (`time_window_typing`, `time_preview`) taken in a process of its
    own, as the app's own process would show it: not in the bench's, which holds every
    article (for FTS5 and the queries) and the windows of earlier runs. Holding 100,000
    articles made the preview's display a fifth slower alone."""
    env = dict(os.environ, BRIEFING_HOME=str(site.home), QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, __file__, "--child", figure]
    if site.location:
        command += ["--library", site.location]
    proc = subprocess.run(
        command, input=json.dumps(given), env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{figure} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def child(figure: str, home: Path, location: str | None) -> int:
    """`--child`: take one window figure on the library, from the JSON on stdin."""
    given = json.loads(sys.stdin.read())
    site = Site(home, location)
    if figure == "window-typing":
        out = time_window_typing(site, given)
    else:
        out = time_preview(site, given["cited"], given["runs"])
    print(json.dumps(out))
    return 0


# -- one size ----------------------------------------------------------------------------------
def note(n: int, stage: str, **figures) -> None:
    """Progress and each stage's raw figures on stderr, so a long run is never lost."""
    print(f"[{n:,}] {stage} {json.dumps(figures) if figures else ''}", file=sys.stderr, flush=True)


def measure(n: int, source: Path, work: Path, runs: int, backend) -> dict:
    note(n, f"{backend.name}: first imports")
    first, site = time_first_import(source, work, n, runs, backend)
    note(n, "incremental imports", first=first)
    incremental = time_incremental_import(site, work.parent, n, runs)
    note(n, "rebuilds", incremental=incremental)
    index_rebuild, catalog_rebuild, count = time_rebuilds(site, runs, backend)
    note(n, "disk", index_rebuild=index_rebuild, catalog_rebuild=catalog_rebuild, count=count)
    ws = site.workspace()
    articles = read_everything(ws)
    fts_path = work / "fts5.sqlite3"
    db = build_fts(fts_path, articles)
    sizes = disk(ws, site, backend, articles, fts_path)
    done(ws)
    note(n, "searches", disk=sizes)
    figures = {
        "n": n,
        "count": count,
        "first": first,
        "incremental": incremental,
        "index_rebuild": index_rebuild,
        "catalog_rebuild": catalog_rebuild,
        "disk": sizes,
    }
    return figures | measure_reading(site, articles, db, runs)


def searched(site: Site, timing, queries) -> dict:
    """`timing(workspace, queries)` on a newly opened workspace, closed after."""
    ws = site.workspace()
    try:
        return timing(ws, queries)
    finally:
        done(ws)


def measure_reading(site: Site, articles, db, runs: int) -> dict:
    """Everything that reads the library: searches (with FTS5's), typing, preview, window."""
    n = len(articles)
    queries = make_queries(articles, random.Random(11))
    app_runs = [searched(site, time_app_search, queries) for _ in range(runs)]
    fts_runs = [time_fts(db, queries) for _ in range(runs)]
    typing = [searched(site, time_typing, queries) for _ in range(runs)]
    note(n, "typing in the window", app=app_runs, fts=fts_runs, typing=typing)
    typed = {"2-word AND": queries["2-word AND"]}
    window_typing = [in_child(site, "window-typing", typed) for _ in range(runs)]
    cited = [a.id for a in random.Random(5).sample(articles, CITED)]
    note(n, "preview and window", window_typing=window_typing)
    preview = in_child(site, "preview", {"cited": cited, "runs": runs})
    window = time_window(site, runs)
    note(n, "library view", preview=preview, window=window)
    view = [library_view.measure_view(site.library) for _ in range(runs)]
    note(n, "done", view=view)
    return {
        "app": app_runs,
        "fts": fts_runs,
        "typing": typing,
        "window_typing": window_typing,
        "preview": preview,
        "window": window,
        "view": view,
    }


def measure_existing(
    home: Path,
    location: str | None,
    work: Path,
    runs: int,
    rebuilds: bool = False,
    reading: bool = True,
) -> dict:
    """The reading figures of a library built before (`--home`, and `--library` for a team
    library): no import; its rebuilds too with `rebuilds`, only them without `reading`."""
    site = Site(home, location)
    ws = site.workspace()
    ws.index.ensure_current()
    articles = read_everything(ws)
    done(ws)
    try:
        figures: dict = {"n": len(articles), "count": len(articles)}
        if rebuilds:
            note(len(articles), "rebuilds")
            backend = TeamDatabases if location else Folders
            index_times, catalog_times, _ = time_rebuilds(site, runs, backend)
            figures |= {"index_rebuild": index_times, "catalog_rebuild": catalog_times}
        if not reading:
            return figures
        note(len(articles), "FTS5 over the same articles")
        db = build_fts(work / "fts5.sqlite3", articles)
        return figures | measure_reading(site, articles, db, runs)
    finally:
        forget_everything()


def print_table(by_backend: dict[str, dict], runs: int) -> None:
    """One table per size, a column per backend measured (rows one backend lacks show —)."""
    first = next(iter(by_backend.values()))
    print(f"\n### {first['n']:,} articles\n")
    columns = {name: dict(table_rows(m)) for name, m in by_backend.items()}
    labels: list[str] = []  # each column's rows in its own order, merged
    for rows in columns.values():
        at = -1
        for label in rows:
            if label in labels:
                at = labels.index(label)
            else:
                at += 1
                labels.insert(at, label)
    print(f"| figure (median of {runs} runs) | {' | '.join(columns)} |")
    print("| --- |" + " --- |" * len(columns))
    for label in labels:
        print(f"| {label} | {' | '.join(rows.get(label, '—') for rows in columns.values())} |")


def table_rows(m: dict) -> list[tuple[str, str]]:
    if "first" in m:
        building = building_rows(m)
    elif "index_rebuild" in m:  # an existing library's rebuilds (`--home --rebuilds`)
        building = rebuild_rows(m)
    else:
        building = []
    if "app" not in m:  # `--rebuilds-only`
        return building
    return building + reading_rows(m) + view_rows(m)


def rebuild_rows(m: dict) -> list[tuple[str, str]]:
    count = m["count"]
    rate = lambda t: f"{count / median(t):,.1f} articles/s ({median(t):.0f} s)"  # noqa: E731
    rows = [(f"rebuild index ({count:,} articles)", rate(m["index_rebuild"]))]
    if m["catalog_rebuild"]:
        rows.append(("rebuild catalog", rate(m["catalog_rebuild"])))
    return rows


def building_rows(m: dict) -> list[tuple[str, str]]:
    n, count = m["n"], m["count"]
    rate = lambda k, t: f"{k / median(t):,.1f} articles/s"  # noqa: E731
    rows = [
        (
            "import into an empty library, until searchable",
            f"{rate(n, m['first'])} ({median(m['first']):.1f} s)",
        ),
        (f"import {INCREMENT} more into it (index current)", rate(INCREMENT, m["incremental"])),
        (f"rebuild index ({count:,} articles)", rate(count, m["index_rebuild"])),
    ]
    if m["catalog_rebuild"]:
        rows.append(("rebuild catalog", rate(count, m["catalog_rebuild"])))
    d = m["disk"]
    text = d["text"]
    for name in [k for k in d if k not in ("text", "fts5")] + ["fts5"]:
        rows.append((f"disk: {name}", f"{mb(d[name])} ({d[name] / text:.1f}× the plain text)"))
    rows.append(("disk: plain text of the articles", mb(text)))
    return rows


def reading_rows(m: dict) -> list[tuple[str, str]]:
    rows = []
    for name in m["app"][0]:
        p50 = median([median(r[name]) for r in m["app"]])
        p95 = median([percentile(r[name], 0.95) for r in m["app"]])
        f50 = median([median(r[name]) for r in m["fts"]])
        f95 = median([percentile(r[name], 0.95) for r in m["fts"]])
        rows.append(
            (
                f"search {name}: p50 / p95 (FTS5)",
                f"{p50:.0f} / {p95:.0f} ms ({f50:.1f} / {f95:.1f} ms)",
            )
        )
    t95 = median([percentile(t, 0.95) for t in m["typing"]])
    t50 = median([median(t) for t in m["typing"]])
    rows.append(
        (
            "search as you type (`Workspace.search`): p50 / p95 per keystroke",
            f"{t50:.0f} / {t95:.0f} ms",
        )
    )
    for part, label in (("results", "results shown"), ("both", "results and Library view")):
        w = [r[part] for r in m["window_typing"]]
        rows.append(
            (
                f"search as you type in the window, {label}: p50 / p95",
                f"{median([median(x) for x in w]):.0f} / "
                f"{median([percentile(x, 0.95) for x in w]):.0f} ms",
            )
        )
    pv = m["preview"]
    rows.append(
        (
            f"preview, 20 pages citing {CITED}: cold / warm render (worker), display (GUI thread)",
            f"{median(pv['cold']):.0f} / {median(pv['warm']):.0f} ms, "
            f"{median(pv['display']):.0f} ms",
        )
    )
    w = m["window"]
    rows.append(
        (
            "window open (fresh interpreter → shown MainWindow)",
            f"{median([x['open'] for x in w]):.2f} s",
        )
    )
    rows.append(
        (
            "resident memory after a search and an article (peak)",
            f"{median([x['rss'] for x in w]) / 1024:,.0f} MiB "
            f"({median([x['hwm'] for x in w]) / 1024:,.0f} MiB)",
        )
    )
    rows.append(
        (
            'first claim search of a session ("said", in the window\'s process); peak memory after',
            f"{median([x['claims'] for x in w]):.2f} s; "
            f"{median([x['claims_hwm'] for x in w]) / 1024:,.0f} MiB",
        )
    )
    return rows


def view_rows(m: dict) -> list[tuple[str, str]]:
    """The Library view over the same library: open, sorts, filters, following a search."""
    runs = m["view"]
    return [
        (f"library view: {name}", f"{median([r[name] for r in runs]):.0f} ms")
        for name in runs[0]
        if not name.startswith("pages")
    ]


def load_note(load: float) -> str:
    """What the load average means for the wall times printed."""
    cores = os.cpu_count() or 1
    if load < 0.5 * cores:
        return f"load average {load:.1f} on {cores} cores (a quiet machine)"
    return (
        f"load average {load:.1f} on {cores} cores: a LOADED machine, wall times are longer "
        "than on a quiet one"
    )


def cpu_times() -> tuple[int, int] | None:
    """(steal, total) clock ticks of the whole machine so far, from /proc/stat (Linux)."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(n) for n in stat.readline().split()[1:]]
    except OSError:
        return None
    return (ticks[7] if len(ticks) > 7 else 0), sum(ticks[:8])


def end_note(start: tuple[int, int] | None = None) -> str:
    """The load at the end (the bench's own processes are in it, so it is not judged), and
    the share of CPU time the host took from this virtual machine meanwhile ("steal": the
    cores were not this machine's, so wall times are longer than the work)."""
    note = f"\nload average at the end: {os.getloadavg()[0]:.1f} (the bench's own work included)"
    end = cpu_times()
    if start is not None and end is not None and end[1] > start[1]:
        stolen = (end[0] - start[0]) / (end[1] - start[1])
        note += f"; CPU time stolen by the host during the run: {100 * stolen:.1f}%"
    return note


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, action="append", help="a size to run (repeatable)")
    parser.add_argument("--large", action="store_true", help="add the 100,000-article run")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (at least 3)")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it")
    parser.add_argument(
        "--backend",
        choices=("whoosh", "postgresql"),
        action="append",
        help="the library measured: folders searched by Whoosh (default), a team library on "
        "PostgreSQL, or both (repeat the option: a column each, on the same articles)",
    )
    parser.add_argument(
        "--pg-url",
        metavar="URL",
        help="a postgresql:// server whose user may CREATE DATABASE (default: a throwaway "
        "cluster of the bench's own, from Debian's server binaries); its databases are "
        "dropped at the end",
    )
    parser.add_argument(
        "--home",
        metavar="DIR",
        help="measure the library already in BRIEFING_HOME DIR (reading figures only)",
    )
    parser.add_argument(
        "--rebuilds",
        action="store_true",
        help="with --home: also time rebuilding its index and catalog (each --runs times)",
    )
    parser.add_argument(
        "--rebuilds-only",
        action="store_true",
        help="with --home: time its index and catalog rebuilds only (no reading figures)",
    )
    parser.add_argument(
        "--library",
        metavar="LOCATION",
        help="with --home: the team library measured, a postgresql:// location (default: the "
        "library folder DIR/library)",
    )
    parser.add_argument("--child", choices=("window-typing", "preview"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, Path(os.environ["BRIEFING_HOME"]), args.library)
    if args.runs < 3:
        parser.error("every figure is a median of at least 3 runs")
    chosen = list(dict.fromkeys(args.backend or ["whoosh"]))
    if args.home and args.backend:
        parser.error("--home measures the library it is given: --library, not --backend")
    if args.library and not args.home:
        parser.error("--library needs --home (the settings and caches of the measured library)")
    if (args.rebuilds or args.rebuilds_only) and not args.home:
        parser.error("--rebuilds is for --home (a full run times the rebuilds anyway)")
    sizes = args.articles or [1_000, 10_000]
    if args.large:
        sizes.append(100_000)
    recombined_article(0)  # fail early when the fixtures are missing
    bytecode = tempfile.TemporaryDirectory(prefix="scale-bytecode-")
    keep_bytecode(Path(bytecode.name))
    started = cpu_times()
    print(f"## bench/scale.py at commit {commit()}\n")
    print(
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{load_note(os.getloadavg()[0])} at the start; "
        f"articles: ~700-word notes recombined from the Wikinews fixtures (seed 7)."
    )
    if args.home:
        with tempfile.TemporaryDirectory(prefix="scale-home-") as work:
            figures = measure_existing(
                Path(args.home),
                args.library,
                Path(work),
                args.runs,
                args.rebuilds or args.rebuilds_only,
                reading=not args.rebuilds_only,
            )
        name = TeamDatabases.name if args.library else Folders.name
        print_table({name: figures}, args.runs)
        print(end_note(started))
        return 0
    backends = [Folders() if name == "whoosh" else TeamDatabases(args.pg_url) for name in chosen]
    try:
        for n in sizes:
            measure_size(n, backends, args)
    finally:
        for backend in backends:
            backend.close()
    print(end_note(started))
    return 0


def measure_size(n: int, backends: list, args) -> None:
    """One table: the same N articles imported into each backend's library."""
    work = Path(args.keep) / str(n) if args.keep else Path(tempfile.mkdtemp(prefix=f"scale-{n}-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        source = work / "source"
        note(n, "writing articles")
        write_recombined(source, n)
        figures = {}
        for backend in backends:
            own = work / backend.name.lower()
            own.mkdir(exist_ok=True)
            figures[backend.name] = measure(n, source, own, args.runs, backend)
            forget_everything()
        print_table(figures, args.runs)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
