"""Reading files that may not be what their names say: only regular files, never past a limit.

A FIFO blocks `open()` until a writer appears, and a device such as /dev/zero never ends while
its `st_size` says 0. So a file is opened with O_NONBLOCK (a FIFO then opens at once), checked
with `fstat` on the open descriptor (the name may be swapped for something else between a
`stat` and the `open`), and read through a counter that stops at the limit whatever the size
claimed.
"""

from __future__ import annotations

import os
import stat

from briefing_app.core.errors import IngestError

CHUNK = 1024 * 1024

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISLNK, "a symbolic link"),
)


class NotRegularFile(IngestError):
    """The path is a FIFO, socket, device or folder: nothing to read as a document."""


class TooLarge(IngestError):
    """More bytes than the limit were read (whatever the file's size claimed)."""


def kind_of(mode: int) -> str:
    """What a file mode describes, in words ("a named pipe (FIFO)", "a regular file")."""
    for test, words in _KINDS:
        if test(mode):
            return words
    return "a regular file" if stat.S_ISREG(mode) else "a special file"


def open_regular(path: os.PathLike | str, *, follow_symlinks: bool = True) -> int:
    """A read-only descriptor of a regular file; NotRegularFile (nothing left open) otherwise."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(f"not a regular file: {kind_of(mode)}")
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_fd(fd: int, limit: int) -> bytes:
    """Every byte of an open descriptor, or TooLarge as soon as more than `limit` arrive."""
    chunks, total = [], 0
    while True:
        chunk = os.read(fd, min(CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            raise TooLarge(f"larger than {describe_limit(limit)}")
        chunks.append(chunk)


def read_regular(path: os.PathLike | str, limit: int, *, follow_symlinks: bool = True) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (see open_regular, read_fd)."""
    fd = open_regular(path, follow_symlinks=follow_symlinks)
    try:
        return read_fd(fd, limit)
    finally:
        os.close(fd)


def describe_limit(limit: int) -> str:
    """A byte limit in words ("50 MB")."""
    if limit >= 1024 * 1024:
        return f"{limit // (1024 * 1024)} MB"
    return f"{limit} bytes"
