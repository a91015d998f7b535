"""Writing Whoosh segments: a faster segment writer, and segments written in other processes.

`open_writer` gives Whoosh's `SegmentWriter`, writing the same files with less work:
- while it writes the postings of a new segment it knows each document's field lengths from
  memory (Whoosh read each one back from the column file just written, a byte at a time);
- a new document's postings are kept by term as they come, which is document order, and
  written a term at a time (Whoosh sorted every posting through its pool, then wrote each
  with a call of its own); past the writer's memory they go to disk a term at a time too,
  and are merged by term when the segment is written;
- a merged segment's postings are read and written term by term, a posting block at a time
  (Whoosh sorted every posting of the segments it took in again).
Tests hold the segments it writes, byte for byte, to those of Whoosh's own writer.

`stage_documents` runs in a worker process: it writes the documents it is given as a
segment in a private staging folder (an index of the same schema) and returns it. The
process holding the index's write lock then moves the segment's files into the index and
lists the segment in a new table of contents (`list_staged`), which writes no posting: both
cores build segments while the parent stores articles, and a rebuild is one segment per
worker. A segment whose files were moved in but never listed (a crash before the commit) is
deleted by Whoosh's next commit, like any file of no listed segment.
"""

from __future__ import annotations

import heapq
import marshal
import os
import shutil
import tempfile
from dataclasses import dataclass
from itertools import accumulate, groupby, repeat
from operator import itemgetter
from pathlib import Path

from briefing_app.core.search.whoosh_schema import writer_options

WRITER_MEMORY_MB = 96
STAGING_PREFIX = ".staging-"  # Whoosh's own file cleaning skips names starting with a dot
FOLD_AT = 10  # segments of one order of magnitude that are merged into one
REPORT_EVERY = 16  # articles a rebuild worker indexes between two progress reports


MERGE_BATCH = 4096  # postings of a merged segment handed to the pool at a time


