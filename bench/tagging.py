"""Tagging a large selection in a library folder: what the window waits for, and the indexing
left to the task pool.

    .venv/bin/python bench/tagging.py --home DIR [--select 1000] [--runs 3]
    .venv/bin/python bench/tagging.py --articles 2000 [--select 1000] [--runs 3]

`--home` measures an existing library (a BRIEFING_HOME holding `library/`, such as the one
`bench/scale.py --keep DIR` leaves); `--articles N` imports N recombined articles (the scale
bench's generator) into a throwaway library first, its index current. Each run tags `--select`
articles spread over the library with a new tag, then takes the tag off again, two ways in
turn on the same library:
- **window**: `UserData.tag` as the window calls it (the workspace's `refresh_later` set): the
  time the call holds the caller (the GUI thread), then `SearchIndex.refresh_pending()`, the
  indexing the task pool runs after it;
- **in the call**: the same indexing done inside the call, as the command line does it (one
  Whoosh writer per index; past its memory its postings go to term runs on disk).
The CPU time the host took from this machine meanwhile (steal) is printed too.
Medians of the runs; the commit and the machine's load are printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scale import commit, cpu_times, end_note  # noqa: E402  (bench/scale.py, beside this script)

from tests.recombined import write_recombined  # noqa: E402


def _library(args, work: Path) -> Path:
    """The BRIEFING_HOME to measure (imported here when `--articles` is given)."""
    if args.home:
        return Path(args.home)
    home = work / "home"
    os.environ["BRIEFING_HOME"] = str(home)
    from briefing_app.core.workspace import Workspace

    source = work / "source"
    write_recombined(source, args.articles)
    ws = Workspace(home / "library")
    ws.import_paths([source])
    ws.index.ensure_current()
    ws.index.close()
    ws.close()
    return home


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def measure(home: Path, select: int, runs: int) -> dict[str, list[float]]:
    os.environ["BRIEFING_HOME"] = str(home)
    from briefing_app.core.workspace import Workspace

    ws = Workspace(home / "library")
    ws.index.ensure_current()
    ids = ws.library.ids()
    step = max(1, len(ids) // select)
    chosen = ids[::step][:select]
    data, index = ws.userdata, ws.index
    times: dict[str, list[float]] = {}
    for run in range(runs):
        tag = f"bench-{os.getpid()}-{run}"
        for way in ("window", "in the call"):
            ws.refresh_later = (lambda: None) if way == "window" else None
            for change, kwargs in (("tag", {"add": [tag]}), ("untag", {"remove": [tag]})):
                held = _timed(lambda kwargs=kwargs: data.tag(chosen, **kwargs))
                times.setdefault(f"{way} {change}: call", []).append(held)
                if way == "window":
                    later = _timed(index.refresh_pending)
                    times.setdefault(f"{way} {change}: indexing on the task pool", []).append(later)
            print(f"  run {run + 1}, {way}: done", flush=True)
    index.close()
    ws.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", help="an existing BRIEFING_HOME holding library/")
    parser.add_argument("--articles", type=int, default=2000, help="articles to import first")
    parser.add_argument("--select", type=int, default=1000, help="articles tagged at once")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    started = cpu_times()
    with tempfile.TemporaryDirectory(prefix="briefing-tagging-") as work:
        home = _library(args, Path(work))
        times = measure(home, args.select, args.runs)
    from briefing_app.core.library import Library

    size = len(Library(home / "library").ids()) if args.home else args.articles
    print(f"\n## bench/tagging.py at commit {commit()}")
    print(
        f"{args.select:,} of {size:,} articles tagged and untagged, median of {args.runs} runs; "
        f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end "
        f"on {os.cpu_count()} cores ({'LOADED' if load >= (os.cpu_count() or 2) / 2 else 'quiet'}"
        " at the start)"
    )
    print(end_note(started).strip() + "\n")
    print("| | seconds (median) | runs |")
    print("| --- | ---: | --- |")
    for label, values in times.items():
        runs = ", ".join(f"{v:.2f}" for v in values)
        print(f"| {label} | {statistics.median(values):.2f} | {runs} |")


if __name__ == "__main__":
    main()
