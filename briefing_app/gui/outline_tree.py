"""The claims outline for the window: the core tree with translated labels and counts.

The tree is built by `core.claims.outline` (no Qt); this module names its strings where
lupdate can find them, so the window shows them translated. The Qt model (`claims_model`)
shows the tree; the terminal walk-through on a machine without a display prints it with
`outline_lines`.
"""

from __future__ import annotations

from briefing_app.core.article import Article
from briefing_app.core.claims import outline as core_outline
from briefing_app.core.claims.outline import OutlineNode, Translate

__all__ = ["OutlineNode", "build_outline", "outline_lines"]


def _same(text: str) -> str:
    return text


def _labels(tr: Translate) -> dict[str, str]:
    # Literal calls, so lupdate lists every string the core tree may ask for.
    return {
        "Reported statements": tr("Reported statements"),
        "The author's assessments": tr("The author's assessments"),
        "Cited sources": tr("Cited sources"),
        "Unnamed source": tr("Unnamed source"),
        "Source: {0}": tr("Source: {0}"),
        "Hedged: {0}": tr("Hedged: {0}"),
        "yes": tr("yes"),
        "Unresolved speaker": tr("Unresolved speaker"),
        "“{0}” could not be tied to a named person in the article.": tr(
            "“{0}” could not be tied to a named person in the article."
        ),
        "Speaker: {0} ({1})": tr("Speaker: {0} ({1})"),
        "Evidence: {0}": tr("Evidence: {0}"),
        "Confidence: {0:.0%}": tr("Confidence: {0:.0%}"),
        "Corrected by an analyst": tr("Corrected by an analyst"),
        "named in the sentence": tr("named in the sentence"),
        "surname of the person named earlier": tr("surname of the person named earlier"),
        "pronoun for the nearest person named before it": tr(
            "pronoun for the nearest person named before it"
        ),
        "description fitting only one person named before it": tr(
            "description fitting only one person named before it"
        ),
        "set by an analyst": tr("set by an analyst"),
    }


def build_outline(article: Article | None, tr: Translate = _same) -> OutlineNode:
    """The outline tree of an article: reported statements by speaker, assessments, sources."""
    labels = _labels(tr)
    root = core_outline.build_outline(article, lambda text: labels.get(text, text))
    _count_children(root)
    return root


def _count_children(root: OutlineNode) -> None:
    for section in root.children:
        section.label = f"{section.label} ({section.count})"


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
