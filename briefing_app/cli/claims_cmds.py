"""`briefing claims`: the claims of a stored article, or of a file read without storing it."""

from __future__ import annotations

import dataclasses
import sys
import textwrap
from pathlib import Path

from briefing_app.cli import output
from briefing_app.cli.output import clean
from briefing_app.core import regular_files
from briefing_app.core.errors import IngestError


def register(sub) -> None:
    p = sub.add_parser(
        "claims", help="who asserted what in an article: reported statements, assessments, sources"
    )
    p.add_argument(
        "target", metavar="ID_OR_FILE", help="an article id or citation key, or a file to read"
    )
    p.add_argument("--json", action="store_true", help='print {"claims": [...]}')
    p.set_defaults(handler=cmd_claims)


def _load(target: str, args):
    """A library article with its analyst corrections applied (claims refreshed when the
    extractor changed), or a parsed file; and the corrections that no longer apply."""
    path = Path(target)
    if path.is_file():
        from briefing_app.core.ingest.importer import MAX_FILE_BYTES, build_article

        try:
            data = regular_files.read_regular(path, MAX_FILE_BYTES)
        except OSError as exc:
            raise IngestError(f"cannot read {path}: {exc.strerror or exc}") from exc
        return build_article(data, path.name, source_path=str(path)), []
    from briefing_app.core.claims.corrections import corrected_claims

    ws = output.workspace(args)
    article = ws.article(target)
    if not ws.read_only:  # claims stored by an older extractor are recomputed and saved
        changed = ws.refresh_claims([article.id])
        article = changed[0] if changed else article
    claims, problems = corrected_claims(ws.library, article)
    return dataclasses.replace(article, claims=claims), problems


def cmd_claims(args) -> int:
    article, problems = _load(args.target, args)
    for problem in problems:  # never dropped in silence
        print(
            f"warning: a correction no longer applies ({problem.reason}): "
            f"{problem.correction['action']} “{problem.correction['text'][:60]}”",
            file=sys.stderr,
        )
    if args.json:
        output.print_json(
            {
                "claims": list(article.claims),
                "stale_corrections": [p.to_dict() for p in problems],
            }
        )
        return 0
    from briefing_app.core.claims.outline import build_outline

    root = build_outline(article)
    if article.title:
        print(clean(article.title))
    if not root.children:
        print("No claims found.")
    for section in root.children:
        print(f"\n{clean(section.label)} ({section.count})")
        for node in section.children:
            _print_node(node)
    return 0


def _print_node(node, indent: str = "  ") -> None:
    if node.kind == "speaker":
        print(f"{indent}{clean(node.label)}")
        for child in node.children:
            _print_node(child, indent + "  ")
        return
    marks = ""
    if node.claim:
        if node.claim.get("hedged"):
            marks += f" [hedged: {', '.join(node.claim.get('hedges') or [])}]"
        if node.claim.get("citation"):
            marks += f" [source: {node.claim['citation'].get('text')}]"
    text = clean(f"¶{node.paragraph} {node.label}{marks}")
    print(
        textwrap.fill(
            text, width=100, initial_indent=indent + "- ", subsequent_indent=indent + "  "
        )
    )
