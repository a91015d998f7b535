"""The Whoosh schema of the search index: analyzers, fields and writer settings.

Whoosh is imported inside functions (`import whoosh.index` alone costs ~140 ms at start-up).
The analyzer classes subclass a Whoosh class, so they are built on first use; a stored
schema finds them through this module's `__getattr__` when Whoosh unpickles it.
"""

from __future__ import annotations

import struct

from briefing_app.core.search.documents import TITLE_GAP, TITLE_MARK, TITLE_START, TITLE_WEIGHT
from briefing_app.core.search.phrases import (
    common_pairs,
    decode_positions,
    encode_positions,
    position_count,
)
from briefing_app.core.search.results import WORD, fold

_STEM_CACHE: dict[str, str] = {}
_STEM_CACHE_MAX = 300_000
_NO_CACHE: dict[str, str] = {}  # unstemmed words are folded each time
# `encode_positions` of one position below 65,536 (most postings), without a call of its own
_one_position = struct.Struct("<cH").pack


def normalize(word: str) -> str:
    """The stemmed index form of a word ("Kazakhstan's", "Kazakhstans" -> "kazakhstan")."""
    cached = _STEM_CACHE.get(word)
    if cached is None:
        from whoosh.lang.porter import stem

        if len(_STEM_CACHE) > _STEM_CACHE_MAX:
            _STEM_CACHE.clear()
        cached = _STEM_CACHE[word] = stem(fold(word))
    return cached


def _word_positions(words: list[str], stem: bool) -> dict[str, list[int]]:
    """{index form: positions} of `words` (numbered from 0), in order of first occurrence."""
    cached, norm = (_STEM_CACHE.get, normalize) if stem else (_NO_CACHE.get, fold)
    seen: dict[str, list[int]] = {}
    for pos, word in enumerate(words):
        text = cached(word)
        if text is None:
            text = norm(word)
        positions = seen.get(text)
        if positions is None:
            seen[text] = [pos]
        else:
            positions.append(pos)
    return seen


def _positioned_words(value: str, start_pos: int):
    """(match, position, boost) of each word: the body's title (after TITLE_MARK) starts at
    TITLE_START or TITLE_GAP on, its words weighing TITLE_WEIGHT."""
    mark = value.find(TITLE_MARK)
    pos, boost = start_pos - 1, 1.0
    for match in WORD.finditer(value):
        pos += 1
        if mark >= 0 and match.start() > mark:
            pos, mark, boost = max(pos + TITLE_GAP, TITLE_START), -1, TITLE_WEIGHT
        yield match, pos, boost


