"""The catalog's claim_speakers table: filled on every write and in the rebuild, read by the
Speakers view so that listing everyone reads no record."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from briefing_app import paths
from briefing_app.core.article import Article
from briefing_app.core.claims import corrections
from briefing_app.core.claims.archive_speakers import archive_speakers, fold, speaker_rows
from briefing_app.core.ingest.importer import import_paths
from briefing_app.core.library import Library

TEXTS = {
    "a.md": ("2020-01-02", "Chinese President Xi Jinping said trade would grow.\n"),
    "b.md": ("2019-05-01", "President Xi said the talks were useful.\n"),
    "c.md": (
        "2021-03-03",
        "Xi said the plan would go ahead in spring.\n\n"
        "President Ilham Aliyev said the border was calm.\n",
    ),
    "d.md": ("2021-04-04", "President Ilham Əliyev said the talks would resume.\n"),
}


def _write(folder, name, published, body):
    path = folder / name
    path.write_text(f"---\npublished: {published}\n---\n{body}", encoding="utf-8")
    return path


@pytest.fixture
def quoted(workspace, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    paths_ = [_write(sources, name, *value) for name, value in TEXTS.items()]
    results = workspace.import_paths(paths_)
    assert [r.status for r in results] == ["imported"] * len(TEXTS)
    return workspace


def _table(library: Library) -> list[tuple]:
    library.ensure_catalog()  # a library never asked anything has no catalog file yet
    with sqlite3.connect(paths.catalog_file(library.root)) as db:
        return sorted(db.execute("SELECT id, key, name, claims, published FROM claim_speakers"))


def _current_in_step(library: Library) -> bool:
    """The table's `current` says what the articles' does, row by row."""
    with sqlite3.connect(paths.catalog_file(library.root)) as db:
        return not db.execute(
            "SELECT 1 FROM claim_speakers JOIN articles USING (id) "
            "WHERE claim_speakers.current != articles.current"
        ).fetchall()


def _from_records(library: Library) -> list[tuple]:
    """What the table must hold, worked out the slow way: from every record."""
    return sorted(row for article in library.articles() for row in speaker_rows(library, article))


def _counts(library: Library) -> dict[str, int]:
    return {s.name: s.count for s in archive_speakers(library)}


def _count_reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    original = Article.from_record.__func__

    def counting(cls, data):
        reads.append(data.get("id"))
        return original(cls, data)

    monkeypatch.setattr(Article, "from_record", classmethod(counting))
    return reads


def _give_a_claim_to_jane_roe(library: Library):
    """Correct the speaker of one of Əliyev's claims; returns the article and the correction."""
    article = next(a for a in library.articles() if "Əliyev" in a.text)
    claim = next(c for c in article.claims if c.get("speaker_name"))
    fix = corrections.make(
        "speaker", article.text, claim["content_start"], claim["content_end"], "Jane Roe"
    )
    with library.lock:
        corrections.add(library, article, fix)
    return article, fix


def test_import_fills_the_table_as_the_records_say(quoted):
    library = quoted.library
    library.catalog.commit()
    table = _table(library)
    assert table and table == _from_records(library)
    assert {row[1] for row in table} >= {"xi jinping", "xi", "ilham aliyev"}
    counts = _counts(library)
    assert counts["Xi Jinping"] == 3  # "Xi" and "President Xi" merged into the long name
    assert [s.count for s in archive_speakers(library) if fold(s.name) == "ilham aliyev"] == [2]


def test_listing_speakers_reads_no_record_and_claims_read_only_their_articles(quoted, monkeypatch):
    reopened = Library(quoted.library.root)
    reopened.ensure_catalog()
    reads = _count_reads(monkeypatch)
    speakers = archive_speakers(reopened)
    assert reads == []
    aliyev = next(s for s in speakers if fold(s.name) == "ilham aliyev")
    claims = aliyev.claims
    quoting = {c.article_id for c in claims}
    assert len(claims) == aliyev.count == 2 and sorted(reads) == sorted(quoting)
    assert [c.date for c in claims] == ["2021-03-03", "2021-04-04"]
    xi = next(s for s in speakers if s.name == "Xi Jinping")
    assert [c.date for c in xi.claims] == ["2019-05-01", "2020-01-02", "2021-03-03"]


