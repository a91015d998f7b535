"""`briefing --library postgresql://…`: the archive commands against a team library."""

from __future__ import annotations

import contextlib
import json

import psycopg

from briefing_app.cli import main
from briefing_app.core.team.storage import TeamStorage
from briefing_app.core.workspace import Workspace
from tests.conftest import SEED_FILE
from tests.recombined import write_recombined


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@contextlib.contextmanager
def _login(pg_url: str, name: str, group: str, *settings: str):
    """A login role in `group` (with role settings such as read-only) for the block; its URL."""
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(f"DROP ROLE IF EXISTS {name}")
        admin.execute(f"CREATE ROLE {name} LOGIN IN ROLE {group}")
        for setting in settings:
            admin.execute(f"ALTER ROLE {name} SET {setting}")
    try:
        yield pg_url.replace("briefing_admin@", f"{name}@")
    finally:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(f"DROP OWNED BY {name}")
            admin.execute(f"DROP ROLE {name}")


def test_a_workspace_on_a_team_location_opens_the_team_library(pg_url):
    ws = Workspace(pg_url)
    try:
        assert isinstance(ws.storage, TeamStorage)
        assert ws.root is None and "dbname" not in ws.location and ws.location.startswith("Post")
        assert ws.is_empty() and ws.ensure_seeded() == []  # no sample articles in a team's library
        assert Workspace.try_writer(pg_url).read_only is False  # no library lock to wait for
    finally:
        ws.close()


def test_import_list_show_delete_through_the_command_line(capsys, pg_url, tmp_path):
    write_recombined(tmp_path / "in", 3)
    code, out, _ = _run(capsys, "--library", pg_url, "import", str(tmp_path / "in"), "--json")
    assert code == 0
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["status"] for r in results] == ["imported"] * 3
    code, out, _ = _run(capsys, "import", str(tmp_path / "in"), "--library", pg_url)
    assert code == 0 and out.splitlines()[-1] == "0 imported, 3 unchanged, 0 skipped, 0 failed"

    code, out, _ = _run(capsys, "--library", pg_url, "list", "--json")
    listed = json.loads(out)
    assert code == 0 and sorted(a["id"] for a in listed) == sorted(r["id"] for r in results)

    first = listed[0]
    code, out, _ = _run(capsys, "--library", pg_url, "show", first["key"])
    assert code == 0 and f"Id:        {first['id']}" in out

    code, out, _ = _run(capsys, "--library", pg_url, "delete", first["id"][:8])
    assert code == 0 and out.startswith(f"deleted {first['id']}")
    code, out, _ = _run(capsys, "--library", pg_url, "list")
    assert out.splitlines()[-1] == "2 articles"
    code, _, err = _run(capsys, "--library", pg_url, "show", first["id"])
    assert code == 2 and "No article" in err


def test_the_seed_imports_with_its_claims_and_speakers(capsys, pg_url):
    code, out, _ = _run(capsys, "--library", pg_url, "import", str(SEED_FILE), "--json")
    (result,) = [json.loads(line) for line in out.splitlines()]
    ws = Workspace(pg_url)
    try:
        article = ws.article(result["id"])
        assert article.claims  # extracted on import, as locally
        assert ws.library.speaker_counts()  # who it quotes, counted in the database
        assert ws.library.speaker_article_ids([ws.library.speaker_counts()[0][0]]) == [article.id]
        assert ws.library.original_bytes(article) == SEED_FILE.read_bytes()
    finally:
        ws.close()


def test_a_password_in_the_location_is_refused_before_connecting(capsys):
    code, _, err = _run(capsys, "--library", "postgresql://u:hunter2@db.invalid/x", "list")
    assert code == 2 and "pgpass" in err and "hunter2" not in err


def test_an_unreachable_team_library_is_one_line(capsys, tmp_path):
    code, _, err = _run(capsys, "--library", f"postgresql:///x?host={tmp_path}", "list")
    assert code == 2 and err.startswith("briefing: Could not reach the team library")


def test_a_reader_may_list_but_not_import(capsys, pg_url, tmp_path):
    """The migration's roles: briefing_reader reads, only briefing_contributor writes."""
    _run(capsys, "--library", pg_url, "import", str(SEED_FILE))
    with _login(pg_url, "analyst_reader", "briefing_reader") as reader:
        code, out, _ = _run(capsys, "--library", reader, "list")
        assert code == 0 and out.splitlines()[-1] == "1 articles"
        write_recombined(tmp_path, 1)
        code, out, _ = _run(capsys, "--library", reader, "import", str(tmp_path))
        assert code == 1 and "permission denied" in out
        with psycopg.connect(pg_url, autocommit=True) as admin:  # a newer Briefing migrated it
            admin.execute("INSERT INTO briefing_schema (version, name) VALUES (9999, 'future')")
        code, _, err = _run(capsys, "--library", reader, "list")
        assert code == 2 and "Update Briefing" in err


