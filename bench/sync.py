"""How long `briefing sync` takes between two library folders (articles/s).

    .venv/bin/python bench/sync.py [--articles N] [--changed FRACTION]

Builds a team library of N generated plain-text articles (a tenth of them tagged, noted and
highlighted), then times, each on its own:

- first sync: an empty local library receives every article (records and originals copied,
  indexed, the analyst's data merged);
- unchanged: the same sync again with nothing changed (every article's data read on both sides
  and compared with the sync state);
- changed: a sync after FRACTION of the articles were tagged on the trip and noted at the desk,
  plus N/20 articles imported on the trip (pushed).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing_app.core.sync import sync  # noqa: E402
from briefing_app.core.workspace import Workspace  # noqa: E402

SUBJECTS = ["gas transit", "grain exports", "power grid", "border crossings", "rail links"]


def write_articles(folder: Path, start: int, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        subject = SUBJECTS[i % len(SUBJECTS)]
        body = "\n\n".join(
            f"Officials said on day {i} that talks on the {subject} would resume, "
            f"according to statement {j} of the ministry."
            for j in range(5)
        )
        path = folder / f"article_{i:05d}.txt"
        path.write_text(f"Talks on the {subject}, report {i}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def timed(label: str, count: int, action) -> None:
    started = time.perf_counter()
    report = action()
    seconds = time.perf_counter() - started
    print(
        f"{label:10} {seconds:7.2f} s  {count / seconds:7.1f} articles/s  "
        f"(pulled {len(report.pulled)}, pushed {len(report.pushed)}, "
        f"merged {len(report.merged)}, conflicts {len(report.conflicts)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--changed", type=float, default=0.1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        team, local = Workspace(root / "team"), Workspace(root / "local")
        team.import_paths(write_articles(root / "corpus", 0, args.articles))
        ids = team.library.ids()
        for article_id in ids[: len(ids) // 10]:
            team.userdata.tag([article_id], add=["desk"])
            team.userdata.set_note(article_id, "Desk note.")
            article = team.library.get(article_id)
            team.userdata.add_highlight(article_id, 0, min(20, len(article.text)))

        def run():
            return sync(team, local, team_name=str(team.root))

        timed("first", args.articles, run)
        timed("unchanged", args.articles, run)
        changed = ids[: max(1, int(len(ids) * args.changed))]
        local.userdata.tag(changed, add=["trip"])
        for article_id in changed:
            team.userdata.set_note(article_id, "Desk note, revised.")
        local.import_paths(write_articles(root / "trip", args.articles, args.articles // 20))
        timed("changed", args.articles, run)


if __name__ == "__main__":
    main()