def _define_analyzer():
    """Build the analyzer class on first use (it subclasses a Whoosh class)."""
    from whoosh.analysis import Token, Tokenizer

    class BriefingAnalyzer(Tokenizer):
        """Words, lower-cased, apostrophes dropped, accents folded and (if `stem`) stemmed."""

        def __init__(self, stem: bool = True):
            self.stem = stem

        def __eq__(self, other):
            return type(other) is type(self) and other.stem == self.stem

        def __call__(self, value, positions=False, chars=False, keeporiginal=False, **kw):
            start_pos, start_char = kw.pop("start_pos", 0), kw.pop("start_char", 0)
            tokenize = kw.pop("tokenize", True)
            # One pass instead of a filter chain: indexing speed is dominated by per-token work.
            token = Token(positions, chars, **kw)
            norm = normalize if self.stem else fold
            if tokenize:
                words = _positioned_words(value, start_pos)
            else:
                words = [(None, start_pos, 1.0)]
            for match, pos, boost in words:
                word = match.group() if match else value
                token.text = norm(word)
                token.boost, token.stopped = boost, False
                if keeporiginal:
                    token.original = word
                if positions:
                    token.pos = pos
                if chars:
                    begin, end = match.span() if match else (0, len(value))
                    token.startchar, token.endchar = start_char + begin, start_char + end
                yield token

        def postings(self, value: str, boost: float) -> list[tuple[bytes, int, float, bytes]]:
            """(term, frequency, weight, encoded positions) of each word of a text, in order
            of first occurrence, weights times `boost`: what Whoosh's `TEXT.index` gives
            through the Positions format (`CompactPositions`), in one pass over the words.
            Most texts (a claim, a name) have no title mark: that case has a loop of its own.
            (Each posting's positions are a bytes object of its own: a posting block is
            pickled, and pickle writes an object met twice as a reference to the first, so
            shared objects would make a segment's bytes depend on how its postings came.)"""
            if TITLE_MARK in value:
                return [
                    (
                        text.encode("utf-8"),
                        len(positions),
                        weight * boost,
                        _one_position(b"H", positions[0])
                        if len(positions) == 1 and positions[0] < 0x10000
                        else encode_positions(positions),
                    )
                    for text, (positions, weight) in self.terms(value).items()
                ]
            seen = _word_positions(WORD.findall(value), self.stem)
            return [
                (text.encode("utf-8"), 1, boost, _one_position(b"H", positions[0]))
                if len(positions) == 1 and positions[0] < 0x10000
                else (
                    text.encode("utf-8"),
                    len(positions),
                    len(positions) * boost,
                    encode_positions(positions),
                )
                for text, positions in seen.items()
            ]

        def terms(self, value: str) -> dict[str, tuple[list[int], float]]:
            """{index form: (positions, summed boost)} of a text, in order of first occurrence:
            what Whoosh's Positions format gathers from `__call__` (see `_positioned_words`),
            without a Token per word. A text word weighs 1, so its summed boost is its count."""
            norm = normalize if self.stem else fold
            mark = value.find(TITLE_MARK)
            words = WORD.findall(value, 0, mark) if mark >= 0 else WORD.findall(value)
            seen = _word_positions(words, self.stem)
            found = {text: (positions, float(len(positions))) for text, positions in seen.items()}
            if mark >= 0:
                start = max(len(words) + TITLE_GAP, TITLE_START)
                for pos, word in enumerate(WORD.findall(value, mark), start):
                    text = norm(word)
                    entry = found.get(text)
                    if entry is None:
                        found[text] = ([pos], TITLE_WEIGHT)
                    else:
                        entry[0].append(pos)
                        found[text] = (entry[0], entry[1] + TITLE_WEIGHT)
            return found

    BriefingAnalyzer.__module__ = __name__
    BriefingAnalyzer.__qualname__ = "BriefingAnalyzer"
    return BriefingAnalyzer


def _define_pair_analyzer():
    """Build the common-word pair analyzer class on first use (it subclasses a Whoosh class)."""
    from whoosh.analysis import Token, Tokenizer

    class CommonPairAnalyzer(Tokenizer):
        """Adjacent pairs of common words ("an an"), within the text or the title, not across."""

        def __init__(self, common: frozenset[str] = frozenset()):
            self.common = frozenset(common)

        def __eq__(self, other):
            return type(other) is type(self) and other.common == self.common

        def __call__(self, value, positions=False, chars=False, **kw):
            kw.pop("start_pos", None), kw.pop("start_char", None), kw.pop("tokenize", None)
            token = Token(positions, chars, **kw)
            if not self.common:
                return
            for part in value.split(TITLE_MARK):
                for pair in common_pairs(part, self.common, normalize):
                    token.text, token.boost, token.stopped = pair, 1.0, False
                    yield token

    CommonPairAnalyzer.__module__ = __name__
    CommonPairAnalyzer.__qualname__ = "CommonPairAnalyzer"
    return CommonPairAnalyzer


def _define_text_column():
    """Build the column-only text field class on first use (it subclasses a Whoosh class)."""
    from whoosh.columns import RefBytesColumn
    from whoosh.fields import COLUMN

    class TextColumn(COLUMN):
        """A per-document text value kept as a column only: no postings (facets, dates).

        `few`: a value shared by many documents (publisher, year, series) is stored once per
        segment and referred to by number (Whoosh allows 65,535 distinct values a segment).
        """

        def __init__(self, few: bool = False):
            super().__init__(RefBytesColumn() if few else None)

        def to_bytes(self, v):
            return v.encode("utf-8") if isinstance(v, str) else v

        def to_column_value(self, value):
            return self.to_bytes(value)

    TextColumn.__module__ = __name__
    TextColumn.__qualname__ = "TextColumn"
    return TextColumn


