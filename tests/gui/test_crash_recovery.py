"""SIGKILL the running app after typing: the next start offers exactly what was typed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

DRIVER = Path(__file__).with_name("crash_driver.py")
TYPED = "Ministers met in Zürich — “no statement”, officials said."


def _driver(*args: str, timeout: float = 60) -> subprocess.Popen:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen(
        [sys.executable, str(DRIVER), *args], stdout=subprocess.PIPE, text=True, env=env
    )


@pytest.mark.slow
def test_sigkill_after_typing_offers_the_typed_text(tmp_path):
    """Type into a new brief, wait past autosave, SIGKILL; the next start restores it."""
    library = str(tmp_path / "library")
    typist = _driver("type", library, TYPED)
    try:
        line = typist.stdout.readline()
        assert line, "the app did not start"
        typed = json.loads(line)["text"]
        assert TYPED in typed
    finally:
        os.kill(typist.pid, signal.SIGKILL)
        typist.wait()
        typist.stdout.close()
    recoverer = _driver("recover", library)
    out, _ = recoverer.communicate(timeout=120)
    report = json.loads(out.strip().splitlines()[-1])
    assert report["offered"] == [typed], "the recovery offered is not what was typed"
    assert report["restored"] == [typed], "the restored brief is not what was typed"
    assert report["at_start"], "start-up did not offer the recovery by itself"
