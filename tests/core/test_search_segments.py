"""Index segments written by worker processes: imports, rebuilds, merges and their fallbacks."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing_app.core.library import Library
from briefing_app.core.search import index as search_index
from briefing_app.core.search import whoosh_backend, whoosh_writer
from briefing_app.core.search.documents import ids_digest
from briefing_app.core.search.index import SearchIndex, prepare
from briefing_app.core.search.phrases import decode_positions, encode_positions, position_count
from briefing_app.core.workspace import Workspace
from tests.core.search_helpers import (
    counted_term_runs,
    make_article,
    store,
    wikinews_fixture_articles,
)
from tests.recombined import write_recombined


def _articles(count: int, offset: int = 0):
    base = wikinews_fixture_articles()
    return [
        make_article(
            f"{base[i % len(base)].title} {offset + i}",
            [*base[i % len(base)].paragraphs, f"Marker word{offset + i} here."],
            publisher="Wikinews",
            published=f"20{10 + i % 10}-01-02",
        )
        for i in range(count)
    ]


def _segments(folder: Path, name: str) -> list:
    from whoosh import index

    return index.open_dir(str(folder), indexname=name)._read_toc().segments


def _in_sync(index: SearchIndex) -> None:
    state = index.backend.state()
    ids = index.library.ids()
    assert state.count == len(ids) and state.digest == ids_digest(ids)
    assert index.needs_rebuild() is None


@pytest.fixture
def library(tmp_path):
    return Library(tmp_path / "library")


def test_positions_encoding_is_compact():
    assert encode_positions([4]) == b"H\x04\x00"
    assert position_count(encode_positions([1, 2, 3])) == 3
    assert decode_positions(encode_positions([5, 1 << 20])) == [5, 1 << 20]  # a title word


@given(st.lists(st.integers(min_value=0, max_value=(1 << 21)), unique=True).map(sorted))
def test_positions_survive_encoding(positions):
    raw = encode_positions(positions)
    assert decode_positions(raw) == positions
    assert position_count(raw) == len(positions)


class _Segment:
    def __init__(self, docs: int, name: str, deleted: int = 0):
        self.docs, self.name, self.deleted = docs, name, deleted

    def doc_count_all(self):
        return self.docs

    def deleted_count(self):
        return self.deleted

    def segment_id(self):
        return self.name


def test_segments_are_merged_by_order_of_magnitude():
    """Nine batches stay apart, the tenth folds them in; a big segment is left alone."""
    nine = [_Segment(100, f"s{i}") for i in range(9)]
    assert whoosh_writer.to_fold(nine[:8], 100) == []
    assert sorted(whoosh_writer.to_fold(nine, 100)) == sorted(s.name for s in nine)
    big = _Segment(50_000, "big")
    assert "big" not in whoosh_writer.to_fold([big, *nine], 100)
    segments, rewritten = [], 0
    for batch in range(2_000):  # 200,000 articles, 100 at a time
        chosen = set(whoosh_writer.to_fold(segments, 100))
        merged = 100 + sum(s.docs for s in segments if s.name in chosen)
        rewritten += merged - 100
        segments = [s for s in segments if s.name not in chosen] + [_Segment(merged, str(batch))]
        assert len(segments) <= 4 * whoosh_writer.FOLD_AT
    assert rewritten / 200_000 < 4  # each article rewritten about log10(2,000) times


def test_an_import_indexes_its_batches_in_the_workers(tmp_path, monkeypatch):
    """Every article is searchable after an import whose batches were indexed by workers."""
    monkeypatch.setattr("briefing_app.core.workspace.INDEX_BATCH", 5)
    monkeypatch.setattr(whoosh_writer, "FOLD_AT", 3)  # merges happen within a small import
    source = tmp_path / "source"
    write_recombined(source, 24)
    workspace = Workspace(tmp_path / "library")
    staged = []
    monkeypatch.setattr(
        whoosh_backend.Backend,
        "flush",
        lambda self, original=whoosh_backend.Backend.flush: (
            staged.append(bool(self._pending)),
            original(self),
        )[1],
    )
    results = workspace.import_paths([source])
    assert [r.status for r in results] == ["imported"] * 24
    assert any(staged), "no batch was indexed by a worker"
    _in_sync(workspace.index)
    assert workspace.search("said", limit=50).total == 24
    folder = workspace.index.index_dir
    assert len(_segments(folder, "articles")) < 24 // 5
    assert not list(folder.glob(whoosh_writer.STAGING_PREFIX + "*"))
    workspace.close()


def _backend_with(library: Library, tmp_path: Path, batches: list[list]):
    index = SearchIndex(tmp_path / "index", library)
    with ThreadPoolExecutor(1) as pool:
        for batch in batches:
            store(library, batch)
            index.add_articles(batch, pool)
        index.flush()
    return index


def test_a_batch_folds_in_earlier_segments(library, tmp_path, monkeypatch):
    monkeypatch.setattr(whoosh_writer, "FOLD_AT", 3)
    batches = [_articles(3, offset=10 * k) for k in range(5)]
    index = _backend_with(library, tmp_path, batches)
    _in_sync(index)
    assert len(_segments(index.index_dir, "articles")) < 5
    assert index.search("word42").total == 1
    assert index.search("Marker").total == 15


def test_a_segment_changed_meanwhile_makes_the_batch_indexed_here(library, tmp_path, monkeypatch):
    """Another writer deletes from a segment a worker is folding in: its result is dropped
    and the batch is indexed in this process instead; nothing is lost or doubled."""
    monkeypatch.setattr(whoosh_writer, "FOLD_AT", 2)
    first, second = _articles(3), _articles(3, offset=10)
    index = SearchIndex(tmp_path / "index", library)
    store(library, first)
    index.add_articles(first)  # one segment, written here
    gone = first[0]
    with ThreadPoolExecutor(1) as pool:
        store(library, second)
        index.add_articles(second, pool)  # folds the first segment in
        pending = index.backend._pending
        assert pending
        for future in pending[0].futures:
            future.result()
        other = whoosh_backend.Backend(index.index_dir)  # as another process would
        other.remove([gone.id])
        with library.lock:
            library.delete(gone.id)
        index.flush()
    _in_sync(index)
    assert index.search("Marker").total == 5
    assert gone.id not in index.search("Marker", limit=10).ids()
    assert not list(index.index_dir.glob(whoosh_writer.STAGING_PREFIX + "*"))


def test_a_failed_worker_leaves_the_batch_to_this_process(library, tmp_path, monkeypatch):
    def broken(*args):
        raise RuntimeError("worker lost")

    monkeypatch.setattr(whoosh_backend, "stage_documents", broken)
    index = _backend_with(library, tmp_path, [_articles(2), _articles(3, offset=10)])
    _in_sync(index)
    assert index.search("Marker").total == 5


def test_staging_left_by_a_killed_import_is_removed(library, tmp_path):
    index = _backend_with(library, tmp_path, [_articles(2)])
    folder = index.index_dir
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    abandoned = folder / f"{whoosh_writer.STAGING_PREFIX}{int(dead.stdout)}-articles-x"
    live = folder / f"{whoosh_writer.STAGING_PREFIX}{os.getpid()}-articles-y"
    for staging in (abandoned, live):
        staging.mkdir()
        (staging / "articles_abc.pst").write_bytes(b"x")
    whoosh_writer.remove_abandoned(folder)
    assert not abandoned.exists() and live.exists()


def test_a_rebuild_in_worker_processes_finds_what_one_process_finds(library, tmp_path, monkeypatch):
    articles = _articles(12)
    store(library, articles)
    index = SearchIndex(tmp_path / "index", library)
    index.rebuild()
    single = {q: index.search(q, limit=20) for q in ("Marker", '"said"', "word3 OR word7")}
    monkeypatch.setattr(search_index, "PARALLEL_BUILD_MIN", 2)
    done = []
    assert index.rebuild(progress=lambda d, t, title: done.append(d))
    assert done[-1] == 12
    assert len(_segments(index.index_dir, "articles")) == 2
    _in_sync(index)
    for query, expected in single.items():
        found = index.search(query, limit=20)
        assert found.total == expected.total
        assert sorted(found.ids()) == sorted(expected.ids())
    for article in articles[:3]:
        assert prepare(article).id in index.search("Marker", limit=20).ids()


def test_closing_the_index_lists_a_pending_segment(library, tmp_path):
    index = SearchIndex(tmp_path / "index", library)
    first, second = _articles(2), _articles(3, offset=10)
    with ThreadPoolExecutor(1) as pool:
        for batch in (first, second):
            store(library, batch)
            index.add_articles(batch, pool)
        assert index.backend._pending
        index.close()
    _in_sync(index)
    assert index.search("Marker").total == 5
    assert not list(index.index_dir.glob(whoosh_writer.STAGING_PREFIX + "*"))


def test_batches_are_written_side_by_side_and_never_take_in_the_same_segment(
    library, tmp_path, monkeypatch
):
    """Two batches are written at once; a third waits for the oldest. A batch written while
    another takes in a segment leaves that segment alone, so both are listed as written
    (taking it in twice would leave one of them to be indexed again in this process)."""
    import threading

    monkeypatch.setattr(whoosh_writer, "FOLD_AT", 2)
    release = threading.Event()
    stage = whoosh_backend.stage_documents

    def held(folder, documents, fold, owner):
        release.wait(10)
        return stage(folder, documents, fold, owner)

    monkeypatch.setattr(whoosh_backend, "stage_documents", held)
    redone = []
    update = whoosh_backend.Backend._update
    monkeypatch.setattr(
        whoosh_backend.Backend,
        "_update",
        lambda self, prepared, removed: (redone.extend(prepared), update(self, prepared, removed)),
    )
    index = SearchIndex(tmp_path / "index", library)
    first, second, third, fourth = (_articles(3, offset=10 * n) for n in range(4))
    store(library, first)
    index.add_articles(first)  # one segment, written here
    redone.clear()
    with ThreadPoolExecutor(2) as pool:
        store(library, second)
        index.add_articles(second, pool)  # takes the first segment in
        store(library, third)
        index.add_articles(third, pool)  # written beside it, taking nothing in
        pending = index.backend._pending
        assert len(pending) == 2
        assert pending[0].taken and not pending[0].taken & pending[1].taken
        threading.Timer(0.3, release.set).start()
        store(library, fourth)
        index.add_articles(fourth, pool)  # waits for the second batch to be listed
        assert len(index.backend._pending) == 2
        index.flush()
    assert redone == []  # every batch was listed as its worker wrote it
    _in_sync(index)
    assert index.search("Marker", limit=20).total == 12
    assert not list(index.index_dir.glob(whoosh_writer.STAGING_PREFIX + "*"))


def test_an_import_hands_on_batches_that_grow_with_it(tmp_path):
    """A long import's batches start small (what is imported first is soon searchable) and
    grow to a tenth of what it imported so far, up to the largest size."""
    from briefing_app.core.ingest import import_paths

    source = tmp_path / "source"
    write_recombined(source, 90)
    sizes = []
    library = Library(tmp_path / "library")
    results = import_paths(
        library,
        [source],
        on_batch=lambda articles: sizes.append(len(articles)),
        batch_size=2,
        largest_batch=5,
    )
    assert [r.status for r in results] == ["imported"] * 90
    assert sum(sizes) == 90
    assert sizes[:10] == [2] * 10 and max(sizes) == 5
    handed_on = 0
    for size in sizes[:-1]:  # the last batch is what was left
        assert size == max(2, min(5, handed_on // 10))
        handed_on += size


def test_growing_batches_rewrite_fewer_articles_in_fewer_segments():
    """The import's growing batches under the merge policy: at 10,000 articles each is
    rewritten well under once on average (fixed batches of 100: 1.8 times), and a search
    never opens more segments than with fixed batches."""
    from briefing_app.core.ingest.importer import batch_limit
    from briefing_app.core.workspace import INDEX_BATCH, LARGEST_INDEX_BATCH

    def imported(count: int, size) -> tuple[float, int]:
        segments, done, rewritten, most = [], 0, 0, 0
        while done < count:
            batch = min(size(done), count - done)
            chosen = set(whoosh_writer.to_fold(segments, batch))
            merged = batch + sum(s.docs for s in segments if s.name in chosen)
            rewritten += merged - batch
            segments = [s for s in segments if s.name not in chosen]
            segments.append(_Segment(merged, str(done)))
            done += batch
            most = max(most, len(segments))
        return rewritten / count, most

    fixed, fixed_most = imported(10_000, lambda done: 100)
    growing, growing_most = imported(
        10_000, lambda done: batch_limit(done, INDEX_BATCH, LARGEST_INDEX_BATCH)
    )
    assert fixed > 1.7 and growing < 0.7
    assert growing_most <= fixed_most


def _recombined_prepared(tmp_path: Path, count: int) -> list:
    from briefing_app.core.ingest.importer import build_article

    paths = write_recombined(tmp_path / "source", count)
    return [prepare(build_article(path.read_bytes(), path.name)) for path in paths]


def _index_in_segments(tmp_path: Path, prepared: list, size: int):
    """Article and claim indexes of these documents, `size` articles a segment, with
    documents deleted from the first segment."""
    from briefing_app.core.search.whoosh_writer import open_writer

    ix, cix = whoosh_backend.Backend(tmp_path / "index")._create(tmp_path / "index", [])
    for start in range(0, len(prepared), size):
        writers = open_writer(ix), open_writer(cix)
        for item in prepared[start : start + size]:
            writers[0].add_document(**item.article)
            for doc in item.claims:
                writers[1].add_document(**doc)
        for writer in writers:
            writer.commit(merge=False)
    writers = open_writer(ix), open_writer(cix)
    for item in prepared[1:size:2]:
        for writer in writers:
            writer.delete_by_term("aid", item.id)
    for writer in writers:
        writer.commit(merge=False)
    return ix, cix


def _merged_files(ix, folder: Path, writer_class, added: list[dict], where: str) -> dict:
    """The files of one segment holding every segment of `ix` and the `added` documents
    (added before, between or after the segments), by name with the segment's id left out."""
    from whoosh import index
    from whoosh.reading import SegmentReader

    toc = ix._read_toc()
    folder.mkdir()
    target = index.create_in(str(folder), toc.schema, indexname=ix.indexname)
    writer = writer_class(target)
    for number, segment in enumerate(toc.segments):
        if (where, number) in (("before", 0), ("between", 1)):
            for doc in added:
                writer.add_document(**doc)
        reader = SegmentReader(ix.storage, toc.schema, segment)
        writer.add_reader(reader)
        reader.close()
    if where == "after":
        for doc in added:
            writer.add_document(**doc)
    segment = writer._finalize_segment()
    writer._finish()
    name = segment.segment_id()
    return {f.name.replace(name, ""): f.read_bytes() for f in folder.iterdir() if name in f.name}


