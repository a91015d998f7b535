"""`briefing import`, `list`, `show`, `delete`: the archive from the command line."""

from __future__ import annotations

import textwrap

from briefing_app.cli import output
from briefing_app.cli.output import clean
from briefing_app.core.errors import ArticleNotFound, LibraryError


def register(sub) -> None:
    p = sub.add_parser("import", help="import files, folders (recursively) and zip archives")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="one JSON object per line per file")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("list", help="list the articles in the library")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("show", help="show one article: metadata, paragraphs, repairs")
    p.add_argument("id", metavar="ID_OR_KEY")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("delete", help="remove an article from the library")
    p.add_argument("id", metavar="ID_OR_KEY")
    p.set_defaults(handler=cmd_delete)


def cmd_import(args) -> int:
    ws = output.workspace(args, writing=True)
    progress = None if args.json else output.ProgressBar("Importing")
    results = ws.import_paths(args.paths, progress=progress)
    output.report_library_problems(ws)
    if args.json:
        output.print_json([r.to_json() for r in results], lines=True)
    else:
        for r in results:
            print(_result_line(r))
        statuses = ("imported", "unchanged", "skipped", "failed")
        print(", ".join(f"{sum(r.status == s for r in results)} {s}" for s in statuses))
    return 1 if any(r.status == "failed" for r in results) else 0


def _result_line(r) -> str:
    """One line per file; every part that came from a file name or a file is escaped."""
    if r.status == "failed":
        return f"failed     {clean(r.path)}: {clean(r.error)}"
    if r.status == "skipped":
        return f"skipped    {clean(r.path)}: {clean(r.error)}"
    if r.status == "unchanged":
        return f"unchanged  {clean(r.path)} (already in the library as {clean(r.id)})"
    if r.status == "imported":
        extra = f", supersedes {clean(r.supersedes)}" if r.supersedes else ""
        return f"imported   {clean(r.path)} -> {clean(r.id)} {clean(repr(r.title))}{extra}"
    return f"{clean(r.status):10} {clean(r.path)}{': ' + clean(r.error) if r.error else ''}"


def cmd_list(args) -> int:
    ws = output.workspace(args)
    articles = ws.listing(
        sort="published", current_only=False
    ).entries  # the catalog: no records read
    output.report_library_problems(ws)
    if args.json:
        output.print_json([a.summary() for a in articles])
        return 0
    for a in articles:
        authors = clean(", ".join(a.authors)) or "—"
        published = clean(a.metadata.published) or "????-??-??"
        print(
            f"{a.id}  {published:10}  {clean(a.key):30}  {clean(a.title)}"
            f"  ({authors}; {clean(a.metadata.publisher)})"
        )
    print(f"{len(articles)} articles")
    return 0


def cmd_show(args) -> int:
    ws = output.workspace(args)
    article = ws.article(args.id)
    output.report_library_problems(ws)
    if args.json:
        from briefing_app.core.overrides import provenance

        shown = article.public_dict()
        # Effective values above; where each came from and the user's own data below.
        shown["metadata_sources"] = provenance(article)
        shown["key_aliases"] = list(article.key_aliases)
        shown.update(ws.userdata.summary(article.id))
        output.print_json(shown)
        return 0
    m = article.metadata
    title = clean(m.title)
    print(title)
    print("=" * min(len(title), 78))
    for label, value in (
        ("Authors", ", ".join(m.authors)),
        ("Publisher", m.publisher),
        ("Published", m.published),
        ("Modified", m.modified),
        ("Series", _series_line(m)),
        ("URL", m.url),
        ("Key", article.key),
        ("Id", article.id),
    ):
        if value:
            print(f"{label + ':':11}{clean(value)}")
    if m.excerpt_only:
        print("(excerpt only: the rest of the article is at the URL)")
    for number, para in enumerate(article.paragraphs, 1):
        print()
        lead = f"[{number}] "
        print(textwrap.fill(clean(para), width=78, initial_indent=lead, subsequent_indent="    "))
    if article.repairs:
        print(f"\n{len(article.repairs)} repairs:")
        for r in article.repairs:
            sure = "certain" if r.certain else "heuristic"
            print(
                f"  {clean(r.kind):20} {sure:9} {clean(repr(r.before))} -> {clean(repr(r.after))}"
            )
    return 0


def _series_line(m) -> str:
    """The series with volume and issue ("Eurasia Daily Monitor vol. 20 no. 1"); unknowns left out."""
    parts = (m.series, m.volume and f"vol. {m.volume}", m.issue and f"no. {m.issue}")
    return " ".join(part for part in parts if part)


def cmd_delete(args) -> int:
    """Delete by id, prefix or key; a full id also when its record is unreadable."""
    ws = output.workspace(args, writing=True)
    try:
        article = ws.article(args.id)
    except ArticleNotFound:
        raise
    except LibraryError as exc:
        if ws.library.resolve_id(args.id) != args.id:
            raise
        output.error(str(exc))
        ws.delete(args.id)
        print(f"deleted {clean(args.id)} (its record was unreadable)")
        return 0
    output.report_library_problems(ws)
    ws.delete(article.id)
    print(f"deleted {article.id} {clean(repr(article.title))}")
    return 0
