"""The claims outline as a plain tree (no Qt): sections → speakers → claims, and sources.

The Qt model (`claims_model`) shows this tree in the window; the terminal walk-through on a
machine without a display prints it with `outline_lines`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from briefing_app.core.article import Article

Translate = Callable[[str], str]


def _same(text: str) -> str:
    return text


@dataclass(eq=False)
class OutlineNode:
    """One row of the outline."""

    kind: str
    label: str
    tooltip: str = ""
    paragraph: int = 0
    span: tuple[int, int] | None = None
    highlight: tuple[int, int] | None = None
    claim: dict[str, Any] | None = None
    hedged: bool = False
    parent: OutlineNode | None = None
    children: list[OutlineNode] = field(default_factory=list)

    def add(self, child: OutlineNode) -> OutlineNode:
        child.parent = self
        self.children.append(child)
        return child

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


def _span(
    item: dict[str, Any], start_key: str = "start", end_key: str = "end"
) -> tuple[int, int] | None:
    start, end = item.get(start_key, -1), item.get(end_key, -1)
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
        return start, end
    return None


def _claim_node(claim: dict[str, Any], tr: Translate, *, with_cue: bool) -> OutlineNode:
    content = claim.get("content", "")
    cue = claim.get("cue", "")
    hedges = claim.get("hedges") or []
    hedged = bool(claim.get("hedged") or hedges)
    label = f"{cue}: {content}" if with_cue and cue else content
    tips = [content]
    if claim.get("citation"):
        tips.append(tr("Source: {0}").format(claim["citation"]))
    if hedged:
        tips.append(tr("Hedged: {0}").format(", ".join(hedges) or tr("yes")))
    return OutlineNode(
        "claim",
        label,
        tooltip="\n".join(tips),
        paragraph=int(claim.get("paragraph") or 0),
        # A quotation takes the content (what was said); the reader highlights the whole claim.
        span=_span(claim, "content_start", "content_end") or _span(claim),
        highlight=_span(claim),
        claim=claim,
        hedged=hedged,
    )


def _speaker_label(claim: dict[str, Any], tr: Translate) -> str:
    name = claim.get("speaker_name") or claim.get("speaker") or tr("Unnamed source")
    role = claim.get("speaker_role") or ""
    return f"{name} — {role}" if role else name


def build_outline(article: Article | None, tr: Translate = _same) -> OutlineNode:
    """The outline tree of an article: reported statements by speaker, assessments, sources."""
    root = OutlineNode("root", "")
    if article is None:
        return root
    reported = [c for c in article.claims if c.get("kind") == "reported"]
    assessments = [c for c in article.claims if c.get("kind") == "assessment"]
    if reported:
        section = root.add(OutlineNode("section", tr("Reported statements")))
        speakers: dict[str, OutlineNode] = {}
        for claim in reported:
            key = claim.get("speaker_name") or claim.get("speaker") or ""
            if key not in speakers:
                speakers[key] = section.add(OutlineNode("speaker", _speaker_label(claim, tr)))
            speakers[key].add(_claim_node(claim, tr, with_cue=True))
    if assessments:
        section = root.add(OutlineNode("section", tr("The author's assessments")))
        for claim in assessments:
            section.add(_claim_node(claim, tr, with_cue=False))
    if article.citations:
        section = root.add(OutlineNode("section", tr("Cited sources")))
        for cite in article.citations:
            span = (cite.start, cite.end) if 0 <= cite.start < cite.end else None
            section.add(OutlineNode("source", cite.text, cite.text, cite.paragraph, span))
    _count_children(root)
    return root


def _count_children(root: OutlineNode) -> None:
    for section in root.children:
        claims = sum(len(c.children) or 1 for c in section.children)
        section.label = f"{section.label} ({claims})"


def outline_lines(article: Article, width: int = 100) -> list[str]:
    """The outline as indented text lines (hedged claims marked with ⚠)."""
    lines: list[str] = []

    def walk(node: OutlineNode, depth: int) -> None:
        for child in node.children:
            label = child.label if len(child.label) <= width else child.label[: width - 1] + "…"
            mark = "  ⚠ hedged" if child.hedged else ""
            where = (
                f"  (¶{child.paragraph})"
                if child.kind in ("claim", "source") and child.paragraph
                else ""
            )
            lines.append(f"{'  ' * depth}{label}{where}{mark}")
            walk(child, depth + 1)

    walk(build_outline(article), 1)
    return lines
