"""The read-only banner of a second window on a library that another process writes."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from briefing_app.core.workspace import Workspace
from briefing_app.gui.readonly_banner import ReadOnlyBanner, show_if_read_only


def test_banner_only_for_read_only_workspace(qtbot, tmp_path):
    """A writer gets no banner; a read-only second workspace gets one naming the writer."""
    writer = Workspace.try_writer(tmp_path / "lib")
    reader = Workspace.try_writer(tmp_path / "lib")
    try:
        window = QMainWindow()
        qtbot.addWidget(window)
        assert show_if_read_only(window, writer) is None
        banner = show_if_read_only(window, reader)
        assert isinstance(banner, ReadOnlyBanner)
        assert f"process {reader.writer_pid}" in banner.label.text()
        assert "Read-only" in banner.label.text()
        assert window.findChild(ReadOnlyBanner, "readOnlyBanner") is banner
    finally:
        writer.close()
        reader.close()


def test_second_app_start_shows_the_banner(qtbot, tmp_path, monkeypatch):
    """Starting the app on a library whose lock is held elsewhere shows the banner."""
    from briefing_app.gui import app as gui_app

    holder = Workspace.try_writer(tmp_path / "lib")
    try:
        _app, window = gui_app.start(str(tmp_path / "lib"), first_run_seed=False)
        qtbot.addWidget(window)
        assert window.workspace.read_only
        assert window.findChild(ReadOnlyBanner, "readOnlyBanner") is not None
        window.workspace.close()
    finally:
        holder.close()
