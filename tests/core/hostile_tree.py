"""A hostile folder built at test time: special files, symlink tricks, unprintable names.

What cannot be committed to git (FIFOs, device nodes, symlink loops, names that are not
UTF-8) is made here. A device node needs root (`mknod`); without it a UNIX socket stands in
for "a special file that is not a FIFO", and the device test is skipped.
"""

from __future__ import annotations

import os
import socket
import stat
from dataclasses import dataclass, field
from pathlib import Path

ARTICLE = (
    "Talks on the harbour resume\n\n"
    "Officials said on Monday that the talks about the harbour would resume next week.\n\n"
    "The ministry added that both delegations had agreed on an agenda.\n"
)
SECRET = "TOP SECRET: this file lies outside the imported folder and must never be read.\n"
ESCAPE_TITLE = "\x1b]0;PWNED\x07\x1b[2J\x1b[31mRed alert\u202e"
NON_UTF8_NAME = b"caf\xe9 \xff report.txt"
CONTROL_NAME = "bell\x07\x1b[2Jname.txt"


@dataclass
class HostileTree:
    """Paths of the hostile folder and of what lies around it."""

    root: Path  # the folder to import
    outside: Path  # a folder beside it holding SECRET
    # name -> (status, words in its reason): what is not a file to import is skipped, what
    # is broken (a link loop, a link to nothing) failed
    expected: dict[str, tuple[str, str]] = field(default_factory=dict)
    sockets: list[socket.socket] = field(default_factory=list)

    def close(self) -> None:
        for sock in self.sockets:
            sock.close()


def can_mknod() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def build(base: Path, *, device: bool = True) -> HostileTree:
    """The hostile folder under `base` (a device node only when running as root)."""
    root, outside = base / "hostile", base / "outside"
    for folder in (root, outside, root / "sub"):
        folder.mkdir(parents=True)
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "secret-dir").mkdir()
    (outside / "secret-dir" / "inner.txt").write_text(SECRET, encoding="utf-8")
    (root / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "sub" / "nested.txt").write_text(ARTICLE.replace("harbour", "grid"), encoding="utf-8")
    tree = HostileTree(root, outside)

    os.mkfifo(root / "pipe.txt")
    tree.expected["pipe.txt"] = ("skipped", "named pipe")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(root / "sock.txt"))
    tree.sockets.append(sock)
    tree.expected["sock.txt"] = ("skipped", "socket")
    if device and can_mknod():
        os.mknod(root / "zero.txt", stat.S_IFCHR | 0o600, os.makedev(1, 5))
        tree.expected["zero.txt"] = ("skipped", "character device")

    os.symlink(outside / "secret.txt", root / "secret-link.txt")
    tree.expected["secret-link.txt"] = ("skipped", "outside the imported folder")
    os.symlink(outside / "secret-dir", root / "secret-dir-link")
    tree.expected["secret-dir-link"] = ("skipped", "outside the imported folder")
    os.symlink("/dev/zero", root / "devzero-link.txt")
    tree.expected["devzero-link.txt"] = ("skipped", "character device outside")
    os.symlink("..", root / "sub" / "up-loop")
    tree.expected["up-loop"] = ("skipped", "already imported")
    os.symlink("self-loop", root / "self-loop")
    tree.expected["self-loop"] = ("failed", "loop")
    os.symlink("missing.txt", root / "dangling.txt")
    tree.expected["dangling.txt"] = ("failed", "leads nowhere")
    os.symlink("good.txt", root / "inside-link.txt")  # inside the tree: followed

    (root / os.fsdecode(NON_UTF8_NAME)).write_text(ARTICLE.replace("harbour", "café"), "utf-8")
    (root / CONTROL_NAME).write_text(ARTICLE.replace("harbour", "bell"), encoding="utf-8")
    (root / "escape-title.md").write_text(
        f'---\ntitle: "{ESCAPE_TITLE.encode("unicode_escape").decode("ascii")}"\n---\n\n'
        "Officials said the harbour talks would resume next week.\n",
        encoding="utf-8",
    )
    return tree
