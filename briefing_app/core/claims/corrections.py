"""Analyst corrections to an article's claims, kept apart from what the extractor found.

Stored beside the record as ``articles/<id>/corrections.json`` (written atomically)::

    {"format": 1, "corrections": [
        {"action": "reject",  "start": 120, "end": 188, "text": "<the claim's content>"},
        {"action": "speaker", "start": 120, "end": 188, "text": "…", "speaker": "Joe Biden"},
        {"action": "add",     "start": 300, "end": 352, "text": "…", "speaker": "Jane Roe"}
    ]}

The extractor's claims in ``article.json`` are never edited: corrections are an overlay applied
when claims are shown (`corrected_claims`), so they survive re-extraction by a new extractor
version. Each correction points at a passage by offsets *and* by its words: when the text at
the offsets differs (a new version of the same article), the words are looked for once in the
new text; a correction whose words are gone, or whose claim is no longer found, is returned as
a problem, never dropped in silence. A newer version of an article with no corrections of its
own inherits those of the version it supersedes. Unknown keys in the file are kept on rewrite,
so a later format can add fields without an older app losing them. `add` and `remove` also
update the catalog's count of who the article quotes (`Library.store_speakers`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing_app.core import atomicio
from briefing_app.core.claims.model import REPORTED
from briefing_app.core.claims.sentences import paragraph_spans
from briefing_app.core.errors import BriefingError

FILE_NAME = "corrections.json"
FORMAT = 1
ACTIONS = ("reject", "speaker", "add")


@dataclass
class Problem:
    """A correction that no longer applies, and why."""

    correction: dict[str, Any]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"correction": dict(self.correction), "reason": self.reason}


def make(action: str, text: str, start: int, end: int, speaker: str | None = None) -> dict:
    """A new correction of `text[start:end]` (a claim's content or a marked passage)."""
    if action not in ACTIONS:
        raise BriefingError(f"Unknown correction {action!r}; expected one of {', '.join(ACTIONS)}.")
    if not (0 <= start < end <= len(text)):
        raise BriefingError("The corrected passage lies outside the article's text.")
    if action != "reject" and not (speaker or "").strip():
        raise BriefingError("A speaker is needed for this correction.")
    out = {"action": action, "start": start, "end": end, "text": text[start:end]}
    if action != "reject":
        out["speaker"] = speaker.strip()
    return out


# -- storage ---------------------------------------------------------------------------------
def path_for(folder: Path) -> Path:
    return Path(folder) / FILE_NAME


def read(folder: Path) -> dict[str, Any]:
    """The stored document (an empty one when there is none); a damaged file is an error."""
    path = path_for(folder)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"format": FORMAT, "corrections": []}
    except (OSError, ValueError) as exc:
        raise BriefingError(f"The corrections file {path} cannot be read: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("corrections"), list):
        raise BriefingError(f"The corrections file {path} is not a corrections list.")
    data["corrections"] = [c for c in data["corrections"] if _valid(c)]
    return data


def _valid(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and item.get("action") in ACTIONS
        and isinstance(item.get("start"), int)
        and isinstance(item.get("end"), int)
        and isinstance(item.get("text"), str)
    )


def write(folder: Path, document: dict[str, Any]) -> None:
    """Store `document` atomically (its unknown keys as they were)."""
    document = dict(document)
    document.setdefault("format", FORMAT)
    atomicio.write_json(path_for(folder), document)


def for_article(library, article) -> list[dict[str, Any]]:
    """The article's corrections, or those of the nearest older version it supersedes."""
    seen: set[str] = set()
    current = article
    while current is not None and current.id not in seen:
        seen.add(current.id)
        corrections = library.corrections_document(current.id)["corrections"]
        if corrections:
            return corrections
        previous = getattr(current, "supersedes", None)
        current = library.get(previous) if previous and previous in library else None
    return []


def add(library, article, correction: dict[str, Any]) -> list[dict[str, Any]]:
    """Store one more correction with `article` (taking over inherited ones); returns them all.

    A later correction of the same passage replaces an earlier one (a speaker fixed twice keeps
    the last choice; a rejected claim given a speaker is no longer rejected).
    """
    with library.writing():  # the corrections and the speaker counts as one write
        stored = library.add_correction(article.id, correction, for_article(library, article))
        library.store_speakers(article.id)
    return stored


def remove(library, article, correction: dict[str, Any]) -> list[dict[str, Any]]:
    """Undo one correction (matched by action and passage)."""
    with library.writing():
        stored = library.remove_correction(article.id, correction, for_article(library, article))
        library.store_speakers(article.id)
    return stored


def changed(
    document: dict[str, Any], inherited: list[dict], correction: dict[str, Any], *, adding: bool
) -> list[dict[str, Any]]:
    """The corrections after adding `correction` (replacing one of the same passage) to, or
    removing it from, a document's (its `inherited` ones when it has none of its own)."""
    existing = document["corrections"] or list(inherited)
    if adding:
        return [*[c for c in existing if not same_target(c, correction)], correction]
    return [
        c
        for c in existing
        if not (same_target(c, correction) and c["action"] == correction["action"])
    ]


def same_target(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """True when `b` replaces `a`: the same passage, and an added claim only by another."""
    adding = "add" in (a["action"], b["action"])
    return (a["start"], a["end"]) == (b["start"], b["end"]) and (
        not adding or a["action"] == b["action"]
    )


# -- applying --------------------------------------------------------------------------------
def anchor(correction: dict[str, Any], text: str) -> tuple[int, int] | None:
    """Where the corrected passage is in `text`: its offsets, or its words found once."""
    start, end, words = correction["start"], correction["end"], correction["text"]
    if text[start:end] == words:
        return start, end
    found = text.find(words)
    if words and found >= 0 and text.find(words, found + 1) < 0:
        return found, found + len(words)
    return None


def _content_span(claim: dict[str, Any]) -> tuple[int, int] | None:
    start, end = claim.get("content_start"), claim.get("content_end")
    return (start, end) if isinstance(start, int) and isinstance(end, int) else None


def _claim_at(claims: list[dict[str, Any]], span: tuple[int, int]) -> int | None:
    """Index of the claim whose content best covers `span` (at least half of it)."""
    best, best_overlap = None, 0
    for n, claim in enumerate(claims):
        own = _content_span(claim)
        if own is None:
            continue
        overlap = min(own[1], span[1]) - max(own[0], span[0])
        if overlap > best_overlap:
            best, best_overlap = n, overlap
    if best is None or best_overlap * 2 < span[1] - span[0]:
        return None
    return best


def _paragraph_of(text: str, position: int) -> int:
    for number, (a, b) in enumerate(paragraph_spans(text), 1):
        if a <= position < b or position < a:
            return number
    return 0


def apply(
    claims: list[dict[str, Any]], text: str, corrections: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The claims as the analyst corrected them, and the corrections that no longer apply."""
    out = [dict(c) for c in claims]
    rejected: set[int] = set()
    problems: list[Problem] = []
    for correction in corrections:
        span = anchor(correction, text)
        if span is None:
            problems.append(Problem(correction, "the passage it points at has changed"))
            continue
        if correction["action"] == "add":
            out.append(_added(text, span, correction["speaker"]))
            continue
        n = _claim_at(out, span)
        if n is None:
            problems.append(Problem(correction, "no claim is found at that passage any more"))
            continue
        if correction["action"] == "reject":
            rejected.add(n)
        else:
            rejected.discard(n)
            out[n].update(
                speaker_name=correction["speaker"],
                speaker_role=None,
                speaker_basis="corrected",
                speaker_confidence=1.0,
                speaker_evidence=None,
                corrected=True,
            )
    kept = [c for n, c in enumerate(out) if n not in rejected]
    kept.sort(key=lambda c: (c.get("start") or 0, c.get("end") or 0))
    return kept, problems


def _added(text: str, span: tuple[int, int], speaker: str) -> dict[str, Any]:
    """A reported claim the analyst marked: the passage is its content."""
    start, end = span
    return {
        "kind": REPORTED,
        "speaker": None,
        "speaker_start": None,
        "speaker_end": None,
        "cue": None,
        "cue_start": None,
        "cue_end": None,
        "content": text[start:end],
        "content_start": start,
        "content_end": end,
        "speaker_name": speaker,
        "speaker_role": None,
        "direct": text[start:end][:1] in '“«"',
        "hedges": [],
        "hedged": False,
        "citation": None,
        "cited": False,
        "paragraph": _paragraph_of(text, start),
        "start": start,
        "end": end,
        "content_parts": [],
        "speaker_basis": "corrected",
        "speaker_confidence": 1.0,
        "speaker_evidence": None,
        "corrected": True,
    }


def corrected_claims(library, article) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The article's stored claims with its corrections applied, and any that no longer apply."""
    return apply(list(article.claims), article.text, for_article(library, article))


def people(article, claims: list[dict[str, Any]] | None = None) -> list[str]:
    """The people an analyst may choose as a speaker: every resolved speaker, in first order."""
    names: list[str] = []
    for claim in claims if claims is not None else article.claims:
        name = claim.get("speaker_name")
        if claim.get("kind") == REPORTED and name and name not in names:
            names.append(name)
    return names
