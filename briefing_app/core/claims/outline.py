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

Speakers keep the order of their first statement and are grouped by name; claims keep reading
order. A reported claim whose speaker phrase ("he", "the minister") could not be tied to a
named person goes under "Unresolved speaker"; one with no speaker at all (an agentless
passive) under "Unnamed source"; a source that names no person under its phrase as written.
Speaker and claim tooltips say how the speaker was found and quote the sentence naming them. A claim's `span` is what a quotation takes (its content) and
`highlight` the whole claim, both (start, end) in `article.text`; `paragraph` is 1-based;
sections carry `count`, the number of claims or sources below them. Labels and tooltips are
plain English unless a `tr` function is given (the GUI passes its translator).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Translate = Callable[[str], str]

SECTION_LABELS = {
    "reported": "Reported statements",
    "assessments": "The author's assessments",
    "sources": "Cited sources",
}
UNNAMED = "Unnamed source"


def _same(text: str) -> str:
    return text


UNRESOLVED = "Unresolved speaker"
_BASIS = {
    "named": "named in the sentence",
    "surname": "surname of the person named earlier",
    "pronoun": "pronoun for the nearest person named before it",
    "description": "description fitting only one person named before it",
    "corrected": "set by an analyst",
}


def is_unresolved(claim: dict[str, Any]) -> bool:
    """A reported claim whose speaker phrase ("he", "the minister") names no one we can show."""
    return (
        claim.get("kind") == "reported"
        and not claim.get("speaker_name")
        and claim.get("speaker_basis") in ("pronoun", "description")
    )


def speaker_tip(claim: dict[str, Any], tr: Translate = _same) -> str:
    """Why the speaker is who the outline says: how it was found and the sentence naming them."""
    if is_unresolved(claim):
        return tr("“{0}” could not be tied to a named person in the article.").format(
            claim.get("speaker") or ""
        )
    basis = claim.get("speaker_basis")
    if basis not in _BASIS:
        return ""
    lines = [tr("Speaker: {0} ({1})").format(speaker_label(claim, tr), tr(_BASIS[basis]))]
    evidence = claim.get("speaker_evidence")
    if isinstance(evidence, dict) and evidence.get("text") and basis != "named":
        lines.append(tr("Evidence: {0}").format(evidence["text"]))
    confidence = claim.get("speaker_confidence")
    if isinstance(confidence, int | float) and basis not in ("named", "corrected"):
        lines.append(tr("Confidence: {0:.0%}").format(confidence))
    return "\n".join(lines)


@dataclass(eq=False)  # identity, not value: an item model finds rows by node
class OutlineNode:
    """One row of the outline tree."""

    kind: str  # root | section | speaker | claim | source
    label: str
    tooltip: str = ""
    paragraph: int = 0
    span: tuple[int, int] | None = None
    highlight: tuple[int, int] | None = None
    claim: dict[str, Any] | None = None
    hedged: bool = False
    key: str = ""
    count: int = 0
    parent: OutlineNode | None = None
    children: list[OutlineNode] = field(default_factory=list)

    def add(self, child: OutlineNode) -> OutlineNode:
        """Append `child` and return it."""
        child.parent = self
        self.children.append(child)
        return child

    def row(self) -> int:
        """This node's position among its parent's children."""
        return self.parent.children.index(self) if self.parent else 0


def _span(
    item: dict[str, Any], start_key: str = "start", end_key: str = "end"
) -> tuple[int, int] | None:
    start, end = item.get(start_key), item.get(end_key)
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
        return start, end
    return None


def speaker_label(claim: dict[str, Any], tr: Translate = _same) -> str:
    """'Name — Role', the phrase as written, 'Unresolved speaker' or 'Unnamed source'."""
    if is_unresolved(claim):
        return tr(UNRESOLVED)
    name = claim.get("speaker_name") or claim.get("speaker") or tr(UNNAMED)
    role = claim.get("speaker_role")
    return f"{name} — {role}" if role and claim.get("speaker_name") else name


def claim_label(claim: dict[str, Any], *, with_cue: bool) -> str:
    """The claim's content, after its cue ("underscored: …") when `with_cue`."""
    content = claim.get("content") or ""
    cue = claim.get("cue")
    return f"{cue}: {content}" if with_cue and cue else content


def citation_text(claim: dict[str, Any]) -> str:
    """The inline source citation a claim carries, as written ("" when none)."""
    citation = claim.get("citation")
    if isinstance(citation, dict):
        return citation.get("text") or ""
    return citation or ""


def _claim_node(claim: dict[str, Any], tr: Translate, *, with_cue: bool) -> OutlineNode:
    hedges = claim.get("hedges") or []
    hedged = bool(claim.get("hedged") or hedges)
    tips = [claim.get("content") or ""]
    if claim.get("kind") == "reported" and speaker_tip(claim, tr):
        tips.append(speaker_tip(claim, tr))
    if claim.get("corrected"):
        tips.append(tr("Corrected by an analyst"))
    if citation_text(claim):
        tips.append(tr("Source: {0}").format(citation_text(claim)))
    if hedged:
        tips.append(tr("Hedged: {0}").format(", ".join(hedges) or tr("yes")))
    return OutlineNode(
        "claim",
        claim_label(claim, with_cue=with_cue),
        tooltip="\n".join(tips),
        paragraph=int(claim.get("paragraph") or 0),
        # A quotation takes the content (what was said); the reader highlights the whole claim.
        span=_span(claim, "content_start", "content_end") or _span(claim),
        highlight=_span(claim),
        claim=claim,
        hedged=hedged,
    )


def _section(root: OutlineNode, key: str, tr: Translate) -> OutlineNode:
    return root.add(OutlineNode("section", tr(SECTION_LABELS[key]), key=key))


def build_outline(article, tr: Translate = _same) -> OutlineNode:
    """The outline of an article's stored claims and citations (an empty root for None)."""
    root = OutlineNode("root", "")
    if article is None:
        return root
    reported = [c for c in article.claims if c.get("kind") == "reported"]
    if reported:
        section = _section(root, "reported", tr)
        speakers: dict[str, OutlineNode] = {}
        for claim in reported:
            name = claim.get("speaker_name") or claim.get("speaker") or ""
            if is_unresolved(claim):
                name = "\0unresolved"
            if name not in speakers:
                label = speaker_label(claim, tr)
                tip = "" if is_unresolved(claim) else speaker_tip(claim, tr)
                speakers[name] = section.add(OutlineNode("speaker", label, tooltip=tip, key=label))
            speakers[name].add(_claim_node(claim, tr, with_cue=True))
        section.count = len(reported)
    assessments = [c for c in article.claims if c.get("kind") == "assessment"]
    if assessments:
        section = _section(root, "assessments", tr)
        for claim in assessments:
            section.add(_claim_node(claim, tr, with_cue=False))
        section.count = len(assessments)
    if article.citations:
        section = _section(root, "sources", tr)
        for cite in article.citations:
            span = (cite.start, cite.end) if 0 <= cite.start < cite.end else None
            section.add(
                OutlineNode(
                    "source", cite.text, tooltip=cite.text, paragraph=cite.paragraph, span=span
                )
            )
        section.count = len(article.citations)
    return root
