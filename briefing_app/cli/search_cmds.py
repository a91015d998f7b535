"""`briefing search` and `briefing searches`: the archive's search from the command line."""

from __future__ import annotations

import html
import re
import sys

from briefing_app.cli import output
from briefing_app.cli.output import clean
from briefing_app.core.errors import QueryError
from briefing_app.core.search import query as qlang

_TAGS = re.compile(r"</?b[^>]*>")


def register(sub) -> None:
    p = sub.add_parser(
        "search", help="search the library (see docs/search.md for the query language)"
    )
    p.add_argument(
        "query", nargs="+", metavar="QUERY", help="the query; quote it to keep the shell off it"
    )
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="hits per page (default 20)")
    p.add_argument("--page", type=int, default=1, metavar="N", help="page of results (default 1)")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    p.add_argument(
        "--claims", action="store_true", help="search the claims instead of whole articles"
    )
    p.add_argument(
        "--all-versions",
        action="store_true",
        help="also find older versions of articles that a newer import replaced",
    )
    p.add_argument("--save", metavar="NAME", help="also save the query under this name")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("searches", help="list saved searches with the number of new hits")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.add_argument(
        "--run", metavar="NAME", help="run a saved search (its hits stop counting as new)"
    )
    p.add_argument("--delete", metavar="NAME", help="forget a saved search")
    p.set_defaults(handler=cmd_searches)


def _terminal_snippet(snippet_html: str) -> str:
    """The HTML snippet with matches in [brackets] for a terminal."""
    return html.unescape(
        _TAGS.sub(lambda m: "]" if m.group().startswith("</") else "[", snippet_html)
    )


def _print_results(results, *, as_json: bool) -> None:
    if as_json:
        output.print_json(results.to_json())
        return
    first = (results.page - 1) * results.limit
    for number, hit in enumerate(results.hits, first + 1):
        date = clean(hit.published) or "????-??-??"
        print(
            f"{number:3}. {clean(hit.title)}  ({clean(hit.publisher)}; {date})"
            f"  [{clean(hit.key)}, ¶{hit.paragraph}]"
        )
        if hit.claim:
            details = hit.claim
            speaker = details.get("speaker_name") or details.get("speaker", "")
            print(
                f"     {clean(details.get('kind', ''))}: {clean(speaker)}"
                f" — {clean(details.get('cue', ''))}"
            )
        print(f"     {clean(_terminal_snippet(hit.snippet))}")
    shown = f"{first + 1}-{first + len(results.hits)} of " if results.hits else ""
    print(f"{shown}{results.total} hits")


def _run(ws, query: str, args):
    bar = None if getattr(args, "json", False) else output.ProgressBar("Indexing")
    ws.index.ensure_current(progress=bar)
    return ws.index.search(
        query,
        limit=args.limit,
        page=args.page,
        sort=args.sort,
        claims=args.claims,
        all_versions=getattr(args, "all_versions", False),
    )


def _query_error(query: str, exc: QueryError) -> int:
    output.error(qlang.describe_error(query, exc))
    return 2


def cmd_search(args) -> int:
    query = " ".join(args.query)
    ws = output.workspace(args)
    try:
        if args.save:
            ws.saved_searches.save(args.save, query)
        results = _run(ws, query, args)
    except QueryError as exc:
        return _query_error(query, exc)
    if args.save:
        ws.saved_searches.record_run(args.save, ws.matching_ids(query))
    output.report_library_problems(ws)
    _print_results(results, as_json=args.json)
    if results.warning:
        output.error(results.warning)
    if args.save and not args.json:
        print(f"saved as {args.save!r}", file=sys.stderr)
    return 0


def cmd_searches(args) -> int:
    ws = output.workspace(args)
    if args.delete:
        ws.saved_searches.remove(args.delete)
        print(f"deleted saved search {args.delete!r}")
        return 0
    if args.run:
        saved = ws.saved_searches.get(args.run)
        args.limit, args.page, args.sort, args.claims = 20, 1, "relevance", False
        try:
            results = _run(ws, saved.query, args)
        except QueryError as exc:
            return _query_error(saved.query, exc)
        ws.saved_searches.record_run(saved.name, ws.matching_ids(saved.query))
        _print_results(results, as_json=args.json)
        return 0
    searches = ws.saved_searches.with_counts(ws.matching_ids)
    if args.json:
        output.print_json([s.to_json() for s in searches])
        return 0
    for s in searches:
        when = s.last_run or "never run"
        count = f"{s.new:5} new" if not s.problem else f"{clean(s.problem)} —"
        print(f"{clean(s.name):24} {count}   {clean(s.query)}   (last run: {clean(when)})")
    print(f"{len(searches)} saved searches")
    return 0
