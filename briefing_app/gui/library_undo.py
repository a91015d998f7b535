"""The Library's undo history: collections made, renamed, moved and deleted, articles filed
into or taken out of a collection, tagged, or deleted to the trash — each one step that
Edit ▸ Undo (Ctrl+Z while the Library has the focus) takes back and Redo makes again.

A step is pushed once its change has been made (and was not refused), so pushing it does not
make it twice. Undoing or redoing goes through `UserData` like the change itself, one part
at a time (a collection, a tag, the collections a path made), each part remembering whether
it is made. A refusal that passes (`TryAgain`: the library busy, a team library's connection
lost) stops there and leaves the step where it was, the parts already taken back taken back:
the next Undo goes on from the part that failed, so nothing is lost or made twice. A part
refused for good (the library changed meanwhile: in a team library someone else deleted the
collection) is told in the status bar and leaves the step; the rest of the step is still
undone and redone, and a step with no part left leaves the history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from briefing_app.core.annotations import Collection, clean_tag
from briefing_app.core.errors import BriefingError, TryAgain
from briefing_app.gui.numbers import count_text


def tr(text: str) -> str:
    return QCoreApplication.translate("LibraryUndo", text)


@dataclass
class Part:
    """One change of a step: `undo()` takes it back, `redo()` makes it again; each may return
    a list of article ids to select afterwards."""

    undo: Callable[[], object]
    redo: Callable[[], object]
    made: bool = True  # a step is pushed once its change is made


class LibraryUndo(QObject):
    """The history, shared by the Library's table and its sidebar."""

    stepped = Signal(list)  # a step was undone or redone; the article ids to select after it
    message = Signal(str)

    def __init__(self, workspace, parent: QObject | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.stack = QUndoStack(self)
        self._kept: _Step | None = None  # the step a passing refusal stopped, while it runs

    def push(self, text: str, undo: Callable, redo: Callable) -> None:
        """Record a change just made: `undo()` takes it back, `redo()` makes it again; each
        may return a list of the article ids to select afterwards."""
        self.push_parts(text, [Part(undo, redo)])

    def push_parts(self, text: str, parts: list[Part], select: Iterable[str] = ()) -> None:
        """Record a change made of `parts`, in the order they were made (undone backwards);
        `select` are the article ids to select after it is undone or redone."""
        self.stack.push(_Step(self, text, parts, list(select)))

    def undo(self) -> None:
        """Take back the step before the stack's index; one stopped by a passing refusal
        stays there, to be taken back by the next Undo."""
        self._step_keeping(self.stack.undo, back=+1)

    def redo(self) -> None:
        self._step_keeping(self.stack.redo, back=-1)

    def _step_keeping(self, move: Callable[[], None], back: int) -> None:
        self._kept = None
        move()
        kept, self._kept = self._kept, None
        if kept is not None:
            # QUndoStack moved past the step whatever happened: move its index back, telling
            # the step not to run again for it (its parts already know what is made).
            kept.skip_next = True
            self.stack.setIndex(self.stack.index() + back)

    def action(self, parent: QObject, *, redo: bool = False) -> QAction:
        """An Undo (or Redo) action named after the step it takes ("Undo Rename Collection")."""
        return _StepAction(self, parent, redo=redo)


class _StepAction(QAction):
    """Undo (or Redo) named after the step it takes: the one source of those names, which the
    window's Edit ▸ Undo copies while the Library has the focus (gui/undo_routing.py).

    QUndoStack.createUndoAction only appends the step's name to a prefix, which some
    languages cannot say ("Rückgängig: …"), so the name comes from a translated pattern. Its
    accelerator serves the window's menu; a button showing the action shows it without
    (`iconText`). The state is kept from the stack's signals: the stack also signals while it
    is destroyed."""

    def __init__(self, history: LibraryUndo, parent: QObject, *, redo: bool):
        super().__init__(parent)
        stack = history.stack
        if redo:
            self._plain, self._named = tr("&Redo"), tr("&Redo {0}")
            self._tip = tr("Redo “{0}” in the library")
            self._can, self._step = stack.canRedo(), stack.redoText()
            stack.canRedoChanged.connect(self._set_can)
            stack.redoTextChanged.connect(self._set_step)
            self.triggered.connect(history.redo)
        else:
            self._plain, self._named = tr("&Undo"), tr("&Undo {0}")
            self._tip = tr("Undo “{0}” in the library")
            self._can, self._step = stack.canUndo(), stack.undoText()
            stack.canUndoChanged.connect(self._set_can)
            stack.undoTextChanged.connect(self._set_step)
            self.triggered.connect(history.undo)
        self._show()

    @Slot(bool)
    def _set_can(self, can: bool) -> None:
        self._can = can
        self._show()

    @Slot(str)
    def _set_step(self, text: str) -> None:
        self._step = text
        self._show()

    def _show(self) -> None:
        self.setEnabled(self._can)
        named = self._can and self._step
        self.setText(self._named.format(self._step) if named else self._plain)
        self.setToolTip(self._tip.format(self._step) if named else "")  # "": the text


class _Step(QUndoCommand):
    def __init__(self, history: LibraryUndo, text: str, parts: list[Part], select: list[str]):
        super().__init__(text)
        self.history = history
        self.parts, self.select = parts, select
        # QUndoStack.push calls redo(): the change is made already. Set again when the
        # history moves the stack's index back over a step a passing refusal stopped.
        self.skip_next = True

    def redo(self) -> None:  # Qt override
        self._run(backwards=False)

    def undo(self) -> None:  # Qt override
        self._run(backwards=True)

    def _run(self, *, backwards: bool) -> None:
        if self.skip_next:
            self.skip_next = False
            return
        selected = list(self.select)
        refused: list[BriefingError] = []
        for part in reversed(self.parts) if backwards else list(self.parts):
            if part.made != backwards:
                continue  # taken back (or made again) already, before a passing refusal
            try:
                result = part.undo() if backwards else part.redo()
            except TryAgain as exc:
                self.history._kept = self
                self.history.message.emit(self._try_again(backwards, exc))
                break
            except BriefingError as exc:
                refused.append(exc)
                self.parts.remove(part)  # the library is not as this part expects
                continue
            part.made = not backwards
            if isinstance(result, list):
                selected += [i for i in result if i not in selected]
        if refused:
            self.history.message.emit(
                tr("Could not undo or redo “{0}”: {1}").format(self.text(), refused[0])
            )
            if not self.parts:
                self.setObsolete(True)  # the stack drops it
        self.history.stepped.emit(selected)

    def _try_again(self, backwards: bool, exc: BriefingError) -> str:
        if backwards:
            text = tr("“{0}” is not undone yet: {1} Press Undo again to finish it.")
        else:
            text = tr("“{0}” is not redone yet: {1} Press Redo again to finish it.")
        return text.format(self.text(), exc)


# -- the steps -------------------------------------------------------------------------------
def created(history: LibraryUndo, collection: Collection) -> None:
    data = history.workspace.userdata
    history.push(
        tr("New Collection"),
        lambda: data.delete_collection(collection.id),
        lambda: data.put_back_collection(collection),
    )


def renamed(history: LibraryUndo, collection_id: str, old: str, new: str) -> None:
    data = history.workspace.userdata
    history.push(
        tr("Rename Collection"),
        lambda: data.rename_collection(collection_id, old),
        lambda: data.rename_collection(collection_id, new),
    )


def moved(history: LibraryUndo, collection_id: str, old: str | None, new: str | None) -> None:
    data = history.workspace.userdata
    history.push(
        tr("Move Collection"),
        lambda: data.move_collection(collection_id, old),
        lambda: data.move_collection(collection_id, new),
    )


def delete_collection(history: LibraryUndo, collection_id: str) -> Collection:
    """Delete a collection as an undoable step: undone, it comes back in its place with its
    sub-collections and the articles filed in it."""
    data = history.workspace.userdata
    children = [c.id for c in data.collections() if c.parent == collection_id]
    members = data.members(collection_id, nested=False)
    titles = {e.id: e.title for e in history.workspace.library.catalog.entries(members)}
    gone = data.delete_collection(collection_id)

    def file_back() -> None:
        missing = data.file_back(members, gone.id)
        if missing:  # in the trash now (in a team library their membership went with it)
            history.message.emit(_not_back(gone.name, [titles.get(i, i) for i in missing]))

    history.push_parts(
        tr("Delete Collection"),
        [
            # Undone backwards: the collection first, then its members filed in it again.
            Part(file_back, lambda: None),
            Part(
                lambda: data.put_back_collection(gone, children),
                lambda: data.delete_collection(gone.id),
            ),
        ],
    )
    return gone


def _not_back(collection: str, titles: list[str]) -> str:
    """Which members of a deleted collection its undo did not put back, by title."""
    named = ", ".join(f"“{t}”" for t in titles[:3])
    if len(titles) > 3:
        named = tr("{0} and {1} more").format(named, count_text(len(titles) - 3))
    return tr("Not put back in “{0}”, moved to the trash since: {1}.").format(collection, named)


def file_articles(
    history: LibraryUndo, ids: list[str], collections: Iterable[str], *, remove: bool = False
) -> None:
    """File articles into a collection (or take them out of these collections) as one step.
    Undone, only what changed changes back: an article that was in the collection already
    stays in it."""
    data = history.workspace.userdata
    parts: list[Part] = []
    for collection_id in collections:
        inside = set(data.members(collection_id, nested=False))
        moving = [i for i in ids if (i in inside) == remove]
        if moving:  # only the articles this changes are written (and indexed again)
            data.file(moving, collection_id, remove=remove)
            parts.append(_filing(data, moving, collection_id, remove=remove))
    text = tr("Remove from Collection") if remove else tr("Add to Collection")
    history.push_parts(text, parts, select=ids)


def _filing(data, ids: list[str], collection_id: str, *, remove: bool) -> Part:
    """The part of a step that filed `ids` into a collection (or took them out)."""
    return Part(
        lambda: data.file(ids, collection_id, remove=not remove),
        lambda: data.file(ids, collection_id, remove=remove),
    )


def add_to_new_path(history: LibraryUndo, ids: list[str], path: str) -> Collection:
    """File articles into the collection at `path`, made (with its parents) when missing, as
    one step: undone, the articles come out and the collections it made go."""
    data = history.workspace.userdata
    before = {c.id for c in data.collections()}
    target = data.ensure_collection(path)
    # Made by this step: the target and the parents above it that were new (a collection
    # another analyst made meanwhile elsewhere is not this step's to take back).
    by_id = {c.id: c for c in data.collections()}
    made: list[Collection] = []
    node: Collection | None = target
    while node is not None and node.id not in before:
        made.insert(0, node)  # parents first
        node = by_id.get(node.parent) if node.parent else None
    inside = set(data.members(target.id, nested=False))
    moving = [i for i in ids if i not in inside]
    data.file(ids, target.id)
    parts = [_made(data, collection) for collection in made]
    if moving:
        parts.append(_filing(data, moving, target.id, remove=False))
    history.push_parts(tr("Add to Collection"), parts, select=ids)
    return target


def _made(data, collection: Collection) -> Part:
    """The part of a step that made a collection."""
    return Part(
        lambda: data.delete_collection(collection.id),
        lambda: data.put_back_collection(collection),
    )


def tag_articles(history: LibraryUndo, ids: list[str], tags: list[str]) -> None:
    """Tag articles as one step; undone, each tag comes off the articles that lacked it."""
    data = history.workspace.userdata
    # Which had each tag already, from the catalog in one query: a record read per article
    # would stall the window for a selection of thousands.
    tagged = data.tags_of(ids)
    had = {i: {t.casefold() for t in tagged.get(i, ())} for i in ids}
    data.tag(ids, add=tags)
    parts = []
    for tag in tags:
        lacking = [i for i in ids if clean_tag(tag).casefold() not in had[i]]
        if lacking:
            parts.append(_tagging(data, lacking, tag))
    history.push_parts(tr("Tag Articles"), parts, select=ids)


def _tagging(data, ids: list[str], tag: str) -> Part:
    """The part of a step that gave `ids` a tag they lacked."""
    return Part(lambda: data.tag(ids, remove=[tag]), lambda: data.tag(ids, add=[tag]))


def trash(history: LibraryUndo, ids: list[str]) -> str:
    """Delete articles to the trash as one step; undone, the batch comes back."""
    data = history.workspace.userdata
    batches = [data.trash(ids)]

    def undo() -> list[str]:
        return data.restore(batches[-1])

    def redo() -> None:
        batches.append(data.trash(ids))

    history.push(tr("Delete"), undo, redo)
    return batches[0]
