"""The team library's article store in PostgreSQL (skips without a PostgreSQL server)."""

from __future__ import annotations

import copy
from dataclasses import replace

import psycopg
import pytest

from briefing_app.core.article import Article
from briefing_app.core.errors import AlreadyStored, ArticleNotFound, LibraryError
from briefing_app.core.ingest.importer import build_article, import_paths
from briefing_app.core.team import schema
from briefing_app.core.team.library import TeamLibrary
from tests.conftest import SEED_FILE
from tests.recombined import write_recombined


@pytest.fixture
def team(pg_url) -> TeamLibrary:
    library = TeamLibrary(pg_url)
    yield library
    library.close()


def _seed(library) -> Article:
    data = SEED_FILE.read_bytes()
    article = build_article(data, SEED_FILE.name, source_path=str(SEED_FILE))
    article.key = "seedkey2024"
    library.add(article, data)
    return article


def test_opening_a_new_database_applies_the_migrations(pg_url, team):
    with psycopg.connect(pg_url) as conn:
        assert schema.current_version(conn) == schema.steps()[-1].version
        roles = conn.execute(
            "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'briefing_%%' "
            "ORDER BY rolname"
        ).fetchall()
    assert ("briefing_contributor", False) in roles and ("briefing_reader", False) in roles
    assert len(team) == 0 and team.ids() == [] and not team.has_records()


def test_an_article_is_stored_and_read_back_whole(team):
    article = _seed(team)
    again = TeamLibrary(team.location)  # another workstation
    try:
        stored = again.get(article.id)
    finally:
        again.close()
    assert stored.to_record() == article.to_record()
    assert team.original_bytes(stored) == SEED_FILE.read_bytes()
    assert article.id in team and "0" * 16 not in team and "../x" not in team
    assert team.ids() == [article.id] == team.current_ids()
    assert team.resolve("seedkey2024").id == article.id
    assert team.resolve(article.id[:6]).id == article.id
    assert team.resolve_id(article.id) == article.id
    assert "seedkey2024" in team.keys()
    assert team.by_key()["seedkey2024"].id == article.id
    assert team.find_by_url(article.metadata.url)[0].id == article.id
    with pytest.raises(ArticleNotFound):
        team.resolve("nosuchkey")


def test_the_same_content_is_stored_once(team):
    article = _seed(team)
    twin = copy.deepcopy(article)
    twin.key = "otherkey"
    with pytest.raises(AlreadyStored):
        team.add(twin, SEED_FILE.read_bytes())
    assert team.ids() == [article.id]
    assert "otherkey" not in team.keys()  # the refused insert claimed nothing


def test_an_original_that_is_not_the_article_is_refused(team):
    article = build_article(SEED_FILE.read_bytes(), SEED_FILE.name)
    article.key = "k"
    with pytest.raises(LibraryError, match="another file"):
        team.add(article, b"something else")
    assert len(team) == 0


def test_a_taken_key_gets_the_next_suffix(team, tmp_path):
    """A key another writer claimed meanwhile (the importer's list of keys is older)."""
    first, second = write_recombined(tmp_path, 2)
    a = build_article(first.read_bytes(), first.name)
    b = build_article(second.read_bytes(), second.name)
    a.key = b.key = "clash2020key"
    b.metadata.authors, b.metadata.published, b.metadata.title = ["X Clash"], "2020", "Key"
    team.add(a, first.read_bytes())
    team.add(b, second.read_bytes())
    assert team.get(b.id).key == "clash2020keya"
    assert team.keys() >= {"clash2020key", "clash2020keya"}


def test_save_and_delete(team):
    article = _seed(team)
    article.metadata.title = "A corrected title"
    team.save(article)
    assert team.get(article.id).metadata.title == "A corrected title"
    assert team.catalog.entry(article.id).title == "A corrected title"
    team.delete(article.id)
    assert article.id not in team and team.ids() == []
    assert "seedkey2024" not in team.keys()  # a deleted article's key is free again
    with pytest.raises(ArticleNotFound):
        team.get(article.id)
    with pytest.raises(ArticleNotFound):
        team.delete(article.id)
    with pytest.raises(ArticleNotFound):
        team.save(article)


def test_importing_a_folder_stores_every_file_once_with_unique_keys(team, tmp_path):
    write_recombined(tmp_path, 5)
    results = import_paths(team, [tmp_path])
    assert [r.status for r in results] == ["imported"] * 5
    again = import_paths(team, [tmp_path])
    assert [r.status for r in again] == ["unchanged"] * 5
    keys = [team.get(i).key for i in team.ids()]
    assert len(set(keys)) == 5


