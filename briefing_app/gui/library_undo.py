"""The Library's undo history: collections made, renamed, moved and deleted, articles filed
into or taken out of a collection, tagged, or deleted to the trash — each one step that
Edit ▸ Undo (Ctrl+Z while the Library has the focus) takes back and Redo makes again.

A step is pushed once its change has been made (and was not refused), so pushing it does not
make it twice. Undoing or redoing goes through `UserData` like the change itself; one refused
there (the library changed meanwhile: in a team library someone else deleted the collection)
is told in the status bar and the step leaves the history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from briefing_app.core.annotations import Collection, clean_tag
from briefing_app.core.errors import BriefingError


def tr(text: str) -> str:
    return QCoreApplication.translate("LibraryUndo", text)


class LibraryUndo(QObject):
    """The history, shared by the Library's table and its sidebar."""

    stepped = Signal(list)  # a step was undone or redone; the article ids to select after it
    message = Signal(str)

    def __init__(self, workspace, parent: QObject | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.stack = QUndoStack(self)

    def push(self, text: str, undo: Callable, redo: Callable) -> None:
        """Record a change just made: `undo()` takes it back, `redo()` makes it again; each
        may return a list of the article ids to select afterwards."""
        self.stack.push(_Step(self, text, undo, redo))

    def action(self, parent: QObject, *, redo: bool = False) -> QAction:
        """An Undo (or Redo) action named after the step it takes ("Undo Rename Collection")."""
        return _StepAction(self.stack, parent, redo=redo)


class _StepAction(QAction):
    """QUndoStack.createUndoAction only appends the step's name to a prefix, which some
    languages cannot say ("Rückgängig: …"), so the name comes from a translated pattern. The
    state is kept from the stack's signals: the stack also signals while it is destroyed."""

    def __init__(self, stack: QUndoStack, parent: QObject, *, redo: bool):
        super().__init__(parent)
        if redo:
            self._plain, self._named = tr("Redo"), tr("Redo {0}")
            self._can, self._step = stack.canRedo(), stack.redoText()
            stack.canRedoChanged.connect(self._set_can)
            stack.redoTextChanged.connect(self._set_step)
            self.triggered.connect(stack.redo)
        else:
            self._plain, self._named = tr("Undo"), tr("Undo {0}")
            self._can, self._step = stack.canUndo(), stack.undoText()
            stack.canUndoChanged.connect(self._set_can)
            stack.undoTextChanged.connect(self._set_step)
            self.triggered.connect(stack.undo)
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
        self.setText(self._named.format(self._step) if self._can and self._step else self._plain)


class _Step(QUndoCommand):
    def __init__(self, history: LibraryUndo, text: str, undo: Callable, redo: Callable):
        super().__init__(text)
        self.history = history
        self._undo, self._redo = undo, redo
        self._made = True  # QUndoStack.push calls redo(): the change is made already

    def redo(self) -> None:  # Qt override
        if self._made:
            self._made = False
            return
        self._run(self._redo)

    def undo(self) -> None:  # Qt override
        self._run(self._undo)

    def _run(self, change: Callable) -> None:
        try:
            selected = change()
        except BriefingError as exc:
            self.history.message.emit(
                tr("Could not undo or redo “{0}”: {1}").format(self.text(), exc)
            )
            self.setObsolete(True)  # the stack drops it: the library is not as it expects
            selected = []
        self.history.stepped.emit(selected if isinstance(selected, list) else [])


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
    gone = data.delete_collection(collection_id)
    history.push(
        tr("Delete Collection"),
        lambda: data.put_back_collection(gone, children, members),
        lambda: data.delete_collection(gone.id),
    )
    return gone


def file_articles(
    history: LibraryUndo, ids: list[str], collections: Iterable[str], *, remove: bool = False
) -> None:
    """File articles into a collection (or take them out of these collections) as one step.
    Undone, only what changed changes back: an article that was in the collection already
    stays in it."""
    data = history.workspace.userdata
    changed: list[tuple[str, list[str]]] = []
    for collection_id in collections:
        inside = set(data.members(collection_id, nested=False))
        moving = [i for i in ids if (i in inside) == remove]
        if moving:  # only the articles this changes are written (and indexed again)
            data.file(moving, collection_id, remove=remove)
            changed.append((collection_id, moving))

    def apply(backwards: bool) -> list[str]:
        for collection_id, moving in reversed(changed) if backwards else changed:
            data.file(moving, collection_id, remove=remove != backwards)
        return ids

    text = tr("Remove from Collection") if remove else tr("Add to Collection")
    history.push(text, lambda: apply(True), lambda: apply(False))


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

    def undo() -> list[str]:
        if moving:
            data.file(moving, target.id, remove=True)
        for collection in reversed(made):
            data.delete_collection(collection.id)
        return ids

    def redo() -> list[str]:
        for collection in made:
            data.put_back_collection(collection)
        if moving:
            data.file(moving, target.id)
        return ids

    history.push(tr("Add to Collection"), undo, redo)
    return target


def tag_articles(history: LibraryUndo, ids: list[str], tags: list[str]) -> None:
    """Tag articles as one step; undone, each tag comes off the articles that lacked it."""
    data = history.workspace.userdata
    had = {i: {t.casefold() for t in data.tags(i)} for i in ids}
    data.tag(ids, add=tags)
    news = {t: [i for i in ids if clean_tag(t).casefold() not in had[i]] for t in tags}

    def apply(backwards: bool) -> list[str]:
        for tag, lacking in news.items():
            if lacking and backwards:
                data.tag(lacking, remove=[tag])
            elif lacking:
                data.tag(lacking, add=[tag])
        return ids

    history.push(tr("Tag Articles"), lambda: apply(True), lambda: apply(False))


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
