"""`Latest`: work off the GUI thread whose late, superseded answers are dropped."""

from __future__ import annotations

import threading

from briefing_app.core.errors import BriefingError
from briefing_app.gui.workers import Latest, TaskRunner


def test_only_the_answer_to_the_last_call_is_handed_on(qtbot):
    runner = TaskRunner()
    latest = Latest(runner, "test")
    shown: list[str] = []
    latest.result.connect(shown.append)
    release = threading.Event()
    latest.run(lambda: release.wait(5) and "first")  # still running when asked again
    latest.run(lambda: "second")
    qtbot.waitUntil(lambda: shown == ["second"], timeout=5000)
    release.set()
    runner.wait()
    qtbot.wait(50)
    assert shown == ["second"]  # the first answer came back late and was dropped


def test_in_line_without_a_runner_and_refusals_reported(qtbot):
    latest = Latest(None, "test")
    shown, failed = [], []
    latest.result.connect(shown.append)
    latest.failed.connect(failed.append)
    latest.run(lambda: 7)
    assert shown == [7]

    def refuse():
        raise BriefingError("the catalog is busy")

    latest.run(refuse)
    assert failed == ["the catalog is busy"] and shown == [7]
