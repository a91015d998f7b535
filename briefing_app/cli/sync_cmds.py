"""`briefing sync`: a local copy of a team library for working disconnected, synced both ways."""

from __future__ import annotations

from pathlib import Path

from briefing_app.cli import output
from briefing_app.cli.output import clean
from briefing_app.core.errors import BriefingError
from briefing_app.core.workspace import Workspace


def register(sub) -> None:
    p = sub.add_parser(
        "sync",
        help="copy a team library (or one collection) into a local library and send back "
        "what was imported or annotated there",
    )
    p.add_argument(
        "team",
        metavar="TEAM",
        help="the team library: postgresql://HOST/DATABASE, service=NAME or a library folder",
    )
    p.add_argument("local", metavar="LOCAL", help="the local library folder (made when missing)")
    p.add_argument(
        "--collection", metavar="NAME", help="only the articles in this collection (id or path)"
    )
    direction = p.add_mutually_exclusive_group()
    direction.add_argument("--pull-only", action="store_true", help="change only the local copy")
    direction.add_argument("--push-only", action="store_true", help="change only the team library")
    p.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=cmd_sync)


def _open(location: str, *, writing: bool) -> Workspace:
    from briefing_app.core import startup

    ws = Workspace(location)
    if writing:
        startup.tidy(ws)
    return ws


def _location(text: str) -> tuple[str, str, bool]:
    """(where to open it, how the sync state names it, a team location?): a team location is
    named without its parameters, a folder by its absolute path."""
    from briefing_app.core.team import connection

    if connection.is_team_location(text):
        return text, connection.display(text), True
    folder = str(Path(text).expanduser().resolve())
    return folder, folder, False


def cmd_sync(args) -> int:
    from briefing_app.core.sync import sync

    team_location, team_name, team_is_shared = _location(args.team)
    local_location, local_name, local_is_shared = _location(args.local)
    if local_is_shared:
        raise BriefingError("LOCAL must be a library folder on this machine.")
    if team_name == local_name:
        raise BriefingError("TEAM and LOCAL name the same library.")
    if not team_is_shared and not Path(team_location).is_dir():
        raise BriefingError(f"There is no library at {args.team}.")
    pull, push = not args.push_only, not args.pull_only
    team = _open(team_location, writing=push and not args.dry_run)
    try:
        local = _open(local_location, writing=pull and not args.dry_run)
        try:
            report = sync(
                team,
                local,
                team_name=team_name,
                collection=args.collection,
                pull=pull,
                push=push,
                dry_run=args.dry_run,
            )
        finally:
            local.close()
    finally:
        team.close()
    if args.json:
        output.print_json(report.to_json())
    else:
        _print(report)
    return 1 if report.skipped else 0


def _print(report) -> None:
    would = "would be " if report.dry_run else ""
    print(
        f"{len(report.pulled)} articles {would}pulled, {len(report.pushed)} {would}pushed, "
        f"annotations of {len(report.merged)} {would}merged, "
        f"{len(report.saved_searches)} saved searches {would}merged, "
        f"{len(report.tag_colours)} tag colours and {len(report.collections)} collections "
        f"{would}merged, {len(report.conflicts)} conflicts"
    )
    for c in report.conflicts:
        where = f"article {c.article}: " if c.article else ""
        print(f"conflict: {clean(where)}{clean(c.what)}: {clean(c.resolution)}")
    for r in report.rekeyed:
        print(
            f"re-keyed: article {clean(r['id'])} is now [@{clean(r['new'])}] "
            f"(was [@{clean(r['old'])}], kept as an alias here)"
        )
    for d in report.deleted:
        print(
            f"not copied again: article {clean(d['id'])} was deleted from the {d['side']} "
            "library since the last sync"
        )
    for t in report.trashed:
        print(
            f"moved to the trash: article {clean(t['id'])} in the {t['side']} library "
            "(moved to the trash on the other side since the last sync)"
        )
    for r in report.restored:
        print(
            f"taken out of the trash: article {clean(r['id'])} in the {r['side']} library "
            "(kept or restored on the other side)"
        )
    for s in report.skipped:
        output.error(f"article {s['id']} not synced: {s['reason']}")
