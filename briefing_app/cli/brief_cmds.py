"""`briefing check` and `briefing export`: briefs from the command line."""

from __future__ import annotations

from pathlib import Path

from briefing_app.cli import output
from briefing_app.cli.output import clean


def register(sub) -> None:
    p = sub.add_parser("check", help="verify every quotation of a brief against its cited source")
    p.add_argument("brief", metavar="BRIEF.md")
    p.add_argument("--json", action="store_true", help='print {"quotations": [...]}')
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("export", help="export a brief to DOCX, ODT, HTML, Markdown or PDF")
    p.add_argument("brief", metavar="BRIEF.md")
    p.add_argument("--to", required=True, choices=["docx", "odt", "html", "md", "pdf"], dest="fmt")
    p.add_argument("-o", "--output", required=True, metavar="OUT")
    p.add_argument("--evidence", action="store_true", help="append the evidence of every quotation")
    p.add_argument(
        "--allow-unverified",
        action="store_true",
        help="export even when quotations are not verified (the evidence appendix marks them)",
    )
    p.set_defaults(handler=cmd_export)


def _brief_text(path: str) -> str:
    from briefing_app.core.brief.document import read_brief

    return read_brief(Path(path)).text


def cmd_check(args) -> int:
    """Exit 1 when any quotation is not verified."""
    from briefing_app.core.brief.verify import check_brief

    text = _brief_text(args.brief)
    workspace = output.workspace(args)
    # The workspace answers index queries (keeping its index current) for the wrong-source search.
    checks = check_brief(text, workspace.library, index=workspace)
    if args.json:
        output.print_json({"quotations": [c.to_json() for c in checks]})
    else:
        for c in checks:
            quote = c.quote if len(c.quote) <= 60 else c.quote[:57] + "…"
            print(
                f"{clean(args.brief)}:{c.line}: {c.status:21} @{clean(c.key or '-')}  “{clean(quote)}”"
            )
            if c.status != "verified":
                print(f"    {clean(c.detail)}")
        bad = sum(not c.ok for c in checks)
        print(f"{len(checks)} quotations, {len(checks) - bad} verified, {bad} not verified")
    return 1 if any(not c.ok for c in checks) else 0


def _pdf_writer():
    """Qt's PDF writer, imported only for a PDF export (core itself never names Qt)."""
    from briefing_app.export_pdf import write_pdf

    return write_pdf


def cmd_export(args) -> int:
    from briefing_app.core.brief.export import export_brief

    text = _brief_text(args.brief)
    workspace = output.workspace(args)
    result = export_brief(
        text,
        workspace.library,
        args.fmt,
        Path(args.output),
        evidence=args.evidence,
        source=Path(args.brief),
        allow_unverified=args.allow_unverified,
        index=workspace,
        pdf_writer=_pdf_writer() if args.fmt == "pdf" else None,
    )
    print(f"wrote {clean(result.path)} ({result.notes} citations) and {clean(result.csl_path)}")
    if result.unverified:
        count = result.unverified
        noun = "quotation is" if count == 1 else "quotations are"
        print(f"warning: {count} {noun} not verified (marked in the evidence appendix)")
    return 0