def _writer_class():
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN
    from whoosh.reading import SegmentReader
    from whoosh.util.numeric import byte_to_length
    from whoosh.writing import PostingPool, SegmentWriter

    class BulkPool(PostingPool):
        """Whoosh's posting pool, given many postings at once, a new document's by term.

        Whoosh adds each posting through a call that checks its types and sums its size;
        for a claim's few words that call was a tenth of the time of indexing it. The size
        is summed the same way, and a run is saved once the pool is over its limit.

        A document's postings (`add_terms`) are kept by term, each term's in the order the
        documents came, which is document order, and the segment is written term by term
        (`grouped`) without sorting every posting (and without one call per posting to
        write it). Past the memory limit the terms kept so far go to a *term run* on disk,
        in Whoosh's term order; `grouped` merges the runs term by term, and a term's
        postings run after run are in document order again. (Whoosh sorts every posting
        through runs of its own: a rebuild of 10,000 articles per worker cost 40 ms of CPU
        per article that way.) Postings added one by one (`add_many`) go through Whoosh's
        sorting, and the term runs with them.
        """

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # field -> term -> [docnum, weight, value, docnum, weight, value, ...]: one
            # `extend` a posting, where three lists took three `append`s
            self.terms: dict[str, dict[bytes, list]] = {}
            self.term_runs: list[str] = []  # names of the runs of kept terms, oldest first

        def add_terms(self, fieldname: str, docnum: int, postings, boost: float) -> int:
            """One document's postings of a field, (term, frequency, weight, value) each
            as `FieldType.index` gives them, each weight times `boost`; the field's length
            (its frequencies summed)."""
            terms = self.terms.get(fieldname)
            if terms is None:
                terms = self.terms[fieldname] = {}
                self.fieldnames.add(fieldname)
            if not isinstance(postings, list):
                postings = list(postings)
            for btext, _, weight, vbytes in postings:
                entry = terms.get(btext)
                if entry is None:
                    terms[btext] = [docnum, weight * boost, vbytes]
                else:
                    entry += (docnum, weight * boost, vbytes)
            # Whoosh's estimate per posting (see `add`), summed in C
            size = 2 * sum(map(len, map(_first, postings)))
            size += sum(map(len, filter(None, map(_last, postings))))
            self.currentsize += size + len(postings) * (150 + len(fieldname))
            if self.currentsize > self.limit:
                self.save()
            length = sum(map(_second, postings))
            return length

        def _as_postings(self) -> None:
            """The postings kept by term moved to Whoosh's list of (field, term, docnum,
            weight, value)."""
            for fieldname, terms in self.terms.items():
                for btext, flat in terms.items():
                    self.current.extend(
                        zip(repeat(fieldname), repeat(btext), *_unflat(flat), strict=False)
                    )
            self.terms = {}

        def save(self):
            if self.current or self.runs:
                self._as_postings()
                super().save()
            elif self.terms:
                path, f = self._new_run()
                with f:
                    for entry in self._kept():
                        data = marshal.dumps(entry, 2)
                        f.write(len(data).to_bytes(8, "little"))
                        f.write(data)
                self.term_runs.append(path)
                self.terms = {}
            self.currentsize = 0

        def items(self, *args, **kwargs):
            self._term_runs_sorted()
            self._as_postings()
            return super().items(*args, **kwargs)

        def grouped(self):
            """(field, term, docnums, weights, values) of each term in Whoosh's order (a term
            in one entry per term run it is in, and the one in memory: `merged_terms` joins
            them), or None when some postings are not kept by term (then `iter_postings`
            has them all)."""
            if self.runs or self.current:
                return None
            if not self.term_runs:
                return self._kept()
            streams = [self._read_term_run(path) for path in self.term_runs]
            self.term_runs = []
            streams.append(self._kept())
            return heapq.merge(*streams, key=_term_of)

        def _kept(self):
            """The terms kept in memory, in Whoosh's order, as `grouped` gives them."""
            terms = self.terms
            return (
                (fieldname, btext, *_unflat(terms[fieldname][btext]))
                for fieldname in sorted(terms)
                for btext in sorted(terms[fieldname])
            )

        def _read_term_run(self, path: str):
            # An entry is its length, then its marshal bytes: `marshal.load` from a file
            # reads a few bytes at a time, through a method call each.
            f = self._open_run(path)
            try:
                while size := f.read(8):
                    yield marshal.loads(f.read(int.from_bytes(size, "little")))
            finally:
                f.close()
                self._remove_run(path)

        def _term_runs_sorted(self):
            """Postings came one by one as well: the term runs go through Whoosh's runs
            (sorted posting by posting), one run at a time, and the terms kept in memory
            to Whoosh's list. (Term runs exist only while no posting came one by one.)"""
            self._as_postings()
            held, self.current, size = self.current, [], self.currentsize
            for path in self.term_runs:
                self.current = [
                    posting
                    for fieldname, btext, docs, weights, values in self._read_term_run(path)
                    for posting in zip(
                        repeat(fieldname), repeat(btext), docs, weights, values, strict=False
                    )
                ]
                super().save()
            self.term_runs = []
            self.current, self.currentsize = held, size

        def add_many(self, items: list, fieldname: str | None = None) -> None:
            if not items:
                return
            if self.term_runs:
                self._term_runs_sorted()
            if fieldname is None:
                self.fieldnames.update({item[0] for item in items})
            else:
                self.fieldnames.add(fieldname)
            # Whoosh's estimate per posting: tuple, field name, text, number, weight, value
            self.currentsize += sum(
                150 + len(i[0]) + 2 * len(i[1]) + len(i[4] or b"") for i in items
            )
            self.current.extend(items)
            if self.currentsize > self.limit:
                self.save()

    class LengthsInMemory:
        """The new segment's per-document reader, its field lengths read in one piece."""

        def __init__(self, perdoc, doc_count: int):
            self._perdoc = perdoc
            self._doc_count = doc_count
            self._lengths: dict[str, list[int] | None] = {}

        def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
            lengths = self.table(fieldname)
            if lengths is None:
                return default
            return lengths[docnum] or default

        def table(self, fieldname: str) -> list[int] | None:
            """Every document's length of the field (None: the field keeps no lengths)."""
            lengths = self._lengths.get(fieldname, ())
            if lengths == ():
                lengths = self._lengths[fieldname] = self._load(fieldname)
            return lengths

        def _load(self, fieldname: str) -> list[int] | None:
            name = f"_{fieldname}_len"  # Whoosh's name for the lengths column of a field
            if not self._perdoc.has_column(name):
                return None
            column = self._perdoc.column_reader(name, LENGTHS_COLUMN)
            raw = bytes(column._dbfile.get(column._basepos, column._count))
            raw += bytes(max(0, self._doc_count - len(raw)))
            table = [byte_to_length(b) for b in range(256)]
            return [table[b] for b in raw]

        def close(self) -> None:
            self._perdoc.close()

    class BriefingWriter(SegmentWriter):
        """Whoosh's segment writer; postings are written with the field lengths in memory,
        and a document's (or a merged segment's) postings go to the pool in bulk."""

        def __init__(self, ix, limitmb: int = 128, **kwargs):
            super().__init__(ix, limitmb=limitmb, **kwargs)
            self.pool = BulkPool(self._tempstorage, self.newsegment, limitmb=limitmb)
            # Our schemas have neither spelling fields nor term vectors; any other schema
            # is indexed by Whoosh's own `add_document`.
            self._plain = not any(
                field.separate_spelling() or field.vector for _, field in self.schema.items()
            )
            self._taken: list[tuple] = []  # (reader, first new docnum, docmap) of merged segments

        def add_document(self, **fields):
            """Whoosh 2.7.4's `SegmentWriter.add_document`, each field's postings added at
            once (`BulkPool.add_many`)."""
            if not self._plain:
                return super().add_document(**fields)
            self._check_state()
            perdocwriter, schema, docnum = self.perdocwriter, self.schema, self.docnum
            docboost = self._doc_boost(fields)
            fieldnames = sorted([name for name in fields if not name.startswith("_")])
            self._check_fields(schema, fieldnames)
            perdocwriter.start_doc(docnum)
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    length = self.pool.add_terms(fieldname, docnum, field.index(value), fieldboost)
                    if not field.scorable:
                        length = 0  # Whoosh keeps lengths of scorable fields only
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(
                    fieldname, field, customval if field.stored else None, length
                )
                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(
                        fieldname, column, field.to_column_value(customval)
                    )
            perdocwriter.finish_doc()
            self._added = True
            self.docnum += 1

        def write_per_doc(self, fieldnames, reader):
            """Whoosh 2.7.4's, for a merged segment of our schemas: each field's lengths read
            in one piece. (Whoosh reads a document's length of each field through a file
            object, and for a field without lengths looks for the file on disk each time.)"""
            perdoc = getattr(reader, "_perdoc", None)
            if not self._plain or perdoc is None:
                return super().write_per_doc(fieldnames, reader)
            from whoosh import columns

            schema, pdw = self.schema, self.perdocwriter
            docmap = {} if reader.has_deletions() else None
            lengths = LengthsInMemory(perdoc, reader.doc_count_all())
            cols = {}
            for fieldname in fieldnames:
                coltype = schema[fieldname].column_type
                if coltype and reader.has_column(fieldname):
                    creader = reader.column_reader(fieldname, coltype)
                    if isinstance(creader, columns.TranslatingColumnReader):
                        creader = creader.raw_column()
                    cols[fieldname] = creader
            fields = [(name, schema[name], cols.get(name)) for name in fieldnames]
            for docnum, stored in reader.iter_docs():
                if docmap is not None:
                    docmap[docnum] = self.docnum
                pdw.start_doc(self.docnum)
                for fieldname, fieldobj, column in fields:
                    length = lengths.doc_field_length(docnum, fieldname)
                    pdw.add_field(fieldname, fieldobj, stored.get(fieldname), length)
                    if column is not None:
                        pdw.add_column_value(fieldname, fieldobj.column_type, column[docnum])
                pdw.finish_doc()
                self.docnum += 1
            return docmap

        def add_reader(self, reader):
            """Whoosh's, but a segment's postings are not sorted again with the new ones:
            its documents are written now, its postings term by term when the segment is
            written (`merged_terms`), a block at a time."""
            if (
                not self._plain
                or type(reader) is not SegmentReader
                or reader._segment.is_compound()
            ):
                return super().add_reader(reader)
            self._check_state()
            basedoc = self.docnum
            indexed = {name for name in reader.indexed_field_names() if name in self.schema}
            docmap = self.write_per_doc(set(self.schema.names()) | indexed, reader)
            # the caller closes its reader once this returns: the postings need one of ours
            own = SegmentReader(reader._storage, reader.schema, reader._segment)
            self._taken.append((own, basedoc, docmap))
            self._added = True

        def add_postings_to_pool(self, reader, startdoc, docmap):
            """Whoosh's, the merged segment's postings added MERGE_BATCH at a time."""
            batch = []
            for item in self._process_posts(reader.iter_postings(), startdoc, docmap):
                batch.append(item)
                if len(batch) >= MERGE_BATCH:
                    self.pool.add_many(batch)
                    batch = []
            self.pool.add_many(batch)

        def _flush_segment(self):
            self.perdocwriter.close()
            lengths = None
            if self.codec.length_stats:
                lengths = LengthsInMemory(self.per_document_reader(), self.docnum)
            grouped = self.pool.grouped()
            try:
                if self._taken or grouped is not None:
                    if grouped is None:
                        grouped = _by_term(self.pool.iter_postings())
                    terms = merged_terms(self.schema, self._taken, grouped)
                    write_terms(self.fieldwriter, self.schema, lengths, terms)
                else:
                    self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
            finally:
                self._release_taken()
            self.fieldwriter.close()
            if lengths is not None:
                lengths.close()

        def _close_segment(self):
            try:
                super()._close_segment()
            finally:
                self._release_taken()

        def _release_taken(self):
            """Close the readers of the merged segments (also when writing failed)."""
            taken, self._taken = self._taken, []
            for reader, _, _ in taken:
                reader.close()

    return BriefingWriter