@pytest.mark.parametrize("where", ["before", "between", "after"])
def test_a_merged_segment_is_what_whoosh_writes(tmp_path, where):
    """Merging segments term by term writes, byte for byte, the files Whoosh's own merge
    (every posting sorted again through its pool) writes: postings, terms, lengths, stored
    fields, columns; with deleted documents and new documents added around the segments."""
    from whoosh.writing import SegmentWriter

    from briefing_app.core.search.whoosh_schema import writer_options
    from briefing_app.core.search.whoosh_writer import open_writer

    prepared = _recombined_prepared(tmp_path, 14)
    ix, cix = _index_in_segments(tmp_path, prepared[:11], 4)
    new = prepared[11:]
    for index, added in ((ix, [p.article for p in new]), (cix, [d for p in new for d in p.claims])):
        ours = _merged_files(index, tmp_path / f"ours-{index.indexname}", open_writer, added, where)
        whoosh = _merged_files(
            index,
            tmp_path / f"whoosh-{index.indexname}",
            lambda target: SegmentWriter(target, **writer_options()),
            added,
            where,
        )
        assert {".pst", ".trm", "._stored.col"} <= {n[n.find(".") :] for n in ours}
        assert ours.keys() == whoosh.keys()
        for name in ours:
            assert ours[name] == whoosh[name], name