def test_a_rebuild_and_an_old_schema_give_the_same_table(quoted):
    library = quoted.library
    library.catalog.commit()
    before = _table(library)
    library.catalog.close()
    with sqlite3.connect(paths.catalog_file(library.root)) as db:
        db.execute("DROP TABLE claim_speakers")  # a catalog written before the table existed
        db.execute("UPDATE meta SET value = '1' WHERE name = 'schema'")
    reopened = Library(library.root)
    assert reopened.catalog_problem() == "old schema"
    assert archive_speakers(reopened) and reopened.catalog_rebuilds == 1
    assert _table(reopened) == before and _current_in_step(reopened)
    reopened.catalog.remove_files()
    assert _counts(Library(library.root)) == _counts(reopened)


def test_a_deleted_article_leaves_the_table(quoted):
    library = quoted.library
    article_id = next(a.id for a in library.articles() if "Əliyev" in a.text)
    quoted.delete(article_id)
    assert article_id not in {row[0] for row in _table(library)}
    assert [s.count for s in archive_speakers(library) if fold(s.name) == "ilham aliyev"] == [1]
    assert _table(library) == _from_records(library)


def test_a_correction_moves_a_claim_to_its_new_speaker_and_back(quoted):
    library = quoted.library
    article, fix = _give_a_claim_to_jane_roe(library)
    counts = _counts(Library(library.root))  # as the next process sees it, committed
    assert counts["Jane Roe"] == 1
    assert [s.count for s in archive_speakers(library) if fold(s.name) == "ilham aliyev"] == [1]
    assert _table(library) == _from_records(library)
    roe = next(s for s in archive_speakers(library) if s.name == "Jane Roe")
    assert [c.claim["speaker_basis"] for c in roe.claims] == ["corrected"]
    with library.lock:
        corrections.remove(library, article, fix)
    assert "Jane Roe" not in _counts(library)
    assert _table(library) == _from_records(library) and _current_in_step(library)


def test_a_new_version_counts_with_the_corrections_it_inherits(quoted, tmp_path):
    library = quoted.library
    article, fix = _give_a_claim_to_jane_roe(library)
    newer = Article.from_record({**article.to_record(), "id": "f" * 16, "supersedes": article.id})
    with library.lock:
        library.add(newer, library.original_bytes(article))
    assert library.get(article.id).id not in library.current_ids()
    assert _counts(library)["Jane Roe"] == 1  # the new version inherits; the old is not current
    assert _table(library) == _from_records(library) and _current_in_step(library)
    with library.lock:  # a change to the old version's corrections reaches the new one
        corrections.remove(library, article, fix)
    assert "Jane Roe" not in _counts(library)
    assert _table(library) == _from_records(library) and _current_in_step(library)


def test_claim_refresh_keeps_the_table_in_step(quoted):
    library = quoted.library
    before = _table(library)
    for article in library.articles():
        article.claims = []
        article.claims_version = 0
        with library.lock:
            library.save(article)
    assert _table(library) == [] and archive_speakers(library) == []
    quoted.refresh_claims()
    assert _table(library) == before


