"""SIGKILL the running app just after typing: the next start offers exactly what was typed.

The app runs offscreen in a child process (`crash_driver.py`) and is typed into with QTest.
It is killed half a second after the last key, inside what used to be the autosave delay,
or sent SIGTERM (a logout) the moment the last key is in.
A second test runs both lives of the app as pid 1 of fresh pid namespaces, as in a
container or a sandbox, so the restart gets the crashed run's pid.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

DRIVER = Path(__file__).with_name("crash_driver.py")
ROOT = Path(__file__).resolve().parents[2]  # the driver must import this tree's briefing_app
TYPED = "Ministers met in Zürich — “no statement”, officials said."
KILL_AFTER = 0.5  # seconds between the last key and SIGKILL
NEW_PID_NAMESPACE = ["unshare", "--pid", "--fork", "--mount-proc", "--kill-child"]


def _driver(*args: str, prefix: list[str] | None = None) -> subprocess.Popen:
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=path)
    command = [*(prefix or []), sys.executable, str(DRIVER), *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)


def _app_pid(proc: subprocess.Popen, prefix: list[str] | None) -> int:
    """The host pid of the app: under unshare it is unshare's child, not unshare itself."""
    if not prefix:
        return proc.pid
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    return int(children[0])


def _type_and_kill(
    library: str,
    prefix: list[str] | None = None,
    *,
    sig: int = signal.SIGKILL,
    after: float = KILL_AFTER,
) -> dict:
    """Type TYPED into a new brief, send `sig` to the app `after` seconds after the last key."""
    typist = _driver("type", library, TYPED, prefix=prefix)
    try:
        line = typist.stdout.readline()
        typed_at = time.monotonic()
        assert line, "the app did not start"
        report = json.loads(line)
        assert TYPED in report["text"]
        time.sleep(max(0.0, after - (time.monotonic() - typed_at)))
        os.kill(_app_pid(typist, prefix), sig)
        if sig != signal.SIGKILL:
            assert typist.wait(timeout=30) == 0, "the app did not quit on the signal"
    finally:
        typist.kill()
        typist.wait()
        typist.stdout.close()
    return report


def _recover(library: str, prefix: list[str] | None = None) -> dict:
    recoverer = _driver("recover", library, prefix=prefix)
    out, _ = recoverer.communicate(timeout=120)
    return json.loads(out.strip().splitlines()[-1])


def _assert_offered_and_restored(typed: str, report: dict) -> None:
    assert report["offered"] == [typed], "the recovery offered is not what was typed"
    assert report["restored"] == [typed], "the restored brief is not what was typed"
    assert report["at_start"], "start-up did not offer the recovery by itself"


@pytest.mark.slow
def test_sigkill_half_a_second_after_typing_offers_the_typed_text(tmp_path):
    """Type into a new brief, SIGKILL 0.5 s after the last key; the next start restores it."""
    library = str(tmp_path / "library")
    typed = _type_and_kill(library)["text"]
    _assert_offered_and_restored(typed, _recover(library))


@pytest.mark.slow
def test_sigterm_at_once_after_typing_offers_the_typed_text(tmp_path):
    """A logout's SIGTERM, sent the moment the last key is in, journals before quitting."""
    library = str(tmp_path / "library")
    typed = _type_and_kill(library, sig=signal.SIGTERM, after=0.0)["text"]
    _assert_offered_and_restored(typed, _recover(library))


def _pid_namespaces_available() -> str:
    """Why new pid namespaces cannot be made here, or "" when they can."""
    if shutil.which("unshare") is None:
        return "unshare (util-linux) is not installed"
    probe = subprocess.run([*NEW_PID_NAMESPACE, "true"], capture_output=True, text=True)
    if probe.returncode:
        return f"cannot make a pid namespace here: {probe.stderr.strip() or probe.returncode}"
    return ""


@pytest.mark.slow
def test_a_restart_under_the_same_pid_offers_the_typed_text(tmp_path):
    """Crash and restart both as pid 1 of a new pid namespace: the text is still offered."""
    reason = _pid_namespaces_available()
    if reason:
        pytest.skip(reason)
    library = str(tmp_path / "library")
    crashed = _type_and_kill(library, prefix=NEW_PID_NAMESPACE)
    report = _recover(library, prefix=NEW_PID_NAMESPACE)
    assert crashed["pid"] == report["pid"] == 1, "the two runs did not share a pid"
    _assert_offered_and_restored(crashed["text"], report)