@pytest.mark.parametrize("limitmb", [96, 0.05])
def test_a_new_segment_is_what_whoosh_writes(tmp_path, limitmb):
    """A segment of new documents (postings kept by term, or past the memory limit sorted
    through runs on disk) is, byte for byte, the segment Whoosh's own writer writes."""
    from whoosh import index
    from whoosh.writing import SegmentWriter

    from briefing_app.core.search.whoosh_schema import writer_options
    from briefing_app.core.search.whoosh_writer import open_writer

    prepared = _recombined_prepared(tmp_path, 6)
    ix, cix = whoosh_backend.Backend(tmp_path / "index")._create(tmp_path / "index", [])
    for source, docs in (
        (ix, [p.article for p in prepared]),
        (cix, [d for p in prepared for d in p.claims]),
    ):
        written = []
        for name, make in (
            ("ours", lambda target: open_writer(target, limitmb=limitmb)),
            ("whoosh", lambda target: SegmentWriter(target, limitmb=limitmb, **writer_options())),
        ):
            folder = tmp_path / f"{name}-{source.indexname}"
            folder.mkdir()
            writer = make(index.create_in(str(folder), source.schema, indexname=source.indexname))
            for doc in docs:
                writer.add_document(**doc)
            segment_id = writer._finalize_segment().segment_id()
            writer._finish()
            written.append(
                {
                    f.name.replace(segment_id, ""): f.read_bytes()
                    for f in folder.iterdir()
                    if segment_id in f.name
                }
            )
        assert written[0] == written[1]


