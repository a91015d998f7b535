"""The quick-fix box under the check panel: what a failing quotation's fix changes, and a button.

It shows, for the selected quotation, the fix its status implies (the right locator, the
article that holds the words, the current text beside the quoted one, or the closest passage
with the differing words marked) and asks for it only when the user presses the button.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

MARK_STYLE = "background-color:#ffe08a; color:#000; text-decoration:underline;"


def marked_html(passage: str, marks: list[tuple[int, int]]) -> str:
    """`passage` as HTML with the differing spans highlighted."""
    out, pos = [], 0
    for start, end in sorted(marks):
        out.append(html.escape(passage[pos:start]))
        out.append(f'<span style="{MARK_STYLE}">{html.escape(passage[start:end])}</span>')
        pos = end
    out.append(html.escape(passage[pos:]))
    return "".join(out)


class QuickFixBox(QWidget):
    """The selected quotation's fix: an explanation and one button (hidden when there is none)."""

    fix_requested = Signal(object)  # a core Fix

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("quickFixBox")
        self.fix = None
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName(self.tr("Quick fix"))
        self.button = QPushButton(self)
        self.button.setObjectName("quickFixButton")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        self.button.clicked.connect(self._on_clicked)
        self.show_fix(None)

    def show_fix(self, fix) -> None:
        """Show `fix` (None hides the box)."""
        self.fix = fix
        if fix is None:
            self.hide()
            return
        self.text.setText(self._explanation(fix))
        self.button.setText(self._button_text(fix))
        self.button.setEnabled(bool(fix.edits))
        self.button.setToolTip(
            self.tr("Change the brief as shown (one step: Undo takes it back)")
            if fix.edits
            else self.tr("These words cannot be quoted inline; edit the quotation by hand")
        )
        self.show()

    def _explanation(self, fix) -> str:
        target = html.escape(fix.target)
        if fix.kind in ("locator", "source"):
            return self.tr("The words are in %1.").replace("%1", f"<b>{target}</b>")
        passage = marked_html(fix.passage, fix.marks)
        if fix.kind == "requote":
            return (
                self.tr("As quoted: %1").replace("%1", f"“{html.escape(fix.quoted)}”")
                + "<br>"
                + self.tr("Current text (%1): %2")
                .replace("%1", target)
                .replace("%2", f"“{passage}”")
            )
        return (
            self.tr("Closest passage (%1), differences marked: %2")
            .replace("%1", target)
            .replace("%2", f"“{passage}”")
        )

    def _button_text(self, fix) -> str:
        if fix.kind in ("locator", "source"):
            return self.tr("Cite %1").replace("%1", fix.target)
        if fix.kind == "requote":
            return self.tr("Re-quote from the current text")
        return self.tr("Use the article's words")

    def _on_clicked(self) -> None:
        if self.fix is not None and self.fix.edits:
            self.fix_requested.emit(self.fix)
