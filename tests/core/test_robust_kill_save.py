"""SIGKILL a child process in the middle of saving a brief: the file is never torn."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from briefing_app.core import atomicio

# The child alternates between two large versions so a kill often lands inside a write.
SAVER = """
import sys
from briefing_app.core.brief.storage import BriefFile
brief = BriefFile.open(sys.argv[1])
versions = [sys.argv[2] * 40000, sys.argv[3] * 40000]
print("ready", flush=True)
i = 0
while True:
    brief.save(versions[i % 2])
    i += 1
"""


def _versions() -> tuple[str, str, str]:
    """The initial text and the two units the child repeats."""
    return "initial brief\n", "Alpha line.\n", "Bravo, longer line!\n"


@pytest.mark.slow
def test_sigkill_during_brief_saves_never_tears_the_file(tmp_path, stress_size):
    """Kill the saver at random moments: the file is always one complete version."""
    initial, unit_a, unit_b = _versions()
    allowed = {initial, unit_a * 40000, unit_b * 40000}
    path = tmp_path / "brief.md"
    path.write_text(initial, encoding="utf-8")
    rng = random.Random(7)
    runs = stress_size(40, 200)
    orphans = 0
    for _ in range(runs):
        proc = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(path), unit_a, unit_b],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.06))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        assert path.read_text(encoding="utf-8") in allowed, "torn file after SIGKILL"
        orphans += len(atomicio.clean_orphans(tmp_path))
    assert os.listdir(tmp_path) == ["brief.md"]
    # Kills inside a write leave a temp file; their count shows the kills hit mid-save.
    print(f"{runs} kills, {orphans} landed inside a write, 0 torn files")