_TEXT = st.lists(
    st.sampled_from(["Gas", "gas's", "union", "Zürich", "said", "a", "O’Brien", "\x1d", "—", " "]),
    max_size=40,
).map(" ".join)


@given(_TEXT, st.booleans())
def test_a_fields_terms_are_what_its_tokens_give(text, stem):
    """The postings a text field writes (`terms`, one pass) hold the positions and summed
    boosts Whoosh gathers from the analyzer's tokens, title words after the mark included."""
    from briefing_app.core.search.whoosh_schema import analyzer

    tokens: dict[str, tuple[list[int], float]] = {}
    for token in analyzer(stem)(text, positions=True):
        positions, boost = tokens.get(token.text, ([], 0.0))
        tokens[token.text] = ([*positions, token.pos], boost + token.boost)
    terms = analyzer(stem).terms(text)
    assert list(terms) == list(tokens)
    assert terms == tokens


@given(_TEXT)
def test_a_text_fields_postings_are_what_whoosh_indexes(text):
    """Every text field of both schemas gives, in one pass (`BriefingText.index`), the
    postings Whoosh's own `TEXT.index` gathers from the analyzer's tokens through the
    field's format: terms, frequencies, weights (field boosts included) and positions."""
    from whoosh.fields import TEXT

    from briefing_app.core.search.whoosh_schema import schemas

    for schema in schemas(frozenset({"a", "said"})):
        for name, field in schema.items():
            if type(field).__name__ == "BriefingText":
                assert list(field.index(text)) == list(TEXT.index(field, text)), name


