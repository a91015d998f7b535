"""Exports killed midway leave nothing behind for long; failed exports say why in one line.

- A child exporting DOCX in a loop is SIGKILLed at random moments: whatever it left beside
  the output is gone after `export_temps.tidy()` (run at start-up and before each export),
  and the output is absent or complete.
- Only what the ledger recorded for an ended session is removed: look-alike files the app
  did not record, temp files of a live writer and outputs a live export names stay.
- pandoc's error is condensed to its first line with the OS reason (a real full disk, made
  with a 64 KB tmpfs in a private mount namespace where that is allowed, and the captured
  text of that error); a PDF on a full disk or in a folder that cannot exist names the
  reason instead of writing a truncated file.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from briefing_app.core import atomicio, sessions
from briefing_app.core.brief import export_temps
from briefing_app.core.brief.export import condense_pandoc_error, export_brief
from briefing_app.core.errors import BriefError, BriefingError

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
BRIEF = "---\ntitle: Gas union\nclassification: RESTRICTED\n---\n\n" + "Ministers met. " * 400


def _python(code: str, **kwargs) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen([sys.executable, "-c", code], env=env, cwd=ROOT, **kwargs)


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_kills_during_docx_exports_leave_nothing_after_tidying(tmp_path, stress_size):
    """SIGKILL a looping DOCX export at random moments; tidying removes every leftover."""
    out = tmp_path / "out" / "brief.docx"
    out.parent.mkdir()
    (out.parent / "notes.txt").write_text("the user's own file", encoding="utf-8")
    code = (
        "import sys;from pathlib import Path;"
        "from briefing_app.core.brief.export import export_brief;"
        f"text=Path({str(tmp_path / 'b.md')!r}).read_text();print('go',flush=True)\n"
        f"while True: export_brief(text, {{}}, 'docx', Path({str(out)!r}))"
    )
    (tmp_path / "b.md").write_text(BRIEF, encoding="utf-8")
    rng = random.Random(13)
    kills, with_leftovers = stress_size(8, 40), 0
    for _ in range(kills):
        child = _python(code, stdout=subprocess.PIPE, text=True, start_new_session=True)
        assert child.stdout.readline().strip() == "go"
        time.sleep(rng.uniform(0.05, 1.5))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        # Only the app is killed; a pandoc it started runs on to its end, as after a real
        # crash, and the next start (the tidy below) comes after it.
        _wait_for_group_to_end(child.pid)
        with_leftovers += bool(_hidden(out.parent))
        export_temps.tidy()
        assert _hidden(out.parent) == [], "a killed export's temp files were not removed"
        assert (out.parent / "notes.txt").exists()
        if out.exists():
            assert zipfile.ZipFile(out).testzip() is None
    assert not list(export_temps.ledger_dir().glob("*.json")), "a dead export's record is left"
    print(f"{kills} kills, {with_leftovers} left temp files beside the output; all tidied")


def _wait_for_group_to_end(pgid: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError("a killed export's pandoc did not end")


def _dead_session() -> sessions.Session:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return sessions.new_session(proc.pid)


def _record(folder: Path, session: sessions.Session, *targets: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    record = folder / f"{session.id}-0001.json"
    record.write_text(json.dumps({**session.to_record(), "targets": [str(t) for t in targets]}))
    return record


def test_only_recorded_leftovers_of_ended_sessions_are_removed(tmp_path):
    """Look-alikes the ledger does not name, and a live writer's temp files, are kept."""
    ledger, out = tmp_path / "ledger", tmp_path / "out" / "brief.docx"
    out.parent.mkdir()
    dead = _dead_session()
    record = _record(ledger, dead, out)
    gone = [
        export_temps.temp_path(out, "docx"),
        out.parent / f"{atomicio.TEMP_PREFIX}brief.docx.p{dead.pid}-abc123{atomicio.TEMP_SUFFIX}",
    ]
    kept = [
        out,  # the output itself
        out.parent / ".other.docx.writing.docx",  # not recorded
        out.parent / f"{atomicio.TEMP_PREFIX}brief.docx.p{os.getpid()}-x{atomicio.TEMP_SUFFIX}",
        out.parent / "brief.docx.writing.docx",  # not the app's hidden name
    ]
    for path in gone + kept:
        path.write_text("x", encoding="utf-8")
    link = out.parent / ".brief.docx.writing.odt"
    link.symlink_to(out.parent / "brief.docx")  # a symlink is never followed or removed
    assert sorted(export_temps.tidy(ledger)) == sorted(gone)
    assert all(p.exists() for p in kept) and link.is_symlink()
    assert not record.exists()


