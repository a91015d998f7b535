"""SIGKILL a process that keeps changing user data: every file is always whole."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

from briefing_app.core import atomicio
from briefing_app.core.workspace import Workspace

WRITER = """
import sys
from briefing_app.core.workspace import Workspace
ws = Workspace.try_writer(sys.argv[1])
article_id = sys.argv[2]
i = 0
while True:
    ws.userdata.tag([article_id], add=[f"t{i}"], remove=ws.userdata.tags(article_id))
    ws.userdata.set_note(article_id, f"note {i} " + "x" * 50000)
    ws.userdata.edit(article_id, {"publisher": f"Publisher {i}"})
    if i == 0:
        print("ready", flush=True)  # every file exists: from here a kill can land anywhere
    i += 1
"""


def test_sigkill_during_user_data_writes_never_tears_a_file(seeded, stress_size):
    (article,) = seeded.articles()
    seeded.close()
    folder = seeded.library.folder(article.id)
    rng = random.Random(11)
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    for _ in range(stress_size(8, 60)):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(seeded.root), article.id],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        user = json.loads((folder / "user.json").read_text(encoding="utf-8"))
        assert len(user["tags"]) == 1
        note = (folder / "note.md").read_text(encoding="utf-8")
        assert note.startswith("note ") and note.endswith("x" * 50000)
        record = json.loads((folder / "article.json").read_text(encoding="utf-8"))
        assert record["metadata"]["publisher"].startswith("Publisher")
        atomicio.clean_orphans(seeded.root)
    fresh = Workspace(seeded.root)
    assert fresh.library.get(article.id).overrides["publisher"]["value"].startswith("Publisher")