def test_deleting_a_new_version_makes_the_old_one_counted_again(quoted):
    library = quoted.library
    article = next(a for a in library.articles() if "Əliyev" in a.text)
    newer = Article.from_record({**article.to_record(), "id": "e" * 16, "supersedes": article.id})
    with library.lock:
        library.add(newer, library.original_bytes(article))
    aliyev = [s for s in archive_speakers(library) if fold(s.name) == "ilham aliyev"]
    assert [s.count for s in aliyev] == [2] and _current_in_step(library)
    assert {c.article_id for c in aliyev[0].claims} >= {newer.id}
    counts = _counts(library)
    library.rebuild_catalog()  # the rebuild, too, counts only the current version
    assert _current_in_step(library) and _counts(library) == counts
    quoted.delete(newer.id)
    assert _current_in_step(library)
    aliyev = [s for s in archive_speakers(library) if fold(s.name) == "ilham aliyev"]
    assert [s.count for s in aliyev] == [2] and article.id in {
        c.article_id for c in aliyev[0].claims
    }


PEOPLE = ("Anna Berg", "Health Minister Anna Berg", "Ilham Əliyev", "Ilham Aliyev", "Joe Roe")


class SpeakersTable(RuleBasedStateMachine):
    """Any run of imports, new versions, corrections and deletions leaves the table as the
    records say, and the view's counts add up to the named claims of the current articles."""

    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        self.library = Library(self.folder / "lib")
        self.files = 0

    def teardown(self):
        self.library.catalog.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _import(self, url: int, speakers: list[str], day: int) -> None:
        self.files += 1
        # The same speakers give the same body: a new version whose text a correction of the
        # old one still finds.
        lines = [f"{who} said plan {n} would work.\n\n" for n, who in enumerate(speakers)]
        path = self.folder / f"{self.files}.md"
        path.write_text(
            f"---\npublished: 2020-01-{day:02d}\nsource: https://x.example/{url}\n---\n"
            + "".join(lines),
            encoding="utf-8",
        )
        import_paths(self.library, [path])

    @rule(
        url=st.integers(0, 1),  # few URLs: many new versions
        speakers=st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=3),
        day=st.integers(1, 28),
    )
    def import_or_new_version(self, url, speakers, day):
        self._import(url, speakers, day)

    @precondition(lambda self: self.library.current_ids())
    @rule(data=st.data(), speaker=st.sampled_from([*PEOPLE, "Jane Doe"]))
    def correct_a_speaker(self, data, speaker):
        # Any version: a newer one without corrections of its own inherits these.
        article = self.library.get(data.draw(st.sampled_from(self.library.ids())))
        named = [c for c in article.claims if c.get("speaker_name")]
        if named:
            claim = data.draw(st.sampled_from(named))
            fix = corrections.make(
                "speaker", article.text, claim["content_start"], claim["content_end"], speaker
            )
            with self.library.lock:
                corrections.add(self.library, article, fix)

    @precondition(lambda self: self.library.current_ids())
    @rule(data=st.data())
    def delete(self, data):
        with self.library.lock:
            self.library.delete(data.draw(st.sampled_from(self.library.ids())))

    @rule()
    def reopen(self):
        self.library.catalog.close()
        self.library = Library(self.library.root)

    @invariant()
    def table_as_the_records_say(self):
        assert _table(self.library) == _from_records(self.library)
        assert _current_in_step(self.library)
        named = sum(
            count
            for article in self.library.current_articles()
            for *_, count, _date in speaker_rows(self.library, article)
        )
        assert sum(s.count for s in archive_speakers(self.library)) == named


SpeakersTable.TestCase.settings = settings(
    max_examples=25, stateful_step_count=8, deadline=None, suppress_health_check=list(HealthCheck)
)
test_speakers_table_follows_any_run_of_writes = SpeakersTable.TestCase


def test_undoing_a_delete_brings_back_the_corrections_and_their_counts(quoted):
    library = quoted.library
    article, _fix = _give_a_claim_to_jane_roe(library)
    batch = quoted.userdata.trash([article.id])
    assert "Jane Roe" not in _counts(library)
    assert quoted.userdata.restore(batch) == [article.id]
    assert _counts(library)["Jane Roe"] == 1
    assert _table(library) == _from_records(library)
