"""Typed errors with plain-language messages; the CLI prints them, the GUI shows them."""


class BriefingError(Exception):
    """Base of every error Briefing raises on purpose. `str(err)` is for the user."""


class IngestError(BriefingError):
    """A file could not be imported (unreadable, unsupported, too large, hostile...)."""


class LibraryError(BriefingError):
    """The library on disk could not be read or written."""


class AlreadyStored(LibraryError):
    """The article's content is stored already (imported meanwhile by another writer)."""

    def __init__(self, article_id: str):
        super().__init__(f"Article {article_id} is in the library already.")
        self.article_id = article_id


class KeyTaken(LibraryError):
    """A citation key the change would give an article is another article's (claimed by
    another analyst a moment ago); nothing was changed."""

    def __init__(self, key: str, article_id: str, holder: str):
        super().__init__(
            f"The citation key {key!r} was just taken by another article ({holder}); "
            f"article {article_id} keeps its key and nothing was changed. Save again."
        )
        self.key = key
        self.article_id = article_id
        self.holder = holder


class TryAgain(LibraryError):
    """A refusal that passes: nothing was wrong with the request, and the same call a moment
    later may succeed (an undo that met one stays in the history, to be tried again)."""


class LibraryBusy(TryAgain):
    """Another process holds the library's write lock."""


class ConnectionLost(TryAgain):
    """The team library's server dropped the connection (a restart, a network outage); the
    next call connects again."""


class LibraryReadOnly(LibraryError):
    """This window opened the library read-only because another process is its writer."""


class ArticleNotFound(LibraryError):
    """No article with that id or citation key."""


class QueryError(BriefingError):
    """A search query is malformed; `position` points at the problem when known."""

    def __init__(self, message: str, position: int | None = None):
        super().__init__(message)
        self.position = position


class BriefError(BriefingError):
    """A brief could not be read, rendered, checked or exported."""


class SaveConflict(BriefError):
    """The file changed on disk since it was opened; saving would overwrite someone's work."""
