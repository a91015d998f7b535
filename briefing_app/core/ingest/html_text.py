"""The main text of a web page as plain paragraphs, without navigation, ads or comments.

Two maintained extractors read the page; measured on the readability test pages
(`bench/readability.py`), readability-lxml alone is the better body-text extractor and
trafilatura alone the weaker, but each misses text the other keeps. The rule that wins:

- readability-lxml's text is the default;
- trafilatura's text replaces it when trafilatura's text contains nearly all of readability's
  words (so the two agree on where the article is) and adds a moderate amount more (readability
  dropped paragraphs, such as a lead or a caption-like block). Much more text means trafilatura
  took in boilerplate, and readability's stays.

Before either extractor runs, everything that is not readable text is removed from the tree:
scripts, styles, frames, embedded objects, form controls, templates and hidden elements,
and every attribute but class, id, itemprop, role and alt. Only text
leaves this module; no markup, attribute or URL survives into the record.
"""

from __future__ import annotations

import logging
import re
from collections import Counter

import lxml.html
from lxml import etree

log = logging.getLogger(__name__)

# Elements whose content is never article text (and may be hostile).
DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
    "embed", "applet", "canvas", "svg", "math", "audio", "video", "source", "track",
    "input", "button", "select", "textarea", "link", "meta", "base", "dialog",
)  # fmt: skip
BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption dd details div dl dt fieldset figcaption "
    "figure footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table "
    "tbody thead tfoot tr ul center".split()
)
CELL_TAGS = frozenset(("td", "th"))
MAX_ATTRIBUTE_CHARS = 200
# What the extractors score, and an image's alt text (a caption under it repeats it).
KEEP_ATTRIBUTES = ("class", "id", "itemprop", "role", "alt")
# trafilatura is preferred when it holds this share of readability's words...
AGREEMENT = 0.9
# ...and is longer, but by less than this factor (more means it took in boilerplate).
MAX_GROWTH = 1.7
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML collapses these, and only these
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TOKEN = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]"
    r"|[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+"
)


def word_tokens(text: str) -> list[str]:
    """Lower-cased word tokens; each CJK character counts as one word (no spaces there)."""
    return _TOKEN.findall(text.lower())


def clean_line(text: str) -> str:
    """Text as a browser shows it: HTML whitespace collapsed, control characters removed."""
    return _HTML_SPACE.sub(" ", _CONTROL.sub("", text)).strip()


def _is_hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return (
        el.get("hidden") is not None
        or el.get("aria-hidden") == "true"
        or "display:none" in style
        or "visibility:hidden" in style
    )


def sanitise(tree) -> None:
    """Remove in place every element that is not readable text or may be hostile."""
    for el in list(tree.iter(etree.Comment, etree.ProcessingInstruction)):
        drop_keeping_tail(el)
    for el in list(tree.iter(*DROP_TAGS)):
        drop_keeping_tail(el)
    for el in [e for e in tree.iter() if isinstance(e.tag, str) and _is_hidden(e)]:
        if el.tag not in ("html", "body"):
            drop_keeping_tail(el)
    for el in tree.iter():
        _keep_scoring_attributes(el)


def _keep_scoring_attributes(el) -> None:
    """Drop every attribute but the few the extractors score (class, id, itemprop, role).

    Handlers, URLs and styles are never needed for text; and thousands of attributes on one
    element would make the extractors' attribute scans take minutes.
    """
    if not isinstance(el.tag, str):
        return
    kept = {k: (el.get(k) or "")[:MAX_ATTRIBUTE_CHARS] for k in KEEP_ATTRIBUTES if el.get(k)}
    el.attrib.clear()
    el.attrib.update(kept)


def drop_keeping_tail(el) -> None:
    """Remove `el` with its content but keep the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    previous = el.getprevious()
    parent.remove(el)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def paragraphs_of(root) -> list[str]:
    """Plain paragraphs of an element tree: a block element ends a paragraph, inline text joins."""
    paragraphs: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        line = clean_line("".join(buffer))
        buffer.clear()
        if line:
            paragraphs.append(line)

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS or (tag == "br" and _double_break(el)):
                flush()
            elif tag in CELL_TAGS or tag == "br":
                buffer.append(" ")
            buffer.append(el.text or "" if tag else "")
        else:
            if tag in BLOCK_TAGS:
                flush()
            if el is not root:
                buffer.append(el.tail or "")
    flush()
    return paragraphs


def _double_break(br) -> bool:
    """True for the second of two `<br>`s in a row, which sites use as a paragraph break."""
    previous = br.getprevious()
    return previous is not None and previous.tag == "br" and not (previous.tail or "").strip()


def _readability(html: str) -> list[str]:
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    if not summary.strip():
        return []
    return paragraphs_of(lxml.html.fragment_fromstring(summary, create_parent="div"))


def _trafilatura(html: str) -> list[str]:
    import trafilatura

    text = trafilatura.extract(
        html,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        with_metadata=False,
    )
    return [line for line in (clean_line(t) for t in (text or "").splitlines()) if line]


def _safely(extractor, html: str) -> list[str]:
    """An extractor's paragraphs; a third-party failure on odd input leaves the other one."""
    try:
        return extractor(html)
    except (RecursionError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - third-party parsers raise anything on junk
        log.debug("%s failed: %s", extractor.__name__, exc)
        return []


def _coverage(part: list[str], whole: list[str]) -> float:
    """Share of `part`'s words (with repeats) that also occur in `whole`."""
    a, b = Counter(word_tokens(" ".join(part))), Counter(word_tokens(" ".join(whole)))
    total = sum(a.values())
    return sum((a & b).values()) / total if total else 0.0


def choose(readable: list[str], trafilatura: list[str]) -> list[str]:
    """The combination rule described in the module docstring."""
    if not readable:
        return trafilatura
    r_words = len(word_tokens(" ".join(readable)))
    t_words = len(word_tokens(" ".join(trafilatura)))
    if r_words < t_words < MAX_GROWTH * r_words and _coverage(readable, trafilatura) >= AGREEMENT:
        return trafilatura
    return readable


def extract_variants(html: str) -> dict[str, list[str]]:
    """Paragraphs by each extractor alone and by the combination (the benchmark compares them)."""
    readable = _safely(_readability, html)
    traf = _safely(_trafilatura, html)
    return {"readability": readable, "trafilatura": traf, "combined": choose(readable, traf)}


def main_text(sanitised_html: str) -> list[str]:
    """The article's paragraphs from an already sanitised page."""
    return extract_variants(sanitised_html)["combined"]