def test_a_new_version_supersedes_the_old_and_keeps_its_key(team, tmp_path):
    old = _seed(team)
    edited = tmp_path / "v2.txt"
    edited.write_bytes(SEED_FILE.read_bytes().replace(b"Recently,", b"Only recently,"))
    (result,) = import_paths(team, [edited])
    assert result.status == "imported" and result.supersedes == old.id
    new = team.get(result.id)
    assert new.key == old.key and new.supersedes == old.id
    assert team.get(old.id).superseded_by == new.id
    assert team.current_ids() == [new.id]
    assert team.superseded_ids() == {old.id}
    assert team.resolve(old.key).id == new.id
    assert team.current_version(old.metadata.url).id == new.id
    assert team.newer_version_ids(old.id) == [new.id]
    listing = team.catalog.listing(current_only=False)
    assert {e.id for e in listing.entries} == {old.id, new.id} and listing.total == 2
    # Deleting the newer version makes the older one current again.
    team.delete(new.id)
    assert team.current_ids() == [old.id]
    assert team.resolve(old.key).id == old.id


def test_a_replaced_key_still_names_the_article(team):
    article = _seed(team)
    team.save_edit(article, replace(article, key="newkey2024"), aliases=["seedkey2024"])
    assert team.resolve("newkey2024").id == article.id
    assert team.resolve("seedkey2024").id == article.id  # briefs citing the old key
    assert {"seedkey2024", "newkey2024"} <= team.keys()


def test_a_newer_schema_is_refused_on_open(pg_url):
    TeamLibrary(pg_url).close()
    with psycopg.connect(pg_url) as conn:
        conn.execute("INSERT INTO briefing_schema (version, name) VALUES (9999, 'future')")
    with pytest.raises(schema.SchemaTooNew, match="version 9999.*Update Briefing"):
        TeamLibrary(pg_url)


@pytest.mark.parametrize("descending", [False, True])
def test_listings_come_in_the_folder_catalogs_order(pg_url, tmp_path, descending):
    """The same articles listed by a folder's SQLite catalog and by the team's SQL: the same
    order for every sortable column whose values both hold alike (not the clock columns)."""
    from briefing_app.core.catalog import FACETS, SORTABLE
    from briefing_app.core.library import Library

    write_recombined(tmp_path / "in", 12)
    folder, team = Library(tmp_path / "lib"), TeamLibrary(pg_url)
    try:
        for library in (folder, team):
            assert {r.status for r in import_paths(library, [tmp_path / "in"])} == {"imported"}
        for sort in set(SORTABLE) - {"updated", "imported"}:
            options = {"sort": sort, "descending": descending}
            assert team.catalog.ordered_ids(**options) == folder.catalog.ordered_ids(**options)
            page = team.catalog.listing(limit=5, offset=3, **options)
            assert page.total == 12
            assert [e.id for e in page.entries] == folder.catalog.ordered_ids(**options)[3:8]
        for facet in FACETS:
            assert team.catalog.facet_counts(facet) == folder.catalog.facet_counts(facet)
        for entry in team.catalog.listing().entries:
            local = folder.catalog.entry(entry.id)
            assert (entry.key, entry.metadata, entry.claims, entry.paragraphs) == (
                local.key,
                local.metadata,
                local.claims,
                local.paragraphs,
            )
    finally:
        team.close()


def test_two_new_versions_of_one_page_at_once_leave_one_current(team, pg_url, tmp_path):
    """Both workstations saw the same current version; the second to store its new version is
    refused (nothing stored) instead of making two current versions."""
    old = _seed(team)
    versions = []
    for n, words in enumerate((b"Only recently,", b"Just recently,")):
        data = SEED_FILE.read_bytes().replace(b"Recently,", words)
        article = build_article(data, f"v{n}.txt")
        article.supersedes, article.key = old.id, old.key
        versions.append((article, data))
    other = TeamLibrary(pg_url)
    try:
        team.add(*versions[0])
        with pytest.raises(LibraryError, match="newer version .* meanwhile"):
            other.add(*versions[1])
    finally:
        other.close()
    assert team.current_ids() == [versions[0][0].id]
    assert versions[1][0].id not in team


def test_claim_corrections_of_two_workstations_are_both_kept(team, pg_url):
    from briefing_app.core.claims import corrections

    article = _seed(team)
    text = "\n\n".join(article.paragraphs)
    other = TeamLibrary(pg_url)
    try:
        # Each workstation adds its own, one row each; the second keeps the first's.
        first = corrections.make("reject", text, 0, 10)
        second = corrections.make("speaker", text, 20, 30, speaker="Jane Roe")
        corrections.add(team, article, first)
        corrections.add(other, other.get(article.id), second)
        stored = team.corrections_document(article.id)["corrections"]
    finally:
        other.close()
    assert [c["action"] for c in stored] == ["reject", "speaker"]
    corrections.remove(team, article, first)
    assert [c["action"] for c in team.corrections_document(article.id)["corrections"]] == [
        "speaker"
    ]


def test_a_dropped_connection_is_a_clear_error_and_the_next_call_reconnects(team, pg_url):
    _seed(team)
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    with pytest.raises(LibraryError, match="Lost the connection to the team library"):
        team.ids()
    assert len(team.ids()) == 1
