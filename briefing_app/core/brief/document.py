"""A brief on disk: YAML front matter (title, author, date, classification) and a Markdown body.

The body keeps its position in the file (`body_offset`, `body_line`) so that anything found
in it (a quotation, a citation) can be reported at the line the user sees in the editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefing_app.core.brief.storage import BriefFile
from briefing_app.core.errors import BriefError

_FRONT_MATTER = re.compile(
    r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M
)
KNOWN_FIELDS = ("title", "author", "date", "classification")


@dataclass
class BriefMeta:
    """The front matter fields Briefing understands; anything else is kept in `extra`."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    date: str = ""
    classification: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def author(self) -> str:
        """The authors as one line ("A, B and C")."""
        if len(self.authors) <= 1:
            return "".join(self.authors)
        return ", ".join(self.authors[:-1]) + " and " + self.authors[-1]


@dataclass
class BriefDocument:
    """A parsed brief: its front matter, its body and where the body starts in the file."""

    text: str
    meta: BriefMeta
    body: str
    body_offset: int = 0  # character offset of the body in `text`
    body_line: int = 1  # 1-based line number of the body's first line in `text`

    def line_of(self, offset: int) -> int:
        """The 1-based line in the file of a character offset in `text`."""
        return self.text.count("\n", 0, offset) + 1


def _as_text(value: Any, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (str, int, float)) or hasattr(value, "isoformat"):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    raise BriefError(f"The front matter field {name!r} should be text, not {type(value).__name__}.")


def _authors(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        out = []
        for item in value:
            # pandoc also accepts author entries of the form {name: ...}
            name = item.get("name") if isinstance(item, dict) else item
            out.append(_as_text(name, "author").strip())
        return [a for a in out if a]
    raise BriefError("The front matter field 'author' should be a name or a list of names.")


def _parse_front_matter(block: str, first_line: int) -> BriefMeta:
    try:
        data = yaml.safe_load(block) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {first_line + mark.line}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "it is not valid YAML"
        raise BriefError(f"The brief's front matter cannot be read{where}: {problem}.") from None
    if not isinstance(data, dict):
        raise BriefError("The brief's front matter should be a list of 'field: value' lines.")
    return BriefMeta(
        title=_as_text(data.get("title"), "title").strip(),
        authors=_authors(data.get("author")),
        date=_as_text(data.get("date"), "date").strip(),
        classification=_as_text(data.get("classification"), "classification").strip(),
        extra={k: v for k, v in data.items() if k not in KNOWN_FIELDS},
    )


def parse_brief(text: str) -> BriefDocument:
    """Split a brief into front matter and body; raise BriefError on bad front matter."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return BriefDocument(text=text, meta=BriefMeta(), body=text)
    meta = _parse_front_matter(match.group(1), first_line=2)
    offset = match.end()
    return BriefDocument(
        text=text,
        meta=meta,
        body=text[offset:],
        body_offset=offset,
        body_line=text.count("\n", 0, offset) + 1,
    )


def read_brief(path: Path | str) -> BriefDocument:
    """Read and parse a brief file (UTF-8); raise BriefError when it cannot be read."""
    # The editor's reader, so the command line sees the same text: BOM dropped, "\n" newlines.
    return parse_brief(BriefFile.open(path).text)
