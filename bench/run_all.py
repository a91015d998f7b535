"""Run every benchmark script in bench/ (`make bench`), one after the other.

    .venv/bin/python bench/run_all.py [NAME ...]

With names (e.g. `search`), only those run. Each script prints its own figures and baseline.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    """Run the chosen (default: all) bench scripts; exit non-zero if any failed."""
    wanted = set(argv)
    scripts = [
        p
        for p in sorted(HERE.glob("*.py"))
        if p.name != Path(__file__).name and not p.name.startswith("_")
    ]
    failed = []
    for script in scripts:
        if wanted and script.stem not in wanted:
            continue
        print(f"== {script.name} ==", flush=True)
        if subprocess.call([sys.executable, str(script)], cwd=HERE.parent) != 0:
            failed.append(script.name)
        print(flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
