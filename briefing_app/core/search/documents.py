"""What the search index stores for an article and its claims (engine-free document dicts).

The search backend hands these dicts to its engine; keeping them here keeps them testable on their own.
Each article document also stores its paragraphs (compressed) and the word position where
each paragraph starts, so a hit's best paragraph and snippet need no trip to the library.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zlib
from collections.abc import Callable

from briefing_app.core.article import PARAGRAPH_SEPARATOR, Article
from briefing_app.core.catalog import UserRow
from briefing_app.core.errors import QueryError
from briefing_app.core.search import query as qlang
from briefing_app.core.search.results import MULTI_SEP, WORD

PARAGRAPH_SEP = "\x1e"
# Ends the text in the body field; the title follows it there. Its words start at position
# TITLE_START (or, after a text longer than that, TITLE_GAP on), so no phrase or proximity
# query joins the text to the title and a phrase found from TITLE_START on is in the title.
TITLE_MARK = "\x1d"
TITLE_GAP = 1000
TITLE_START = 1 << 20
# Each title word counts as this many occurrences in the body field: the title boost. (A
# separate title clause, `title:w OR body:w` or AND-MAYBE, doubled the matchers of every word
# and slowed a common term by half; a weight costs nothing at search time.)
TITLE_WEIGHT = 3.0
# An article document's stored `info`: key, title, publisher, published, paragraph starts,
# compressed paragraphs, word count, compressed claim details (`article_document`).
INFO_FIELDS = 8


def _published(value: str) -> dt.datetime | None:
    try:
        start, _ = qlang.date_span(value, 0)
    except QueryError:
        return None
    return dt.datetime(start.year, start.month, start.day)


def _metadata_fields(article: Article, user: UserRow | None = None) -> dict:
    """Metadata and the analyst's own data (tags, collection ids) of an article."""
    m = article.metadata
    user = user or UserRow(article.id)
    fields = dict(
        aid=article.id,
        title=m.title,
        author=" ; ".join(m.authors),
        publisher=m.publisher,
        series=m.series,
        url=m.url,
        tag=" ; ".join([*m.tags, *user.tags]),  # the source's keywords and the analyst's tags
        collection=" ".join(user.collections),  # ids: a renamed collection keeps its articles
        language=m.language or "und",
        f_publisher=m.publisher,
        f_author=MULTI_SEP.join(a.strip() for a in m.authors),
        f_series=m.series,
        f_year=m.published[:4],
        f_tag=MULTI_SEP.join(user.tags),  # the facet counts the analyst's tags only
        f_collection=MULTI_SEP.join(user.collections),
    )
    published = _published(m.published)
    if published:
        fields["published"] = published
        # Date ranges and date order read this column: "2023" is 2023-01-01, as in `published`.
        fields["f_date"] = published.date().isoformat()
    return {k: v for k, v in fields.items() if v not in ("", None)}


def _speaker(claim: dict) -> str:
    """Speaker mention and name of a claim ("Energy Minister Bolat Akchulakov", "Bolat ...")."""
    return " ".join(str(claim.get(k) or "") for k in ("speaker", "speaker_name")).strip()


def article_document(article: Article, user: UserRow | None = None) -> dict:
    """The document of an article: metadata, the analyst's tags, collections and note, body
    (text, then title) and layout."""
    starts, count = [], 0
    for para in article.paragraphs:
        starts.append(count)
        count += len(WORD.findall(para))
    doc = _metadata_fields(article, user)
    if user and user.note.strip():
        doc["note"] = user.note
    title = f"{TITLE_MARK}{article.metadata.title}" if article.metadata.title else ""
    doc.update(
        body=article.text + title,
        pairs=article.text + title,  # common-word pairs only (see search.phrases)
        f_supersedes=article.supersedes,  # searches hide the version this one replaces
    )
    m = article.metadata
    paragraphs = zlib.compress(PARAGRAPH_SEP.join(article.paragraphs).encode("utf-8"))
    text = article.text
    claims = [_claim_details(c, text) for c in article.claims or []]
    claims = zlib.compress(json.dumps(claims).encode("utf-8"))
    info = (article.key, m.title, m.publisher, m.published, starts, paragraphs, count, claims)
    doc["info"] = info  # count: body positions from here on are the title's
    return {k: v for k, v in doc.items() if v not in ("", None)}


def _claim_details(claim: dict, text: str) -> list:
    """What a claim hit shows: [paragraph, content, kind, speaker, speaker name, cue]; the
    content as its [start, end] in the article's text when it is that slice (most are)."""
    content = str(claim.get("content") or "")
    start, end = claim.get("content_start"), claim.get("content_end")
    if isinstance(start, int) and isinstance(end, int) and text[start:end] == content:
        content = [start, end]  # the text is stored anyway (compressed paragraphs)
    details = [claim.get(k) for k in ("kind", "speaker", "speaker_name", "cue")]
    return [int(claim.get("paragraph") or 1), content, *details]


def claim_details(stored: list, text: str) -> tuple[int, str, dict]:
    """(paragraph, content, details) of a claim from its `_claim_details` list."""
    paragraph, content, *details = stored
    if isinstance(content, list):
        content = text[content[0] : content[1]]
    names = ("kind", "speaker", "speaker_name", "cue")
    return paragraph, content, dict(zip(names, details, strict=True))


def stored_text(paragraphs: bytes) -> str:
    """The article's text (`Article.text`) from the compressed paragraphs of its document."""
    return PARAGRAPH_SEPARATOR.join(
        zlib.decompress(paragraphs).decode("utf-8").split(PARAGRAPH_SEP)
    )


def claims_key(info: object) -> tuple[bytes, bytes] | None:
    """(compressed text, compressed claim details) from an article document's `info`, or
    None for another layout. Each claim document is made from those two (`claim_documents`),
    so a re-index whose article document has the same pair as the indexed one may keep the
    claims indexed: a tag, a note or a corrected title changes the article's document only,
    and its ~30 claims were most of the cost of indexing it again."""
    if not isinstance(info, tuple) or len(info) != INFO_FIELDS:
        return None
    return info[5], info[7]  # see `article_document`


def claim_documents(article: Article) -> list[dict]:
    """One document per claim: its words, its article's id and its number. What a hit shows
    is stored once per article, compressed, in the article's document; so are the facet
    values, which a claim search reads through the article id (copied onto each of an
    article's ~30 claims they were most of the columns written for a claim)."""
    docs = []
    for number, claim in enumerate(article.claims or []):
        doc = dict(
            aid=article.id,
            speaker=_speaker(claim),
            cue=str(claim.get("cue") or ""),
            kind=str(claim.get("kind") or ""),
            claim=str(claim.get("content") or ""),
            number=number,
        )
        docs.append({k: v for k, v in doc.items() if v not in ("", None)})
    return docs


def id_hash(article_id: str) -> int:
    return int(hashlib.sha1(article_id.encode("ascii", "replace")).hexdigest()[:16], 16)


def ids_digest(ids, hash_id: Callable[[str], int] = id_hash) -> str:
    """An order-free digest of a set of ids (XOR of hashes, so it updates incrementally)."""
    value = 0
    for article_id in ids:
        value ^= hash_id(article_id)
    return f"{value:016x}"