def test_a_live_export_and_its_output_are_left_alone(tmp_path):
    """A record of a running export is kept, and so are a dead record's files it names too."""
    ledger, out = tmp_path / "ledger", tmp_path / "brief.docx"
    leftover = export_temps.temp_path(out, "docx")
    leftover.write_text("being written", encoding="utf-8")
    _record(ledger, _dead_session(), out)
    with export_temps.recorded(out, folder=ledger):  # this process exports there now
        assert export_temps.tidy(ledger) == []
        assert leftover.exists()
    assert export_temps.tidy(ledger) == [leftover]
    assert not any(ledger.glob("*.json"))


def test_export_records_while_it_runs_and_forgets_when_it_ends(tmp_path):
    """An export, finished or failed, leaves no record and no temp file."""
    out = tmp_path / "brief.docx"
    export_brief(BRIEF, {}, "docx", out)
    with pytest.raises(BriefError):
        export_brief("[@nobody2020none]", {}, "docx", tmp_path / "bad.docx")
    assert not list(export_temps.ledger_dir().glob("*.json"))
    assert _hidden(tmp_path) == []
    assert zipfile.ZipFile(out).testzip() is None


def test_pandoc_error_is_condensed_to_its_first_line():
    """The captured full-disk error of pandoc 3.9: one line, the OS reason, no backtrace."""
    captured = (FIXTURES / "pandoc" / "full-disk-docx.txt").read_text(encoding="utf-8")
    assert "HasCallStack" in captured
    tmp, out = Path("/tmp/tinyfs/.out.docx.writing.docx"), Path("/tmp/tinyfs/out.docx")
    assert (
        condense_pandoc_error(captured, tmp, out) == "/tmp/tinyfs/out.docx: No space left on device"
    )
    assert (
        condense_pandoc_error('Pandoc died with exitcode "64" during conversion: \n\nbad\nmore')
        == "bad"
    )
    assert condense_pandoc_error("") == "no reason given"


def _tiny_disk_reason() -> str:
    """Why a private 64 KB tmpfs cannot be mounted here, or "" when it can."""
    if shutil.which("unshare") is None:
        return "unshare (util-linux) is not installed"
    probe = subprocess.run(
        ["unshare", "--mount", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
        text=True,
    )
    if probe.returncode:
        return f"cannot mount a tmpfs in a mount namespace here: {probe.stderr.strip()}"
    return ""


def _export_on_a_full_disk(tmp_path: Path, fmt: str) -> subprocess.CompletedProcess:
    """Run `briefing export` into a tiny tmpfs filled to the last few KB."""
    reason = _tiny_disk_reason()
    if reason:
        pytest.skip(reason)
    brief = tmp_path / "b.md"
    brief.write_text(BRIEF, encoding="utf-8")
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (
        f"mount -t tmpfs -o size=64k tmpfs {disk} && head -c 62000 /dev/zero > {disk}/filler && "
        f"{sys.executable} -m briefing_app export {brief} --to {fmt} -o {disk}/out.{fmt}; "
        f"code=$?; ls -A {disk}; exit $code"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        ["unshare", "--mount", "sh", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_full_disk_gives_one_line_with_the_reason(tmp_path, fmt):
    """A real full disk: one plain error line naming it, no backtrace, nothing left behind."""
    run = _export_on_a_full_disk(tmp_path, fmt)
    assert run.returncode == 2, run.stdout + run.stderr
    errors = run.stderr.strip().splitlines()
    assert len(errors) == 1, run.stderr
    assert "disk is full" in errors[0] or "No space left on device" in errors[0], errors[0]
    assert ".writing" not in errors[0] and "Traceback" not in run.stderr
    assert run.stdout.split() == ["filler"], "a partial output or temp file was left"


def test_a_pdf_into_a_folder_that_cannot_exist_names_the_reason(tmp_path):
    """The PDF write error carries the OS reason, not only the file name."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    from briefing_app.gui.pdf_export import write_pdf

    with pytest.raises(BriefingError) as caught:
        write_pdf("<p>text</p>", blocker / "out.pdf")
    message = str(caught.value)
    assert str(blocker / "out.pdf") in message
    assert message.rstrip(".").endswith((os.strerror(17), os.strerror(20))), message