def _read_term(reader, fieldname: str, terminfo, startdoc: int, docmap) -> tuple:
    """(doc numbers in the new segment, weights, values) of a merged segment's term, its
    deleted documents left out, read a posting block at a time."""
    terms = reader._terms
    matcher = terms._codec.postings_reader(
        terms._postfile, terminfo, reader.schema[fieldname].format
    )
    ids, weights, values = [], [], []
    if not hasattr(matcher, "_read_ids"):  # postings kept in the term's entry
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            values.append(matcher.value())
            matcher.next()
    else:
        while matcher.is_active():
            matcher._read_data()
            ids.extend(accumulate(matcher._data[0]))  # Whoosh's `_read_ids`, without a generator
            matcher._read_weights()
            matcher._read_values()
            weights.extend(matcher._weights)
            values.extend(matcher._values)
            matcher._next_block()
    if docmap is None:
        return [docnum + startdoc for docnum in ids], weights, values
    kept = [i for i, docnum in enumerate(ids) if docnum in docmap]  # deleted: not in the map
    return (
        [docmap[ids[i]] for i in kept],
        [weights[i] for i in kept],
        [values[i] for i in kept],
    )


_first, _second, _last = itemgetter(0), itemgetter(1), itemgetter(3)


def _unflat(flat: list) -> tuple[list, list, list]:
    """(docnums, weights, values) of a term's postings kept as one flat list."""
    return flat[0::3], flat[1::3], flat[2::3]


