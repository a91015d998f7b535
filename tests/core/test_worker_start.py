"""Worker pools whose workers cannot start: a script without the main guard.

Every worker of a `forkserver` pool first runs the caller's main script again. A script that
imports or rebuilds at its top level (no `if __name__ == "__main__":` guard) therefore kills
its workers, or blocks them on the library's lock it holds. The work must still be done, in
the script's own process, with no file blamed and no wait for a lock that is never given up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_app.core.library import Library
from briefing_app.core.search.index import PARALLEL_BUILD_MIN
from briefing_app.core.workspace import Workspace
from tests.recombined import write_recombined

ROOT = Path(__file__).resolve().parents[2]

IMPORTING = """
import json, sys
from briefing_app.core.workspace import Workspace

# No `if __name__ == "__main__":` guard: every worker runs this again and dies.
results = Workspace(sys.argv[1]).import_paths([sys.argv[2]])
print(json.dumps([r.status for r in results]))
"""

REBUILDING = """
import json, sys
from briefing_app.core import worker_lifetime
from briefing_app.core.workspace import Workspace

worker_lifetime.START_SECONDS = 5.0  # the test's patience, not the app's
# No guard: every worker runs this again and waits for the index lock this process holds.
workspace = Workspace(sys.argv[1])
workspace.index.rebuild()
print(json.dumps(workspace.search("the", limit=1).total))
"""


def _run(tmp_path: Path, script: str, *args: str) -> subprocess.CompletedProcess:
    path = tmp_path / "unguarded.py"
    path.write_text(script, encoding="utf-8")
    env = dict(os.environ, BRIEFING_HOME=str(tmp_path / "home"))
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, str(path), *args],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: no worker processes")
def test_an_import_whose_workers_cannot_start_goes_on_here(tmp_path):
    source = tmp_path / "source"
    write_recombined(source, 14)
    done = _run(tmp_path, IMPORTING, str(tmp_path / "lib"), str(source))
    assert json.loads(done.stdout.splitlines()[-1]) == ["imported"] * 14
    assert "Import workers cannot start; parsing in this process instead." in done.stderr
    assert "stopped abruptly" not in done.stdout + done.stderr
    assert len(Library(tmp_path / "lib")) == 14


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: no worker processes")
def test_a_rebuild_whose_workers_cannot_start_is_done_here(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_HOME", str(tmp_path / "home"))
    source = tmp_path / "source"
    write_recombined(source, PARALLEL_BUILD_MIN)  # enough for a rebuild in two workers
    workspace = Workspace(tmp_path / "lib")
    workspace.import_paths([source])
    expected = workspace.search("the", limit=1).total
    workspace.close()
    done = _run(tmp_path, REBUILDING, str(tmp_path / "lib"))
    assert "Index workers cannot start; rebuilding in this process instead." in done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == expected > 0