def _define_positions():
    """Build the positions format class on first use (it subclasses a Whoosh class)."""
    from whoosh.formats import Positions

    class CompactPositions(Positions):
        """Whoosh's Positions format with each posting's positions as `encode_positions`
        writes them (a fifth of the size of Whoosh's pickled lists)."""

        def encode(self, poslist):
            return encode_positions(list(poslist))

        def decode_positions(self, valuestring):
            return decode_positions(valuestring)

        def decode_frequency(self, valuestring):
            return position_count(valuestring)

        def decode_weight(self, valuestring):
            return position_count(valuestring) * self.field_boost

    CompactPositions.__module__ = __name__
    CompactPositions.__qualname__ = "CompactPositions"
    return CompactPositions


def _define_text_field():
    """Build the text field class on first use (it subclasses a Whoosh class)."""
    from whoosh.fields import TEXT
    from whoosh.formats import Positions

    positions_format = _class("CompactPositions")

    class BriefingText(TEXT):
        """Whoosh's TEXT with compact positions, its postings made without a Token per word.

        Indexing a 700-word article spent half its time in Whoosh's per-token machinery;
        the analyzer's `terms` gathers positions and boosts in one loop instead. Any other
        value or analyzer goes through Whoosh's own `TEXT.index`.
        """

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if type(self.format) is Positions:
                self.format = positions_format(field_boost=self.format.field_boost)

        def index(self, value, **kwargs):
            if not isinstance(value, str) or not hasattr(self.analyzer, "postings"):
                return super().index(value, **kwargs)
            if not isinstance(self.format, positions_format):
                return super().index(value, **kwargs)
            return self.analyzer.postings(value, self.format.field_boost)

    BriefingText.__module__ = __name__
    BriefingText.__qualname__ = "BriefingText"
    return BriefingText


def _define_codec():
    """Build the codec class on first use (it subclasses a Whoosh class)."""
    import pickle
    import zlib

    from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3PostingsWriter
    from whoosh.util.numeric import length_to_byte

    class CompactBlocks(W3PostingsWriter):
        """Whoosh's posting writer, each block pickled with protocol 4 instead of 2, and a
        term's postings taken many at a time (`add_many`).

        Protocol 2 pickles every `bytes` value (a posting's positions) as a call to
        `codecs.encode` on a latin-1 string: three quarters of the postings on disk. Any
        protocol unpickles the same tuple, so Whoosh's own reader reads these blocks.
        `_write_block` is Whoosh 2.7.4's with that one change.
        """

        def _write_block(self, last=False):
            if not self._blockcount:
                self._postfile.write(WHOOSH3_HEADER_MAGIC)
            self._terminfo.add_block(self)
            data = (self._mini_ids(), self._mini_weights(), self._mini_values())
            comp = self._compression
            databytes = pickle.dumps(data, 4)
            if comp:
                databytes = zlib.compress(databytes, comp)
            ids = self._ids
            header = (
                len(ids),
                ids[-1],
                self._maxweight,
                comp,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            )
            infobytes = pickle.dumps(header, 2)
            length = len(infobytes) + len(databytes)
            self._postfile.write_int(-length if last else length)
            self._postfile.write(infobytes)
            self._postfile.write(databytes)
            self._blockcount += 1
            self._new_block()

        def add_many(self, ids, weights, values, lengths) -> None:
            """`add_posting` of each posting of a term, a block's worth at a time: the same
            blocks and statistics as one call per posting, for a tenth of the calls (a merge
            of segments writes every posting of both again)."""
            limit, start, count = self._blocklimit, 0, len(ids)
            while start < count:
                if len(self._ids) >= limit:
                    self._write_block()  # as add_posting: a full block waits for one more
                end = min(count, start + limit - len(self._ids))
                self._ids.extend(ids[start:end])
                chunk = weights[start:end]
                self._weights.extend(chunk)
                top = max(chunk)
                if top > self._maxweight:
                    self._maxweight = top
                self._values.extend(v for v in values[start:end] if v)
                present = [n for n in lengths[start:end] if n]
                if present:
                    low, high = min(present), max(present)
                    if self._minlength is None or low < self._minlength:
                        self._minlength = low
                    if high > self._maxlength:
                        self._maxlength = high
                start = end

    class CompactCodec(W3Codec):
        """Whoosh's W3 codec writing postings with `CompactBlocks`."""

        def postings_writer(self, dbfile, byteids=False):
            return CompactBlocks(
                dbfile,
                blocklimit=self._blocklimit,
                byteids=byteids,
                compression=self._compression,
                inlinelimit=self._inlinelimit,
            )

    for cls in (CompactBlocks, CompactCodec):
        cls.__module__ = __name__
    CompactBlocks.__qualname__, CompactCodec.__qualname__ = "CompactBlocks", "CompactCodec"
    return CompactCodec


