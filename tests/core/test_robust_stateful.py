"""A model-based test over edit / autosave / save / external change / crash / recover.

After every step the disk holds what the model says, and so does the recovery journal:
nothing the user typed is lost, nothing on disk is overwritten behind their back.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from briefing_app.core import sessions
from briefing_app.core.brief.storage import BriefFile
from briefing_app.core.errors import SaveConflict
from briefing_app.core.recovery import RecoveryStore

TEXTS = st.text(alphabet="ab\n é“”", max_size=12)
DOC_ID = "brief-1"


def _dead_pids(count: int) -> list[int]:
    """Pids of processes that have exited: each simulated app session gets one."""
    pids = []
    for _ in range(count):
        proc = subprocess.Popen([sys.executable, "-c", "pass"])
        proc.wait()
        pids.append(proc.pid)
    return pids


DEAD_PIDS = _dead_pids(12)


class EditorSession:
    """What one app session holds: the brief file, the editor's text and a journal."""

    def __init__(self, folder: Path, path: Path, pid: int):
        # A session of a dead pid: once it ends, its entries are pending.
        self.store = RecoveryStore(folder, session=sessions.new_session(pid))
        self.brief = BriefFile.open(path)
        self.text = self.brief.text


class BriefLifecycle(RuleBasedStateMachine):
    """The model: disk text, editor text, journal text (None when nothing is journalled)."""

    def __init__(self):
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="briefing-stateful-"))
        self.path = self.tmp / "memo.md"
        self.path.write_text("start\n", encoding="utf-8")
        self.pids = iter(DEAD_PIDS * 100)
        self.session = EditorSession(self.tmp / "rec", self.path, next(self.pids))
        self.disk = "start\n"
        self.journal: str | None = None

    def teardown(self):
        self.session.store.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    @rule(text=TEXTS)
    def edit(self, text):
        """The user types: only the editor changes."""
        self.session.text = text

    @rule()
    def autosave(self):
        """The idle timer journals the editor's text (never the user's file)."""
        s = self.session
        s.store.journal(DOC_ID, s.text, path=s.brief.path, base_digest=s.brief.digest)
        self.journal = s.text

    @rule()
    def save(self):
        """Save: written when the disk is unchanged, refused (disk kept) when it changed."""
        s = self.session
        base = s.brief.text
        try:
            s.brief.save(s.text)
        except SaveConflict:
            assert self.disk != base, "conflict reported for an unchanged file"
            return
        assert self.disk == base, "saved over a file that had changed on disk"
        self.disk = s.text
        s.store.discard(DOC_ID)
        self.journal = None

    @rule(text=TEXTS)
    def external_change(self, text):
        """Another program rewrites the file in place."""
        self.path.write_bytes(text.encode("utf-8"))
        self.disk = text

    @rule()
    def reload(self):
        """The user chooses Reload after an external change."""
        s = self.session
        s.text = s.brief.reload()
        assert s.text == self.disk

    @rule()
    def crash_and_recover(self):
        """The app dies; the next session is offered exactly the journalled text."""
        old_pid = self.session.store.pid
        self.session.store.close()  # the kernel drops a killed process's session lock
        self.session = EditorSession(self.tmp / "rec", self.path, next(self.pids))
        pending = self.session.store.pending()
        assert [e.text for e in pending] == ([self.journal] if self.journal is not None else [])
        for entry in pending:
            assert entry.pid == old_pid and entry.path == self.path.resolve()
            self.session.text = entry.text  # the user restores it
            self.session.store.discard(entry)
            self.session.store.journal(
                DOC_ID, entry.text, path=entry.path, base_digest=self.session.brief.digest
            )

    @precondition(lambda self: self.journal is None)
    @rule()
    def clean_exit(self):
        """A clean exit discards the journal; nothing is offered next time."""
        self.session.store.discard_all()
        self.session.store.close()
        self.session = EditorSession(self.tmp / "rec", self.path, next(self.pids))
        assert self.session.store.pending() == []

    @invariant()
    def disk_matches_model(self):
        """The file holds exactly the model's disk text."""
        assert self.path.read_bytes().decode("utf-8") == self.disk

    @invariant()
    def journal_matches_model(self):
        """This session's journal entry holds the model's journal text (or is absent)."""
        store = self.session.store
        entries = [e for e in store._entries() if e.session == store.session]
        assert [e.text for e in entries] == ([self.journal] if self.journal is not None else [])


BriefLifecycle.TestCase.settings = settings(max_examples=40, stateful_step_count=25, deadline=None)
test_brief_lifecycle = BriefLifecycle.TestCase