@pytest.mark.parametrize("limitmb", [1e-6, 0.2])
def test_a_part_past_the_writers_memory_is_the_part_written_in_memory(
    tmp_path, monkeypatch, limitmb
):
    """A rebuild worker's writer keeps its postings by term; past its memory they go to term
    runs on disk, merged when the segment is written: the segment is, byte for byte, the one
    written from memory. 1e-6 MB writes a run after every article, 0.2 MB after a few."""
    prepared = _recombined_prepared(tmp_path, 11)
    runs = counted_term_runs(tmp_path / "probe", monkeypatch)
    written = []
    for name, memory in (("runs", limitmb), ("memory", 96)):
        monkeypatch.setattr(whoosh_writer, "WRITER_MEMORY_MB", memory)
        folder = tmp_path / name
        whoosh_backend.Backend(folder)._create(folder, [])
        runs.clear()
        staged, indexed, skipped = whoosh_writer.stage_part(
            str(folder), lambda: iter([*prepared[:5], None, *prepared[5:]]), ("articles", "claims")
        )
        assert (indexed, skipped) == (11, 1)
        assert (len(runs) > 2) == (name == "runs")
        files = {}
        for item in staged:
            segment_id = item.segment.segment_id()
            for path in Path(item.staging).iterdir():
                if segment_id in path.name:
                    files[item.name + path.name.replace(segment_id, "")] = path.read_bytes()
            assert item.segment.doc_count_all() == (
                11 if item.name == "articles" else sum(len(p.claims) for p in prepared)
            )
            assert sorted(p.name for p in Path(item.staging).iterdir() if p.is_dir()) == []
        # only the two staged segments' folders are left, no run
        assert len(list(folder.glob(whoosh_writer.STAGING_PREFIX + "*"))) == 2
        written.append(files)
    assert {".pst", ".trm", "._stored.col"} <= {n[n.find(".") :] for n in written[0]}
    assert written[0] == written[1]


def test_a_stopped_part_leaves_nothing_behind(tmp_path, monkeypatch):
    monkeypatch.setattr(whoosh_writer, "WRITER_MEMORY_MB", 1e-6)
    runs = counted_term_runs(tmp_path / "probe", monkeypatch)
    prepared = _recombined_prepared(tmp_path, 5)
    folder = tmp_path / "index"
    whoosh_backend.Backend(folder)._create(folder, [])
    asked = []

    def stopped():
        asked.append(1)
        return len(asked) > 4

    with pytest.raises(whoosh_writer.Stopped):
        whoosh_writer.stage_part(
            str(folder), lambda: iter(prepared), ("articles", "claims"), stopped=stopped
        )
    assert runs
    assert not list(folder.glob(whoosh_writer.STAGING_PREFIX + "*"))