def _term_of(entry) -> tuple[str, bytes]:
    return entry[0], entry[1]


def _by_term(postings):
    """Whoosh's sorted (field, term, docnum, weight, value) postings as (field, term,
    docnums, weights, values) of each term."""
    for (fieldname, btext), group in groupby(postings, key=lambda p: (p[0], p[1])):
        group = list(group)
        yield fieldname, btext, [p[2] for p in group], [p[3] for p in group], [p[4] for p in group]


def merged_terms(schema, taken: list[tuple], pooled):
    """(field, term, doc numbers, weights, values) of every term of the merged segments
    `taken` (reader, first new doc number, docmap) and of the documents added (`pooled`,
    in the same form), in the order Whoosh writes terms, each term's postings in document
    order: what Whoosh's pool gives after sorting every posting."""
    streams = [
        _segment_terms(schema, reader, number) for number, (reader, _, _) in enumerate(taken)
    ]
    streams.append(((term[0], term[1]), len(taken), term[2:]) for term in pooled)
    for key, group in groupby(heapq.merge(*streams, key=_term_key), key=_term_key):
        parts = []
        for _, number, payload in group:
            if number == len(taken):
                parts.append(payload)
            else:
                reader, startdoc, docmap = taken[number]
                parts.append(_read_term(reader, key[0], payload, startdoc, docmap))
        ids, weights, values = _in_doc_order([part for part in parts if part[0]])
        if ids:  # a term only deleted documents held is not written
            yield key[0], key[1], ids, weights, values


def _segment_terms(schema, reader, number: int):
    """(term, `number`, term info) of each term of a segment in order of field name, then term."""
    items = ((key, number, info) for key, info in reader._terms.items() if key[0] in schema)
    # A segment's terms are in order of field number, then term; Whoosh numbers the fields
    # of a segment it writes in alphabetical order, but nothing requires it.
    fieldmap = reader._terms._fieldmap
    if sorted(fieldmap) == sorted(fieldmap, key=fieldmap.get):
        return items
    return sorted(items, key=_term_key)


def _term_key(item) -> tuple[str, bytes]:
    return item[0]


