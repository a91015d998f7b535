"""`briefing edit`, `tag`, `tags`, `collection`, `collections`, `note`, `highlights`.

The analyst's own layer over the archive (core/userdata.py) from the command line.
"""

from __future__ import annotations

import sys
from pathlib import Path

from briefing_app.cli import output
from briefing_app.cli.output import clean
from briefing_app.core import atomicio, overrides
from briefing_app.core.bibliography import FORMATS, render
from briefing_app.core.errors import BriefingError
from briefing_app.core.highlights import COLOURS, find_passage
from briefing_app.core.userdata import placed_json


def register(sub) -> None:
    fields = ", ".join(overrides.FIELDS)
    p = sub.add_parser("edit", help="correct an article's metadata (kept over re-imports)")
    p.add_argument("id", metavar="ID_OR_KEY")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help=f"correct a field ({fields}); authors separated by ';'",
    )
    p.add_argument(
        "--clear",
        action="append",
        default=[],
        metavar="FIELD",
        help="use the extracted value again",
    )
    p.add_argument(
        "--rekey",
        action="store_true",
        help="make the citation key from the corrected metadata (the old key stays an alias)",
    )
    p.add_argument("--json", action="store_true", help="print the fields and their sources")
    p.set_defaults(handler=cmd_edit)

    p = sub.add_parser("tag", help="add or remove tags on articles")
    p.add_argument("ids", nargs="+", metavar="ID_OR_KEY")
    p.add_argument("--add", action="append", default=[], metavar="TAG")
    p.add_argument("--remove", action="append", default=[], metavar="TAG")
    p.add_argument("--json", action="store_true", help="print each article's tags as JSON")
    p.set_defaults(handler=cmd_tag)

    p = sub.add_parser("tags", help="list the tags in use, with counts and colours")
    p.add_argument(
        "--colour",
        nargs=2,
        metavar=("TAG", "COLOUR"),
        help="give a tag a colour ('none' removes it)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_tags)

    p = sub.add_parser("collection", help="create, fill, rename or delete one collection")
    p.add_argument("name", metavar="NAME", help="the collection's name or path (Parent/Child)")
    p.add_argument("--create", action="store_true", help="create it")
    p.add_argument("--parent", metavar="PARENT", help="with --create: nest it in PARENT")
    p.add_argument("--add", nargs="+", default=[], metavar="ID_OR_KEY", help="put articles in it")
    p.add_argument(
        "--remove", nargs="+", default=[], metavar="ID_OR_KEY", help="take articles out of it"
    )
    p.add_argument(
        "--from-search",
        metavar="SAVED_SEARCH",
        help="put in it every article a saved search finds now",
    )
    p.add_argument(
        "--to-search",
        metavar="SAVED_SEARCH",
        nargs="?",
        const="",
        help='save a search (collection:"PATH") that finds its articles; named after the '
        "collection unless a name is given",
    )
    p.add_argument("--rename", metavar="NEW_NAME")
    p.add_argument(
        "--delete", action="store_true", help="delete it (the articles stay in the library)"
    )
    p.add_argument("--json", action="store_true", help="print its articles as JSON")
    p.set_defaults(handler=cmd_collection)

    p = sub.add_parser("collections", help="list the collections as a tree")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_collections)

    p = sub.add_parser("note", help="show or write an article's Markdown note")
    p.add_argument("id", metavar="ID_OR_KEY")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--set", metavar="TEXT", help="replace the note with TEXT ('-' reads stdin)")
    group.add_argument("--file", metavar="PATH", help="replace the note with a file's text")
    group.add_argument("--clear", action="store_true", help="delete the note")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_note)

    p = sub.add_parser("highlights", help="list, add or remove an article's highlights")
    p.add_argument("id", metavar="ID_OR_KEY")
    p.add_argument("--add", metavar="WORDS", help="highlight these exact words")
    p.add_argument("--paragraph", type=int, metavar="N", help="with --add: look in paragraph N")
    p.add_argument(
        "--colour", default="yellow", help=f"with --add: {', '.join(COLOURS)} or #rrggbb"
    )
    p.add_argument("--comment", default="", metavar="TEXT", help="with --add: a comment")
    p.add_argument("--remove", metavar="HIGHLIGHT_ID", help="remove a highlight (id or prefix)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_highlights)

    p = sub.add_parser(
        "trash", help="move articles to the trash, list it, restore from it or empty it"
    )
    p.add_argument("ids", nargs="*", metavar="ID_OR_KEY", help="articles to move to the trash")
    p.add_argument("--restore", metavar="BATCH", help="put a deleted batch back")
    p.add_argument("--empty", metavar="BATCH", help="delete a batch for good (no undo)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_trash)

    p = sub.add_parser("bibliography", help="the bibliography of articles or a collection")
    p.add_argument("ids", nargs="*", metavar="ID_OR_KEY")
    p.add_argument("--collection", metavar="NAME", help="every article in a collection")
    p.add_argument("--to", choices=tuple(FORMATS), default="csl-json", help="the format")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(handler=cmd_bibliography)


def _pairs(items: list[str]) -> dict[str, str]:
    values = {}
    for item in items:
        field, sep, value = item.partition("=")
        if not sep:
            raise BriefingError(f"--set takes FIELD=VALUE, not {item!r}.")
        values[field.strip()] = value
    return values


def cmd_edit(args) -> int:
    ws = output.workspace(args, writing=bool(args.set or args.clear or args.rekey))
    article = ws.article(args.id)
    if args.set or args.clear or args.rekey:
        old_key = article.key
        article = ws.userdata.edit(article.id, _pairs(args.set), clear=args.clear, rekey=args.rekey)
        if article.key != old_key and not args.json:
            print(f"key {old_key} -> {article.key} (the old key still resolves)", file=sys.stderr)
    if args.json:
        output.print_json(
            {
                "id": article.id,
                "key": article.key,
                "key_aliases": list(article.key_aliases),
                "metadata_sources": overrides.provenance(article),
            }
        )
        return 0
    for state in overrides.field_states(article):
        value = _plain(state.value)
        extra = (
            f"   (extracted: {_plain(state.extracted) or '—'})" if state.source == "user" else ""
        )
        print(f"{overrides.FIELDS[state.name] + ':':11}{clean(value)}{clean(extra)}")
    print(f"{'Key:':11}{clean(article.key)}")
    if article.key_aliases:
        print(f"{'Also:':11}{clean(', '.join(article.key_aliases))}")
    return 0


def _plain(value) -> str:
    return "; ".join(value) if isinstance(value, list) else str(value)


def cmd_tag(args) -> int:
    ws = output.workspace(args, writing=bool(args.add or args.remove))
    ids = [ws.article(i).id for i in args.ids]
    if args.add or args.remove:
        ws.userdata.tag(ids, add=args.add, remove=args.remove)
    tags = {i: ws.userdata.tags(i) for i in ids}
    if args.json:
        output.print_json([{"id": i, "tags": t} for i, t in tags.items()])
    else:
        for i, t in tags.items():
            print(f"{i}  {clean(', '.join(t)) or '—'}")
    return 0


def cmd_tags(args) -> int:
    ws = output.workspace(args, writing=bool(args.colour))
    if args.colour:
        tag, colour = args.colour
        ws.userdata.set_tag_colour(tag, None if colour.lower() == "none" else colour)
    colours = {k.casefold(): v for k, v in ws.userdata.shelf.tag_colours().items()}
    counts = ws.userdata.tag_counts()
    rows = [
        {"tag": tag, "articles": n, "colour": colours.get(tag.casefold())}
        for tag, n in counts.items()
    ]
    if args.json:
        output.print_json(rows)
        return 0
    for row in rows:
        colour = f"  ({row['colour']})" if row["colour"] else ""
        print(f"{row['articles']:6}  {clean(row['tag'])}{clean(colour)}")
    print(f"{len(rows)} tags")
    return 0


def cmd_collection(args) -> int:
    acting = (
        args.create
        or args.add
        or args.remove
        or args.rename
        or args.delete
        or args.from_search
        or args.to_search is not None
    )
    ws = output.workspace(args, writing=bool(acting))
    data = ws.userdata
    if args.parent and not args.create:
        raise BriefingError("--parent goes with --create.")
    if args.create:
        created = data.create_collection(args.name, args.parent)
        print(f"created {clean(data.shelf.path_of(created))}", file=sys.stderr)
        name = created.id
    else:
        name = args.name
    if args.delete:
        gone = data.delete_collection(name)
        print(f"deleted {clean(gone.name)} (its articles stay in the library)", file=sys.stderr)
        return 0
    if args.add:
        data.file([ws.article(i).id for i in args.add], name)
    if args.from_search:
        target, _count = data.collect_search(ws.saved_searches.get(args.from_search).query, name)
        name = target.id
    if args.remove:
        data.file([ws.article(i).id for i in args.remove], name, remove=True)
    if args.rename:
        name = data.rename_collection(name, args.rename).id
    collection = data.shelf.find(name)
    if args.to_search is not None:
        saved = data.save_collection_search(collection.id, args.to_search)
        print(f"saved search {clean(repr(saved.name))}: {clean(saved.query)}", file=sys.stderr)
    members = [ws.library.get(i) for i in data.members(collection.id)]
    if args.json:
        output.print_json(
            {
                "id": collection.id,
                "path": data.shelf.path_of(collection),
                "articles": [a.summary() for a in members],
            }
        )
        return 0
    print(clean(data.shelf.path_of(collection)))
    for a in members:
        print(f"  {a.id}  {clean(a.key):30}  {clean(a.title)}")
    print(f"{len(members)} articles")
    return 0


def cmd_collections(args) -> int:
    ws = output.workspace(args)
    data = ws.userdata
    collections = data.collections()
    rows = [
        {
            "id": c.id,
            "name": c.name,
            "parent": c.parent,
            "path": data.shelf.path_of(c),
            "articles": len(data.members(c.id)),
        }
        for c in collections
    ]
    rows.sort(key=lambda r: r["path"].casefold())
    if args.json:
        output.print_json(rows)
        return 0
    for row in rows:
        depth = row["path"].count("/")
        print(f"{'  ' * depth}{clean(row['name'])}  ({row['articles']})")
    print(f"{len(rows)} collections")
    return 0


def cmd_note(args) -> int:
    writing = args.set is not None or args.file or args.clear
    ws = output.workspace(args, writing=bool(writing))
    article = ws.article(args.id)
    if args.set is not None:
        ws.userdata.set_note(article.id, sys.stdin.read() if args.set == "-" else args.set)
    elif args.file:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BriefingError(f"Cannot read {args.file}: {exc}") from exc
        ws.userdata.set_note(article.id, text)
    elif args.clear:
        ws.userdata.set_note(article.id, "")
    note = ws.userdata.note(article.id)
    if args.json:
        output.print_json({"id": article.id, "note": note})
    elif note:
        for line in note.splitlines():
            print(clean(line))
    return 0


def cmd_highlights(args) -> int:
    writing = bool(args.add or args.remove)
    ws = output.workspace(args, writing=writing)
    article = ws.article(args.id)
    if args.add:
        start, end = find_passage(article, args.add, args.paragraph)
        ws.userdata.add_highlight(article.id, start, end, colour=args.colour, comment=args.comment)
    if args.remove:
        ws.userdata.remove_highlight(article.id, args.remove)
    placed = ws.userdata.highlights(article.id)
    if args.json:
        output.print_json([placed_json(p) for p in placed])
        return 0
    for p in placed:
        h = p.highlight
        where = "orphaned" if p.orphaned else f"¶{article.paragraph_at(p.start)}"
        comment = f"  — {h.comment}" if h.comment else ""
        print(f"{h.id}  {where:9} {clean(h.colour):7} “{clean(h.quote)}”{clean(comment)}")
    print(f"{len(placed)} highlights")
    return 0


def cmd_trash(args) -> int:
    ws = output.workspace(args, writing=bool(args.ids or args.restore or args.empty))
    data = ws.userdata
    if args.ids:
        batch = data.trash([ws.article(i).id for i in args.ids])
        print(f"moved {len(args.ids)} to the trash as {batch}", file=sys.stderr)
    if args.restore:
        restored = data.restore(args.restore)
        print(f"restored {len(restored)} articles", file=sys.stderr)
    if args.empty:
        emptied = data.empty_trash(args.empty)
        print(f"deleted {len(emptied)} articles for good", file=sys.stderr)
    batches = data.bin.batches()
    if args.json:
        output.print_json(batches)
        return 0
    for batch in batches:
        print(f"{batch['id']}  {batch['deleted_at']}  {len(batch['ids'])} articles")
    print(f"{len(batches)} deleted batches")
    return 0


def cmd_bibliography(args) -> int:
    ws = output.workspace(args)
    ids = [ws.article(i).id for i in args.ids]
    if args.collection:
        ids += ws.userdata.members(args.collection)
    if not ids:
        raise BriefingError("Name the articles (ids or keys) or a --collection.")
    articles = [ws.library.get(i) for i in dict.fromkeys(ids)]
    text = render(articles, args.to)
    if args.output:
        atomicio.write_text(args.output, text)
        print(f"wrote {len(articles)} entries to {args.output}", file=sys.stderr)
    else:
        print(text, end="")
    return 0
