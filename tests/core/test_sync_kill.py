"""SIGKILL during `briefing sync`: both libraries stay whole and the next sync finishes the job."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time

from briefing_app.core import startup
from briefing_app.core.workspace import Workspace
from tests.core.robust_corpus import write_articles
from tests.core.sync_helpers import run, snapshot

SYNCER = """
import sys
from briefing_app.cli import main
print("ready", flush=True)
sys.exit(main(["sync", sys.argv[1], sys.argv[2], "--json"]))
"""


def _settled(ws) -> dict:
    """The libraries' data with the time a conflict was met left out of the notes."""
    out = snapshot(ws)
    for view in out.values():
        view["note"] = re.sub(r"sync of [^)]*\)", "sync of …)", view["note"])
    return out


def _sync_in_child(team_dir, local_dir, kill_after: float | None) -> float:
    proc = subprocess.Popen(
        [sys.executable, "-c", SYNCER, str(team_dir), str(local_dir)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "ready"
    started = time.monotonic()
    if kill_after is None:
        proc.communicate(timeout=300)
        assert proc.returncode == 0
    else:
        time.sleep(kill_after)
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate()
    return time.monotonic() - started


def _libraries(root, count: int) -> tuple[Workspace, Workspace]:
    """A team library and a synced local copy, then work on both sides to sync."""
    team, local = Workspace(root / "team"), Workspace(root / "local")
    files = write_articles(root / "corpus", count)
    team.import_paths(files[: count // 2])
    run(team, local)
    for article_id in team.library.ids():
        team.userdata.tag([article_id], add=["desk"])
        local.userdata.set_note(article_id, f"trip {article_id}")
        team.userdata.set_note(article_id, f"desk {article_id}")
    local.import_paths(files[count // 2 :])
    for article_id in set(local.library.ids()) - set(team.library.ids()):
        local.userdata.tag([article_id], add=["trip"])
    return team, local


def test_a_killed_sync_leaves_both_sides_whole_and_the_next_one_finishes(tmp_path, stress_size):
    rng = random.Random(17)
    count = stress_size(8, 40)
    reference = _libraries(tmp_path / "reference", count)
    duration = _sync_in_child(reference[0].root, reference[1].root, None)
    expected = _settled(reference[0])
    for trial in range(stress_size(2, 8)):
        team, local = _libraries(tmp_path / f"trial{trial}", count)
        for ws in (team, local):
            ws.close()
        _sync_in_child(team.root, local.root, rng.uniform(0.1, duration))
        team, local = Workspace(team.root), Workspace(local.root)
        for ws in (team, local):
            startup.tidy(ws)
            for article_id in ws.library.ids():
                ws.library.get(article_id)  # every record whole
            assert not ws.library.broken
        run(team, local)
        assert snapshot(team) == snapshot(local)
        assert sorted(team.library.ids()) == sorted(local.library.ids())
        assert len(team.library.ids()) == count
        # The same result as a sync never interrupted, each note's two texts once each.
        assert _settled(team) == expected
        assert not run(team, local).changed
