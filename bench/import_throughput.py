"""Import throughput on the 295 Wikinews articles (articles/s), with baselines in the same run.

    .venv/bin/python bench/import_throughput.py [--shared DIR] [--repeat N]

The articles are written to a temporary folder twice: as Markdown notes with front matter
(the web-clipper shape) and as plain text hard-wrapped at 72 columns (which exercises the
line-joining repairs). Figures printed:

- baseline: decode + split into paragraphs, no repairs, no metadata (the floor any importer pays);
- parse: the real parser (decoding, repairs, metadata), no library;
- import: `Workspace.import_paths` into a fresh temporary library (parse + citations + claims
  + atomic writes + search index), i.e. what a user waits for.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing_app.core.ingest import markdown, plaintext  # noqa: E402
from briefing_app.core.ingest.decode import decode  # noqa: E402
from briefing_app.core.workspace import Workspace  # noqa: E402


def load_rows(shared: Path) -> list[dict[str, str]]:
    """The Wikinews CSV rows (url, date, title, text)."""
    csv.field_size_limit(10**8)
    rows: list[dict[str, str]] = []
    for path in sorted((shared / "corpora" / "wikinews").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def write_files(rows: list[dict[str, str]], folder: Path) -> tuple[list[Path], list[Path]]:
    """(Markdown notes, wrapped plain-text files) for the rows."""
    md_dir, txt_dir = folder / "md", folder / "txt"
    md_dir.mkdir(parents=True)
    txt_dir.mkdir(parents=True)
    notes, texts = [], []
    for n, row in enumerate(rows):
        front = yaml.safe_dump(
            {"title": row["title"], "source": row["url"], "published": row["date"]}
        )
        note = md_dir / f"{n:03d}.md"
        note.write_text(f"---\n{front}---\n{row['text']}\n", encoding="utf-8")
        paragraphs = [" ".join(p.split()) for p in row["text"].split("\n\n") if p.strip()]
        text = txt_dir / f"{n:03d}.txt"
        text.write_text(
            row["title"] + "\n\n" + "\n\n".join(textwrap.fill(p, 72) for p in paragraphs) + "\n"
        )
        notes.append(note)
        texts.append(text)
    return notes, texts


def baseline(paths: list[Path]) -> None:
    """Decode and split at blank lines: no repairs, no metadata."""
    for path in paths:
        text = decode(path.read_bytes()).text
        [p.strip() for p in text.split("\n\n") if p.strip()]


def parse_only(paths: list[Path], parser) -> None:
    for path in paths:
        parser.parse(path.read_bytes(), path.name)


def import_all(paths: list[Path]) -> None:
    with tempfile.TemporaryDirectory() as lib:
        results = Workspace(lib).import_paths(paths)
        failed = [r for r in results if r.status != "imported"]
        if failed:
            raise SystemExit(f"{len(failed)} articles failed to import: {failed[:3]}")


def timed(label: str, count: int, func, repeat: int) -> None:
    """Best of `repeat` runs; CPU time too, since a shared machine makes wall time noisy."""
    wall, cpu = min(_once(func) for _ in range(repeat))
    print(
        f"{label:46} {count / wall:8.1f} articles/s wall, {count / cpu:8.1f} /s CPU  ({wall:5.2f} s)"
    )


def _once(func) -> tuple[float, float]:
    start, start_cpu = time.perf_counter(), time.process_time()
    func()
    return time.perf_counter() - start, time.process_time() - start_cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path(os.environ.get("BRIEFING_SHARED", ROOT.parent / "shared")),
    )
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    args = parser.parse_args()
    if not (args.shared / "corpora" / "wikinews").is_dir():
        print(f"skipped: no Wikinews corpus under {args.shared}")
        return 0
    rows = load_rows(args.shared)
    words = sum(len(r["text"].split()) for r in rows) / len(rows)
    print(f"Wikinews: {len(rows)} articles, {words:.0f} words on average; best of {args.repeat}")
    with tempfile.TemporaryDirectory() as tmp:
        notes, texts = write_files(rows, Path(tmp))
        n = len(rows)
        timed("baseline: decode + split (Markdown files)", n, lambda: baseline(notes), args.repeat)
        timed(
            "parse Markdown notes (repairs + metadata)",
            n,
            lambda: parse_only(notes, markdown),
            args.repeat,
        )
        timed(
            "parse wrapped plain text (repairs + metadata)",
            n,
            lambda: parse_only(texts, plaintext),
            args.repeat,
        )
        timed(
            "import Markdown notes into a fresh library", n, lambda: import_all(notes), args.repeat
        )
        timed(
            "import wrapped plain text into a fresh library",
            n,
            lambda: import_all(texts),
            args.repeat,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
