"""Start-up and preview speed: launch → usable window on the seed library, and the preview
re-render of a 20-page brief. Prints figures with baselines measured in the same run.

    xvfb-run -a .venv/bin/python bench/startup.py      (or QT_QPA_PLATFORM=offscreen)

Targets: a usable window in ≤ 1.5 s; a 20-page preview re-render in ≤ 100 ms.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
WORDS_PER_PAGE = 500

# Runs in a fresh interpreter: the clock starts before any import, as a launch does.
LAUNCH = r"""
import time; t0 = time.perf_counter()
import sys; sys.path.insert(0, {root!r})
from briefing_app.gui import app as gui_app
app, window = gui_app.start(None)
window.show()
article = window.workspace.articles()[0]
window.open_article(article.id)
app.processEvents()
print(f"{{time.perf_counter() - t0:.4f}}")
window.close()
"""

PRIME = r"""
import sys; sys.path.insert(0, {root!r})
from briefing_app.core.workspace import Workspace
ws = Workspace(None); ws.ensure_seeded(); ws.index.ensure_current(); print(len(ws.articles()))
"""

BASELINE = r"""
import time; t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([]); w = QMainWindow(); w.show(); app.processEvents()
print(f"{time.perf_counter() - t0:.4f}")
"""


def _timed(code: str, env: dict) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def bench_launch(env: dict) -> tuple[list[float], list[float]]:
    """Seconds from interpreter start to a shown window with the seed article open."""
    code = LAUNCH.format(root=str(ROOT))
    _timed(PRIME.format(root=str(ROOT)), env)  # the seed library and its index, not measured
    _timed(code, env)  # warm the OS file cache, as a second launch would be
    app_times = [_timed(code, env) for _ in range(RUNS)]
    base_times = [_timed(BASELINE, env) for _ in range(RUNS)]
    return app_times, base_times


def twenty_page_brief(article) -> str:
    """About 20 pages of prose with a quotation and citation in every paragraph."""
    paragraph_words = (
        "The analysis of regional energy policy continues with further context " * 10
    ).split()
    sentences = [s for s in article.paragraphs[0].split(". ") if len(s) > 40][:1] or [
        article.paragraphs[0][:80]
    ]
    quote = sentences[0].strip()
    parts = ["---\ntitle: Benchmark brief\ndate: 2024-01-01\n---\n"]
    words = 0
    section = 0
    while words < 20 * WORDS_PER_PAGE:
        if words // 1000 >= section:
            section += 1
            parts.append(f"## Section {section}\n")
        parts.append(" ".join(paragraph_words) + f" As reported, “{quote}” [@{article.key}, ¶1].\n")
        words += len(paragraph_words) + len(quote.split())
    return "\n".join(parts)


def bench_preview(env: dict) -> None:
    os.environ.update(env)
    from PySide6.QtWidgets import QApplication, QTextBrowser

    from briefing_app.core.settings import Settings
    from briefing_app.core.workspace import Workspace
    from briefing_app.gui.brief_rendering import make_renderer
    from briefing_app.gui.preview import BriefPreview

    app = QApplication.instance() or QApplication([])
    ws = Workspace(None)
    text = twenty_page_brief(ws.articles()[0])
    render = make_renderer(ws, Settings.load())
    preview = BriefPreview(render)
    preview.resize(700, 900)
    preview.show()
    preview.render_now(text)  # warm caches
    times = []
    for i in range(RUNS):
        edited = text + f"\nEdit {i}.\n"
        t0 = time.perf_counter()
        preview.render_now(edited)
        app.processEvents()
        preview.document().documentLayout().documentSize()  # force the full layout, not just page 1
        times.append(time.perf_counter() - t0)
    html = render(text)
    plain = QTextBrowser()
    plain.resize(700, 900)
    plain.show()
    base = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        plain.setHtml(html)
        app.processEvents()
        plain.document().documentLayout().documentSize()
        base.append(time.perf_counter() - t0)
    words = len(text.split())
    print(
        f"preview re-render, 20-page brief ({words} words): median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms (target ≤ 100 ms)"
    )
    print(
        f"  baseline: setHtml of the same HTML alone: median {statistics.median(base) * 1000:.0f} ms"
    )


def main() -> int:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen" if not env.get("DISPLAY") else "xcb")
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as home:
        env["BRIEFING_HOME"] = home
        app_times, base_times = bench_launch(env)
        print(
            f"launch → usable window (seed library, {RUNS} runs): median {statistics.median(app_times):.2f} s, "
            f"max {max(app_times):.2f} s (target ≤ 1.5 s)"
        )
        print(
            f"  baseline: bare QApplication + empty QMainWindow: median {statistics.median(base_times):.2f} s"
        )
        bench_preview(env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