def _in_doc_order(parts: list[tuple]) -> tuple[list, list, list]:
    """One term's postings from several sources (each in document order) as one list."""
    parts.sort(key=lambda part: part[0][0])
    if all(a[0][-1] < b[0][0] for a, b in zip(parts, parts[1:], strict=False)):
        ids, weights, values = [], [], []
        for part_ids, part_weights, part_values in parts:
            ids += part_ids
            weights += part_weights
            values += part_values
        return ids, weights, values
    postings = sorted(  # documents added between two merged segments: interleaved
        (posting for part in parts for posting in zip(*part, strict=True)), key=lambda p: p[0]
    )
    return [p[0] for p in postings], [p[1] for p in postings], [p[2] for p in postings]


def write_terms(fieldwriter, schema, lengths, terms) -> None:
    """Whoosh's `FieldWriter.add_postings` for terms whose postings come together
    (`merged_terms`): the same calls, each term's postings handed over in one."""
    field = None
    table = None
    for fieldname, btext, ids, weights, values in terms:
        if fieldname != field:
            if field is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            field = fieldname
            table = lengths.table(fieldname) if lengths is not None else None
        fieldwriter.start_term(btext)
        postings = fieldwriter._postwriter
        counts = [table[d] for d in ids] if table is not None else [0] * len(ids)
        if hasattr(postings, "add_many"):
            postings.add_many(ids, weights, values, counts)
        else:
            for posting in zip(ids, weights, values, counts, strict=True):
                postings.add_posting(posting[0], posting[1], posting[2] or b"", posting[3])
        fieldwriter.finish_term()
    if field is not None:
        fieldwriter.finish_field()


_WRITER = None


def open_writer(ix, **options):
    """A writer of index `ix` (Whoosh's `SegmentWriter` with the field lengths in memory)."""
    global _WRITER
    if _WRITER is None:
        _WRITER = _writer_class()
    settings = dict(limitmb=WRITER_MEMORY_MB, **writer_options())
    settings.update(options)
    return _WRITER(ix, **settings)


# -- segments written in worker processes ----------------------------------------------------
@dataclass(frozen=True)
class Staged:
    """A segment written in a staging folder, not yet part of the index.

    `folded`: (segment id, deleted count) of the index's segments whose documents it took in;
    it may replace them only while they are as they were when it was written.
    """

    name: str  # which index ("articles" or "claims")
    staging: str
    segment: object
    folded: tuple[tuple[str, int], ...] = ()


def _staging_writer(folder: Path, name: str, owner: int):
    """A writer of a new, empty index of the same schema in a staging folder inside `folder`
    (named with the `owner` process's id, so that what a killed import left can go)."""
    from whoosh import index

    schema = index.open_dir(str(folder), indexname=name).schema
    staging = tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{owner}-{name}-", dir=folder)
    return staging, open_writer(index.create_in(staging, schema, indexname=name), _lk=False)


def _staged(name: str, staging: str, writer, folded=()) -> Staged:
    segment = writer._finalize_segment()  # postings written, files closed; no table of contents
    writer._finish()
    return Staged(name, staging, segment, tuple(folded))


def _fold_in(writer, folder: Path, name: str, segment_ids: list[str]) -> list[tuple[str, int]]:
    """Copy the live documents of these segments of the index into `writer`."""
    from whoosh import index
    from whoosh.reading import SegmentReader

    ix = index.open_dir(str(folder), indexname=name)
    toc = ix._read_toc()
    folded = []
    for segment in toc.segments:
        if segment.segment_id() in segment_ids:
            reader = SegmentReader(ix.storage, toc.schema, segment)
            try:
                writer.add_reader(reader)
            finally:
                reader.close()
            folded.append((segment.segment_id(), segment.deleted_count()))
    return folded


def stage_documents(
    folder: str, documents: dict[str, list[dict]], fold: dict[str, list[str]], owner: int
):
    """Worker: each index's `documents` (with the documents of its segments named in `fold`)
    written as one new segment in a staging folder; a list of `Staged`."""
    staged = []
    for name, docs in documents.items():
        staging, writer = _staging_writer(Path(folder), name, owner)
        try:
            folded = _fold_in(writer, Path(folder), name, fold.get(name, []))
            for doc in docs:
                writer.add_document(**doc)
            staged.append(_staged(name, staging, writer, folded))
        except BaseException:
            writer.cancel()
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return staged


def discard(staged: list[Staged]) -> None:
    for item in staged:
        shutil.rmtree(item.staging, ignore_errors=True)


