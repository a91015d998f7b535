"""The claims outline as a plain tree, shared by `briefing claims` and the GUI's item model.

Shape of `build_outline(article)` (every node is an `OutlineNode`):

    root (kind "root")
    ├── section "Reported statements"           kind "section", key "reported"
    │   └── speaker "Xi Jinping — Chinese President"   kind "speaker"
    │       └── claim "underscored: Beijings support…" kind "claim", claim=<claim dict>
    ├── section "The author's assessments"      kind "section", key "assessments"
    │   └── claim "…"                           kind "claim" (hedged=True when hedged)
    └── section "Cited sources"                 kind "section", key "sources"
        └── source "Radio Free Europe/Radio Liberty, November 29"  kind "source"

Speakers keep the order of their first statement; claims keep reading order. Reported claims
without a resolvable speaker go under "Unnamed source" (speaker None) or under their speaker
phrase as written. `span` is (start, end) in `article.text`; `paragraph` is 1-based; sections
carry `count`, the number of claims or sources below them. Labels are plain English: a GUI
translates section labels by `key`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SECTION_LABELS = {
    "reported": "Reported statements",
    "assessments": "The author's assessments",
    "sources": "Cited sources",
}
UNNAMED = "Unnamed source"


@dataclass(eq=False)
class OutlineNode:
    """One row of the outline tree."""

    kind: str  # root | section | speaker | claim | source
    label: str
    key: str = ""
    paragraph: int = 0
    span: tuple[int, int] | None = None
    claim: dict[str, Any] | None = None
    hedged: bool = False
    count: int = 0
    children: list[OutlineNode] = field(default_factory=list)

    def add(self, child: OutlineNode) -> OutlineNode:
        self.children.append(child)
        return child


def _span(item: dict[str, Any]) -> tuple[int, int] | None:
    start, end = item.get("start"), item.get("end")
    return (
        (start, end)
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end
        else None
    )


def speaker_label(claim: dict[str, Any]) -> str:
    """'Name — Role', the phrase as written, or 'Unnamed source'."""
    name = claim.get("speaker_name") or claim.get("speaker") or UNNAMED
    role = claim.get("speaker_role")
    return f"{name} — {role}" if role and claim.get("speaker_name") else name


def claim_label(claim: dict[str, Any], *, with_cue: bool) -> str:
    content = claim.get("content") or ""
    cue = claim.get("cue")
    return f"{cue}: {content}" if with_cue and cue else content


def _claim_node(claim: dict[str, Any], *, with_cue: bool) -> OutlineNode:
    return OutlineNode(
        "claim",
        claim_label(claim, with_cue=with_cue),
        paragraph=int(claim.get("paragraph") or 0),
        span=_span(claim),
        claim=claim,
        hedged=bool(claim.get("hedged") or claim.get("hedges")),
    )


def build_outline(article) -> OutlineNode:
    """The outline of an article's stored claims and citations (an empty root for None)."""
    root = OutlineNode("root", "")
    if article is None:
        return root
    claims = list(article.claims)
    reported = [c for c in claims if c.get("kind") == "reported"]
    if reported:
        section = root.add(OutlineNode("section", SECTION_LABELS["reported"], key="reported"))
        speakers: dict[str, OutlineNode] = {}
        for claim in reported:
            label = speaker_label(claim)
            if label not in speakers:
                speakers[label] = section.add(OutlineNode("speaker", label, key=label))
            speakers[label].add(_claim_node(claim, with_cue=True))
        section.count = len(reported)
    assessments = [c for c in claims if c.get("kind") == "assessment"]
    if assessments:
        section = root.add(OutlineNode("section", SECTION_LABELS["assessments"], key="assessments"))
        for claim in assessments:
            section.add(_claim_node(claim, with_cue=False))
        section.count = len(assessments)
    if article.citations:
        section = root.add(OutlineNode("section", SECTION_LABELS["sources"], key="sources"))
        for cite in article.citations:
            span = (cite.start, cite.end) if 0 <= cite.start < cite.end else None
            section.add(OutlineNode("source", cite.text, paragraph=cite.paragraph, span=span))
        section.count = len(article.citations)
    return root
