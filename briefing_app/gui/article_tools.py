"""The analyst's tools around the reader: Note and Highlights docks, metadata editing, help.

Kept out of `main_window.py` so the window only creates this object, hands it its actions,
and tells it which article is in front.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow

from briefing_app.core.errors import BriefingError, KeyTaken
from briefing_app.gui.help_dialogs import ShortcutsDialog, UserGuideDialog
from briefing_app.gui.highlights_panel import HighlightsPanel, colour_of
from briefing_app.gui.metadata_dialog import MetadataDialog
from briefing_app.gui.notes_pane import NotesPane
from briefing_app.gui.reader import ArticleView

HIGHLIGHT_ALPHA = 120  # translucent, so the text stays readable in both schemes


class ArticleTools(QObject):
    article_changed = Signal(object)  # an article's record changed (metadata corrected)

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.workspace = window.workspace
        self.view: ArticleView | None = None
        self.metadata_dialog: MetadataDialog | None = None
        self.help_dialog: UserGuideDialog | None = None
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.notes = NotesPane(self.workspace, window)
        self.highlights = HighlightsPanel(self.workspace, window)
        self.note_dock = self._dock("noteDock", self.tr("Note"), self.notes)
        self.highlights_dock = self._dock("highlightsDock", self.tr("Highlights"), self.highlights)
        self.highlights.quote_requested.connect(window.insert_quotation)
        self.highlights.show_requested.connect(self._show_passage)
        self.highlights.changed.connect(lambda _id: self._paint())
        self.highlights.add_button.clicked.connect(self.highlight_selection)
        for source in (self.notes, self.highlights):
            source.failed.connect(lambda message: window.statusBar().showMessage(message, 8000))

    def _dock(self, name: str, title: str, widget) -> QDockWidget:
        return self.window._dock(name, title, widget, Qt.DockWidgetArea.RightDockWidgetArea)

    def docks(self) -> list[QDockWidget]:
        return [self.note_dock, self.highlights_dock]

    def place_docks(self, beside: QDockWidget) -> None:
        """First-run layout: Note and Highlights tabbed with the claims outline."""
        self.window.tabifyDockWidget(beside, self.highlights_dock)
        self.window.tabifyDockWidget(beside, self.note_dock)
        beside.raise_()

    def connect_actions(self, actions: dict[str, QAction]) -> None:
        self.actions = actions
        actions["edit_metadata"].triggered.connect(self.edit_metadata)
        actions["highlight"].triggered.connect(self.highlight_selection)
        actions["user_guide"].triggered.connect(self.show_user_guide)
        actions["shortcuts"].triggered.connect(self.show_shortcuts)
        self.follow(None)

    # -- the article in front -----------------------------------------------------------------
    def follow(self, view: ArticleView | None) -> None:
        """The reader in front changed (None: no article is)."""
        self.view = view
        article = view.article if view is not None else None
        if article is None or self.notes.article_id != article.id:
            self.notes.set_article(article)
        self.highlights.set_article(article)
        self._paint()
        writable = view is not None and not self.workspace.read_only
        self.actions["edit_metadata"].setEnabled(writable)
        self.actions["highlight"].setEnabled(writable)

    def _paint(self) -> None:
        if self.view is None:
            return
        self.view.set_marked(
            [(s, e, colour_of(c, HIGHLIGHT_ALPHA)) for s, e, c in self.highlights.spans()]
        )

    def _show_passage(self, article_id: str, start: int, end: int) -> None:
        if self.view is not None and self.view.article.id == article_id:
            self.view.highlight_claim((start, end))

    def article_updated(self, article) -> None:
        """A new record of an article is shown (repair undone, metadata corrected)."""
        if self.view is not None and self.view.article.id == article.id:
            self.highlights.set_article(self.view.article)
            self._paint()

    # -- commands -----------------------------------------------------------------------------
    def highlight_selection(self) -> None:
        if self.view is None:
            return
        span = self.view.selected_span()
        if span is None:
            self.window.statusBar().showMessage(
                self.tr("Select the words to highlight in the article first."), 5000
            )
            return
        self.highlight_dock_visible()
        self.highlights.highlight(*span)

    def highlight_dock_visible(self) -> None:
        self.highlights_dock.show()
        self.highlights_dock.raise_()

    def edit_metadata(self) -> MetadataDialog | None:
        """Open the metadata form of the article in front (window-modal, not blocking)."""
        return self._metadata_form()

    def _metadata_form(self, typed: tuple[dict, bool] | None = None) -> MetadataDialog | None:
        """The metadata form; `typed`: the changes and re-key choice of a save that was
        refused, filled in again."""
        if self.view is None:
            return None
        dialog = MetadataDialog(self.view.article, self.window)
        if typed is not None:
            dialog.fill(*typed)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self._apply_metadata(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.metadata_dialog = dialog
        dialog.open()
        return dialog

    def _apply_metadata(self, dialog: MetadataDialog) -> None:
        changes, rekey = dialog.changes(), dialog.rekey()
        if not changes and not rekey:
            return
        try:
            article = self.workspace.userdata.edit(dialog.article.id, changes, rekey=rekey)
        except KeyTaken as exc:
            # Another analyst took the new key a moment ago and nothing was stored: the form
            # opens again with what was typed, so OK saves it with the next free key.
            self.window.show_error(self.tr("The metadata was not changed"), str(exc))
            self._metadata_form((changes, rekey))
            return
        except BriefingError as exc:
            self.window.show_error(self.tr("The metadata was not changed"), str(exc))
            return
        self.window.statusBar().showMessage(
            self.tr("Metadata of “{0}” saved.").format(article.title), 5000
        )
        self.article_changed.emit(article)

    def show_user_guide(self) -> UserGuideDialog:
        if self.help_dialog is None:
            self.help_dialog = UserGuideDialog(self.window)
        self.help_dialog.show()
        self.help_dialog.raise_()
        return self.help_dialog

    def show_shortcuts(self) -> ShortcutsDialog:
        """The shortcuts as the window's actions have them right now."""
        if self.shortcuts_dialog is not None:
            self.shortcuts_dialog.deleteLater()
        actions = self.window.findChildren(QAction)
        self.shortcuts_dialog = ShortcutsDialog(actions, self.window)
        self.shortcuts_dialog.show()
        return self.shortcuts_dialog

    def save(self) -> None:
        self.notes.save()