def remove_abandoned(folder: Path) -> None:
    """Remove staging folders whose process is gone (an import killed while indexing)."""
    from briefing_app.core.lock import pid_alive

    for entry in folder.glob(STAGING_PREFIX + "*"):
        owner = entry.name[len(STAGING_PREFIX) :].split("-", 1)[0]
        if owner.isdigit() and not pid_alive(int(owner)):
            shutil.rmtree(entry, ignore_errors=True)


def _live(segment) -> int:
    return segment.doc_count_all() - segment.deleted_count()


def _level(docs: int) -> int:
    return len(str(max(docs, 1))) - 1  # tens, hundreds, thousands...: log10, floored


def to_fold(segments, new_docs: int) -> list[str]:
    """The segments a new segment of `new_docs` documents takes in (Lucene's log merge
    policy): when FOLD_AT segments are of its order of magnitude or below, all of them, and
    so on up while the merged segment completes a higher order. A search opens every
    segment, and each document is rewritten about log10(n / batch) times in all."""
    total, chosen = new_docs, []
    rest = list(segments)
    while True:
        same = [s for s in rest if _level(_live(s)) <= _level(total)]
        if len(same) + 1 < FOLD_AT:
            return chosen
        chosen += [s.segment_id() for s in same]
        total += sum(_live(s) for s in same)
        rest = [s for s in rest if s not in same]


def dropping_emptied(writer) -> None:
    """Make `writer`'s commit leave out the segments whose every document is deleted.

    Whoosh keeps such a segment (its merge policy sorts segments by all the documents they
    ever held), so re-indexing the same thousand articles twice (tagging and untagging them)
    left segments of nothing but deletions, each opened by every search. The writer's own
    policy (Whoosh's small-segment merge, or none) then runs on the rest.
    """
    from whoosh.writing import MERGE_SMALL, NO_MERGE

    policy = writer.mergetype or (MERGE_SMALL if writer.merge else NO_MERGE)

    def merge(writer, segments):
        return policy(writer, [s for s in segments if s.deleted_count() < s.doc_count_all()])

    writer.mergetype = merge


def can_list(writer, item: Staged) -> bool:
    """False when a segment the staged one took in has changed since (or is gone)."""
    current = {s.segment_id(): s for s in writer.segments}
    for segment_id, deleted in item.folded:
        segment = current.get(segment_id)
        if segment is None or segment.deleted_count() != deleted:
            return False
    return True


def list_staged(writer, item: Staged) -> None:
    """Make a staged segment part of the index `writer` holds locked (listed at its commit,
    in place of the segments it took in); check `can_list` first."""
    from whoosh.filedb.filestore import FileStorage

    target = writer.storage.folder
    for name in item.segment.list_files(FileStorage(item.staging)):
        os.replace(os.path.join(item.staging, name), os.path.join(target, name))
    shutil.rmtree(item.staging, ignore_errors=True)
    gone = {segment_id for segment_id, _ in item.folded}
    writer.segments = [s for s in writer.segments if s.segment_id() not in gone]
    writer.segments.append(item.segment)
    writer._setup_doc_offsets()


class Stopped(Exception):
    """A part of a rebuild was cancelled."""


def stage_part(folder: str, part, names: tuple[str, str], report=None, stopped=None):
    """Worker: every article `part()` yields (None: an unreadable record) as one new segment
    of the article index and one of the claim index; (staged, indexed, skipped).

    `report(count, title)` is called now and then with the articles done since the last call;
    `stopped()` is asked before each article, and Stopped raised when it says so (nothing is
    left of the part).
    """
    articles_name, claims_name = names
    writers: dict[str, tuple[str, object]] = {}  # name -> (staging folder, writer)
    staged: list[Staged] = []
    try:
        for name in names:
            writers[name] = _staging_writer(Path(folder), name, os.getpid())
        articles, claims = writers[articles_name][1], writers[claims_name][1]
        indexed = skipped = since = 0
        for item in part():
            if stopped and stopped():
                raise Stopped
            since += 1
            if item is None:
                skipped += 1
            else:
                articles.add_document(**item.article)
                for doc in item.claims:
                    claims.add_document(**doc)
                indexed += 1
            if report and since >= REPORT_EVERY:
                report(since, item.title if item else "")
                since = 0
        if report and since:
            report(since, "")
        for name in names:
            staged.append(_staged(name, *writers[name]))
            del writers[name]
        return staged, indexed, skipped
    except BaseException:
        for staging, writer in writers.values():
            if not writer.is_closed:
                writer.cancel()
            shutil.rmtree(staging, ignore_errors=True)
        discard(staged)
        raise