def test_claims_and_their_corrections_live_in_the_team_library(capsys, pg_url):
    from briefing_app.core.claims import corrections

    _run(capsys, "--library", pg_url, "import", str(SEED_FILE))
    code, out, _ = _run(capsys, "--library", pg_url, "claims", "avdaliani2023kazakhstans", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["claims"] and shown["stale_corrections"] == []
    ws = Workspace(pg_url)
    try:
        article = ws.article("avdaliani2023kazakhstans")
        claim = next(c for c in article.claims if c.get("speaker_name"))
        text = "\n\n".join(article.paragraphs)
        passage = text.index(claim["content"]) if claim["content"] in text else None
        assert passage is not None
        end = passage + len(claim["content"])
        before = dict((k, n) for k, _, n in ws.library.speaker_counts())
        corrections.add(ws.library, article, corrections.make("reject", text, passage, end))
        other = Workspace(pg_url)  # another workstation sees the correction and the new counts
        try:
            stored = other.library.corrections_document(article.id)["corrections"]
            assert [c["action"] for c in stored] == ["reject"]
            after = dict((k, n) for k, _, n in other.library.speaker_counts())
            assert sum(after.values()) == sum(before.values()) - 1
        finally:
            other.close()
    finally:
        ws.close()


def test_the_analysts_data_through_the_command_line(capsys, pg_url, tmp_path):
    """Tags, notes, collections, listing filters, edits and the trash of a team library, each
    seen from another workstation (a new process's workspace)."""
    write_recombined(tmp_path / "in", 2)
    _run(capsys, "--library", pg_url, "import", str(tmp_path / "in"))
    _, out, _ = _run(capsys, "--library", pg_url, "list", "--json")
    first, second = sorted(a["id"] for a in json.loads(out))

    assert _run(capsys, "--library", pg_url, "tag", first, "--add", "energy")[0] == 0
    assert _run(capsys, "--library", pg_url, "note", first, "--set", "check 'this'")[0] == 0
    assert _run(capsys, "--library", pg_url, "collection", "Desk", "--create")[0] == 0
    code, _, err = _run(capsys, "--library", pg_url, "collection", "Desk", "--add", second)
    assert code == 0, err
    code, out, _ = _run(capsys, "--library", pg_url, "tags")
    assert code == 0 and "energy" in out
    code, out, _ = _run(capsys, "--library", pg_url, "edit", second, "--set", "publisher=Desk Wire")
    assert code == 0, out

    ws = Workspace(pg_url)
    try:
        assert ws.userdata.tags(first) == ["energy"]
        assert ws.userdata.note(first) == "check 'this'"
        assert ws.userdata.members("Desk") == [second]
        assert ws.userdata.tag_counts() == {"energy": 1}
        assert [e.id for e in ws.listing(filters={"tag": "ENERGY"}).entries] == [first]
        assert [e.id for e in ws.listing(filters={"note": "'this'"}).entries] == [first]
        assert ws.article(second).metadata.publisher == "Desk Wire"
        assert ws.facet_counts("publisher", filters={"publisher": "Desk Wire"}) == [
            ("Desk Wire", 1)
        ]
    finally:
        ws.close()

    code, out, _ = _run(capsys, "--library", pg_url, "trash", first, "--json")
    (batch,) = json.loads(out)
    assert code == 0 and batch["ids"] == [first]
    _, out, _ = _run(capsys, "--library", pg_url, "list")
    assert out.splitlines()[-1] == "1 articles"  # gone from every list, for everybody
    assert _run(capsys, "--library", pg_url, "show", first)[0] == 2
    code, out, _ = _run(capsys, "--library", pg_url, "import", str(tmp_path / "in"))
    assert code == 1 and "in the library's trash" in out
    assert _run(capsys, "--library", pg_url, "trash", "--restore", batch["id"])[0] == 0
    _, out, _ = _run(capsys, "--library", pg_url, "list")
    assert out.splitlines()[-1] == "2 articles"
    ws = Workspace(pg_url)
    try:
        assert ws.userdata.tags(first) == ["energy"]  # back with the analyst's data
    finally:
        ws.close()

    assert _run(capsys, "--library", pg_url, "delete", first)[0] == 0
    ws = Workspace(pg_url)
    try:
        assert ws.userdata.tags(first) == [] and ws.userdata.note(first) == ""
    finally:
        ws.close()


def test_a_read_only_server_is_said_plainly(capsys, pg_url, tmp_path):
    """What a hot-standby replica answers to a write (SQLSTATE 25006), here from a login set
    to read only: listing works, an import and a tag say to make changes on the primary."""
    _run(capsys, "--library", pg_url, "import", str(SEED_FILE))
    team = Workspace(pg_url)
    key = team.library.keys().pop()
    team.close()
    settings = ("default_transaction_read_only = on",)
    with _login(pg_url, "analyst_replica", "briefing_contributor", *settings) as replica:
        code, out, _ = _run(capsys, "--library", replica, "list")
        assert code == 0 and out.splitlines()[-1] == "1 articles"
        write_recombined(tmp_path, 1)
        code, out, _ = _run(capsys, "--library", replica, "import", str(tmp_path))
        assert code == 1 and "make changes on the primary server" in out
        code, _, err = _run(capsys, "--library", replica, "tag", key, "--add", "energy")
        assert code != 0 and "make changes on the primary server" in err
        assert "Traceback" not in err
