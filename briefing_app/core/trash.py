"""The trash: deleted articles kept whole so a delete can be undone.

Layout::

    <root>/trash/<batch>/batch.json     {"deleted_at", "ids"}  (written last: marks it complete)
    <root>/trash/<batch>/<id>/...       the article's folder as it was (record, original,
                                        note, user file, claim corrections)

A delete copies the folders into a new batch, writes `batch.json`, then removes the articles
from the library (record first, as `Library.delete` does). Undo adds them back through
`Library.add`, so the catalog and the index learn of them as of any import. Emptying a batch
deletes it for good.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import shutil
import uuid
from collections.abc import Callable, Iterable

from briefing_app.core import atomicio
from briefing_app.core.annotations import NOTE_FILE, USER_FILE
from briefing_app.core.article import Article
from briefing_app.core.claims import corrections
from briefing_app.core.errors import BriefingError, LibraryError
from briefing_app.core.library import RECORD_NAME, Library

log = logging.getLogger(__name__)

BATCH_FILE = "batch.json"
TRASH_DIR = "trash"


BATCH_ID = re.compile(r"\d{8}T\d{6}-[0-9a-f]{6}")


def new_batch_id() -> str:
    """A batch id: when it was deleted (sorts by time) and a few random hex digits."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]


def no_batch(batch_id: str) -> BriefingError:
    return BriefingError(f"There is no deleted batch {batch_id!r} to restore.")


class Trash:
    def __init__(self, library: Library, workspace):
        self.library = library
        self.ws = workspace
        self.folder = library.root / TRASH_DIR

    def put(self, ids: list[str], writing: Callable) -> str:
        if not ids:
            raise BriefingError("No articles to delete.")
        batch_id = new_batch_id()
        batch = self.folder / batch_id
        with writing():
            try:
                for article_id in ids:
                    shutil.copytree(self.library.folder(article_id), batch / article_id)
            except OSError as exc:
                shutil.rmtree(batch, ignore_errors=True)
                raise LibraryError(
                    f"Could not move the articles to the trash: {atomicio.describe_os_error(exc)}."
                ) from exc
            stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            atomicio.write_json(batch / BATCH_FILE, {"deleted_at": stamp, "ids": ids})
            for article_id in ids:
                self.library.delete(article_id)
        return batch_id

    def batches(self) -> list[dict]:
        """Complete batches, newest first: {"id", "deleted_at", "ids"}."""
        out = []
        if self.folder.is_dir():
            for batch in self.folder.iterdir():
                try:
                    data = json.loads((batch / BATCH_FILE).read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    continue  # an interrupted delete: its articles are still in the library
                out.append({"id": batch.name, **data})
        return sorted(out, key=lambda b: b["deleted_at"], reverse=True)

    def _batch(self, batch_id: str) -> dict:
        """A complete batch's {"deleted_at", "ids"}; an error naming it when there is none."""
        if not BATCH_ID.fullmatch(batch_id):
            raise no_batch(batch_id)  # never a path: "../x" must not reach rmtree
        try:
            return json.loads((self.folder / batch_id / BATCH_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise no_batch(batch_id) from exc

    def take_back(
        self, batch_id: str, writing: Callable, only: Iterable[str] | None = None
    ) -> list[str]:
        """Put a batch back, or only the articles `only` names of it (the rest stay in the
        trash, in the same batch)."""
        batch = self.folder / batch_id
        data = self._batch(batch_id)
        chosen = set(data["ids"]) if only is None else set(only)
        wanted = [i for i in data["ids"] if i in chosen]
        left = [i for i in data["ids"] if i not in chosen]
        if not wanted:
            return []
        restored = []
        with writing():
            for article_id in wanted:
                source = batch / article_id
                if article_id in self.library or not (source / RECORD_NAME).is_file():
                    continue
                article = Article.from_record(
                    json.loads((source / RECORD_NAME).read_text(encoding="utf-8"))
                )
                target = self.library.folder(article_id)
                # The analyst's files first: the record, written last, makes the article appear.
                for name in (USER_FILE, NOTE_FILE, corrections.FILE_NAME):
                    if (source / name).is_file():
                        atomicio.write_bytes(target / name, (source / name).read_bytes())
                self.library.add(article, (source / article.original_name).read_bytes())
                self.library.store_user_data([self.ws.userdata.notes_store.catalog_row(article_id)])
                restored.append(article_id)
            if not left:
                shutil.rmtree(batch, ignore_errors=True)
                return restored
            # The batch file first: an article restored but still in the batch's folder is
            # never listed, and one listed is still there whole.
            atomicio.write_json(batch / BATCH_FILE, {**data, "ids": left})
            for article_id in wanted:
                shutil.rmtree(batch / article_id, ignore_errors=True)
        return restored

    def empty(self, batch_id: str, writing: Callable) -> list[str]:
        """Delete a trashed batch for good (it can no longer be restored); the ids it held."""
        batch = self.folder / batch_id
        data = self._batch(batch_id)
        with writing():
            # The marker first: a batch without it is never listed, whatever is left of it.
            (batch / BATCH_FILE).unlink()
            shutil.rmtree(batch, ignore_errors=True)
        return list(data["ids"])