_ANALYZER_FACTORIES = {
    "CompactCodec": _define_codec,
    "BriefingText": _define_text_field,
    "CompactPositions": _define_positions,
    "BriefingAnalyzer": _define_analyzer,
    "CommonPairAnalyzer": _define_pair_analyzer,
    "TextColumn": _define_text_column,
}


def _class(name: str):
    """One of the classes above, built once: pickle finds an object's class by its name, so
    a class built again would not be the class of the objects made before."""
    cls = globals().get(name)
    if cls is None:
        cls = globals()[name] = _ANALYZER_FACTORIES[name]()
    return cls


def __getattr__(name):
    # Unpickling a stored schema looks the analyzer classes up here (PEP 562).
    if name in _ANALYZER_FACTORIES:
        return _class(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def analyzer(stem: bool = True):
    """The analyzer of the text fields (stemmed or not), for engines that index these same
    tokens themselves (the team library's PostgreSQL search)."""
    return __getattr__("BriefingAnalyzer")(stem)


def writer_options() -> dict:
    """Writer settings for every Whoosh writer we open.

    - zlib on posting blocks (Whoosh's default level): it halves the postings on disk, for
      about 12% more time in a phrase query, which reads whole posting lists;
    - no compound segment files: Whoosh copies each file of a compound segment into memory
      when it opens a reader (~1 s and hundreds of MiB at 20,000 articles).
    """
    return {"codec": _class("CompactCodec")(compression=3), "compound": False}


def schemas(common: frozenset[str] = frozenset()):
    """(articles schema, claims schema); `common`: the words whose pairs are indexed."""
    from whoosh import fields as F
    from whoosh.columns import NumericColumn

    analyzer_cls = _class("BriefingAnalyzer")
    pairs = F.TEXT(analyzer=_class("CommonPairAnalyzer")(common), phrase=False)
    stemmed, plain = analyzer_cls(True), analyzer_cls(False)

    text_field = _class("BriefingText")

    def text(analyzer=stemmed, boost=1.0):
        return text_field(analyzer=analyzer, phrase=True, field_boost=boost)

    column = _class("TextColumn")
    facets = dict(  # columns for facet counts, facet filters and date order (no postings)
        f_publisher=column(few=True),
        f_author=column(),
        f_year=column(few=True),
        f_series=column(few=True),
        f_date=column(),
        f_tag=column(),
        f_collection=column(),
    )
    # Claims have no facet columns: a claim search counts, filters and sorts by date through
    # the article id (whoosh_search._View.columns), so they are stored once, with the article.
    # Each index holds its own fields only: a claim search on an article field (publisher:)
    # and an article search on a claim field (speaker:) look in the other index (see
    # whoosh_query.LINKED_FIELDS). Copying them across once made the index 20x the text.
    # f_supersedes: the id this article replaces; searches hide the ids it names.
    articles = F.Schema(
        aid=F.ID(stored=True, unique=True, sortable=True),
        info=F.STORED(),
        body=text(),
        pairs=pairs,
        title=text(boost=2.0),
        author=text(plain),
        publisher=text(),
        series=text(),
        url=text(plain),
        tag=text(),
        collection=F.KEYWORD(lowercase=True),  # collection ids (see SearchIndex.collections)
        note=text(),
        language=F.KEYWORD(lowercase=True),
        published=F.DATETIME(),
        f_supersedes=column(),
        **facets,
    )
    # A claim document stores nothing: its article id and its number (all a hit needs to
    # find what it shows, in its article's document) are columns, which cost a few bytes
    # a document to write and to merge, where stored fields were pickled and compressed one
    # document at a time (a sixth of the claim index's writing).
    claims = F.Schema(
        aid=F.ID(sortable=True),
        number=F.COLUMN(NumericColumn("I")),
        speaker=text(plain),
        cue=text(),
        kind=F.KEYWORD(lowercase=True),
        claim=text(),
    )
    return articles, claims
