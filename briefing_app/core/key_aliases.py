"""Citation keys the user replaced, and the key each now stands for.

When the user asks for a new citation key (`briefing edit --rekey`, or the metadata form),
briefs that cite the old key must keep working. The article's record lists its old keys
(`Article.key_aliases`, the truth); this file maps each old key to the current one so a
lookup by key is one small read, not a scan of every record:

    <root>/key_aliases.json    {"old key": "current key", ...}

It maps to a *key*, not an article id, because a new version of an article keeps its key:
the alias then follows to the new version by itself. It is written before the record, so a
crash in between leaves an alias whose old key is still the article's own key (harmless).
"""

from __future__ import annotations

import json
from pathlib import Path

from briefing_app.core import atomicio

FILE_NAME = "key_aliases.json"


def _path(root: Path) -> Path:
    return Path(root) / FILE_NAME


def load(root: Path) -> dict[str, str]:
    """Old key -> current key ({} when no key was ever replaced, or the file is unreadable)."""
    try:
        data = json.loads(_path(root).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}  # a damaged map loses only the old keys; the records still list them
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def target(root: Path, key: str) -> str | None:
    """The current key an old key stands for, or None."""
    return load(root).get(key)


def record(root: Path, old: str, new: str) -> None:
    """Remember that `old` is now `new` (and keys that pointed at `old` now point at `new`)."""
    mapping = {k: (new if v == old else v) for k, v in load(root).items()}
    mapping[old] = new
    mapping.pop(new, None)  # the new key is an article's own key again
    atomicio.write_json(_path(root), dict(sorted(mapping.items())))
