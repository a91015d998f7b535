"""The claim record: who asserted what, with which cue, where in the text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REPORTED = "reported"
ASSESSMENT = "assessment"


@dataclass(frozen=True)
class Span:
    """A stretch of the article text: the words as written and their offsets."""

    text: str
    start: int
    end: int

    @classmethod
    def of(cls, source: str, start: int, end: int) -> Span:
        """The span of `source[start:end]`."""
        return cls(source[start:end], start, end)

    def __str__(self) -> str:
        return self.text


@dataclass
class Claim:
    """One statement: reported (attributed to a source) or the author's own assessment."""

    kind: str
    content: Span
    speaker: Span | None = None
    speaker_name: str | None = None
    speaker_role: str | None = None
    cue: Span | None = None
    direct: bool = False
    hedges: list[str] = field(default_factory=list)
    citation: dict[str, Any] | None = None
    paragraph: int = 0
    content_parts: list[Span] = field(default_factory=list)  # split quotations, in order
    # How the speaker was found: named | surname | pronoun | description | phrase | corrected;
    # confidence 0 with no speaker_name means unresolved. The evidence is the sentence that
    # names the person the speaker was resolved to.
    speaker_basis: str | None = None
    speaker_confidence: float | None = None
    speaker_evidence: Span | None = None
    corrected: bool = False
    unit: tuple[int, int] | None = field(default=None, repr=False, compare=False)  # its sentence

    @property
    def hedged(self) -> bool:
        return bool(self.hedges)

    @property
    def cited(self) -> bool:
        return self.citation is not None

    @property
    def start(self) -> int:
        """Start of the whole claim (speaker, cue and content)."""
        return min(s.start for s in self._spans())

    @property
    def end(self) -> int:
        """End of the whole claim (speaker, cue and content)."""
        return max(s.end for s in self._spans())

    def _spans(self) -> list[Span]:
        spans = [self.content, *self.content_parts]
        spans += [s for s in (self.speaker, self.cue) if s is not None]
        return spans

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form stored in the library and printed by `briefing claims --json`."""
        out: dict[str, Any] = {"kind": self.kind}
        for name in ("speaker", "cue", "content"):
            span = getattr(self, name)
            out[name] = span.text if span else None
            out[f"{name}_start"] = span.start if span else None
            out[f"{name}_end"] = span.end if span else None
        out.update(
            speaker_name=self.speaker_name,
            speaker_role=self.speaker_role,
            direct=self.direct,
            hedges=list(self.hedges),
            hedged=self.hedged,
            citation=dict(self.citation) if self.citation else None,
            cited=self.cited,
            paragraph=self.paragraph,
            start=self.start,
            end=self.end,
            content_parts=[[p.start, p.end] for p in self.content_parts],
            speaker_basis=self.speaker_basis,
            speaker_confidence=self.speaker_confidence,
            speaker_evidence=(
                None
                if self.speaker_evidence is None
                else {
                    "text": self.speaker_evidence.text,
                    "start": self.speaker_evidence.start,
                    "end": self.speaker_evidence.end,
                }
            ),
            corrected=self.corrected,
        )
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any], text: str | None = None) -> Claim:
        """Rebuild a claim from `to_dict` output (span texts re-read from `text` when given)."""

        def span(name: str) -> Span | None:
            start, end = data.get(f"{name}_start"), data.get(f"{name}_end")
            if start is None or end is None:
                return None
            return Span(text[start:end] if text is not None else data.get(name) or "", start, end)

        parts = [
            Span.of(text, a, b) if text is not None else Span("", a, b)
            for a, b in data.get("content_parts") or []
        ]
        evidence = data.get("speaker_evidence")
        if isinstance(evidence, dict) and isinstance(evidence.get("start"), int):
            a, b = evidence["start"], evidence.get("end") or evidence["start"]
            evidence = Span(text[a:b] if text is not None else evidence.get("text") or "", a, b)
        else:
            evidence = None
        return cls(
            kind=data["kind"],
            content=span("content") or Span("", 0, 0),
            speaker=span("speaker"),
            speaker_name=data.get("speaker_name"),
            speaker_role=data.get("speaker_role"),
            cue=span("cue"),
            direct=bool(data.get("direct")),
            hedges=list(data.get("hedges") or []),
            citation=data.get("citation"),
            paragraph=int(data.get("paragraph") or 0),
            content_parts=parts,
            speaker_basis=data.get("speaker_basis"),
            speaker_confidence=data.get("speaker_confidence"),
            speaker_evidence=evidence,
            corrected=bool(data.get("corrected")),
        )
