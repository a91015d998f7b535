"""`briefing import`, `list`, `show`, `delete`: the archive from the command line."""

from __future__ import annotations

import textwrap

from briefing_app.cli import output


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
    if args.json:
        output.print_json([r.to_json() for r in results], lines=True)
    else:
        for r in results:
            if r.status == "failed":
                print(f"failed     {r.path}: {r.error}")
            elif r.status == "skipped":
                print(f"skipped    {r.path}: {r.error}")
            elif r.status == "unchanged":
                print(f"unchanged  {r.path} (already in the library as {r.id})")
            else:
                extra = f", supersedes {r.supersedes}" if r.supersedes else ""
                print(f"imported   {r.path} -> {r.id} {r.title!r}{extra}")
        statuses = ("imported", "unchanged", "skipped", "failed")
        print(", ".join(f"{sum(r.status == s for r in results)} {s}" for s in statuses))
    return 1 if any(r.status == "failed" for r in results) else 0


def cmd_list(args) -> int:
    ws = output.workspace(args)
    articles = ws.listing(
        sort="published", current_only=False
    ).entries  # the catalog: no records read
    if args.json:
        output.print_json([a.summary() for a in articles])
        return 0
    for a in articles:
        authors = ", ".join(a.authors) or "—"
        published = a.metadata.published or "????-??-??"
        print(f"{a.id}  {published:10}  {a.key:30}  {a.title}  ({authors}; {a.metadata.publisher})")
    print(f"{len(articles)} articles")
    return 0


def cmd_show(args) -> int:
    ws = output.workspace(args)
    article = ws.article(args.id)
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
    print(m.title)
    print("=" * min(len(m.title), 78))
    for label, value in (
        ("Authors", ", ".join(m.authors)),
        ("Publisher", m.publisher),
        ("Published", m.published),
        ("Series", _series_line(m)),
        ("URL", m.url),
        ("Key", article.key),
        ("Id", article.id),
    ):
        if value:
            print(f"{label + ':':11}{value}")
    if m.excerpt_only:
        print("(excerpt only: the rest of the article is at the URL)")
    for number, para in enumerate(article.paragraphs, 1):
        print()
        lead = f"[{number}] "
        print(textwrap.fill(para, width=78, initial_indent=lead, subsequent_indent="    "))
    if article.repairs:
        print(f"\n{len(article.repairs)} repairs:")
        for r in article.repairs:
            sure = "certain" if r.certain else "heuristic"
            print(f"  {r.kind:20} {sure:9} {r.before!r} -> {r.after!r}")
    return 0


def _series_line(m) -> str:
    """The series with volume and issue ("Eurasia Daily Monitor vol. 20 no. 1"); unknowns left out."""
    parts = (m.series, m.volume and f"vol. {m.volume}", m.issue and f"no. {m.issue}")
    return " ".join(part for part in parts if part)


def cmd_delete(args) -> int:
    ws = output.workspace(args, writing=True)
    article = ws.article(args.id)
    ws.delete(article.id)
    print(f"deleted {article.id} {article.title!r}")
    return 0
