"""What the main-text extractors leave in that is not the article: promos, teaser lists,
newsletter and paywall blocks, pagination links, separators, share and credit lines; and
image captions, which are kept apart from the body.

Each rule names a pattern that recurs across publishers (the examples are from news sites,
blogs and magazines alike), and each looks at whole paragraphs: a sentence of the article that
merely mentions a newsletter or a subscription is never touched.
"""

from __future__ import annotations

import re

from briefing_app.core.ingest.html_text import clean_line, drop_keeping_tail

# A whole paragraph in square brackets: an inline promo ("[Read: Why Tunisia ...]").
_BRACKETED = re.compile(r"^\[[^\[\]]{3,200}\]$")
# A label that introduces a list of links ("Read more:", "Related:", "See also").
_LIST_LABEL = re.compile(
    r"^(?:read more|more reading|related(?: stories| articles| coverage)?|see also|also read|"
    r"more from [\w .'’-]{1,40}|recommended(?: reading)?|further reading|you may also like|"
    r"read next|most read|most popular|trending|latest(?: news| stories)?|in other news)\s*[:.…]?$",
    re.IGNORECASE,
)
# A heading that opens the site's teasers for other articles ("Other Opinion Columns").
_TEASER_HEADING = re.compile(
    r"^(?:other|more|related|recommended|popular|latest|trending|top) [\w ]{0,40}"
    r"(?:columns|stories|articles|news|reads|posts|videos|coverage)$",
    re.IGNORECASE,
)
# Promos and pagination that stand alone as a paragraph.
_PROMO = re.compile(
    r"^(?:\[?(?:read|watch|listen|see|related)\s*:|read more\b|continue reading\b|"
    r"(?:next|previous|prev) (?:page|article|story|post)\b|page \d+ of \d+$|"
    r"comments? \(\d+(?: posted)?\)$|\d+ comments?$|"
    r"(?:share|share this(?: article| story)?|share on \w+|tweet|email|print|follow us\b)"
    r"(?:\s+on\s+\w+)?[\s:|]*$)",
    re.IGNORECASE,
)
_PAGINATION = re.compile(r"(?:>>|»|«|<<)\s*$|^\s*(?:<<|«)")
# Image and photo credits, copyright lines.
_CREDIT = re.compile(
    r"^(?:(?:photo(?:graph)?|image|picture|illustration|video|graphic)s?(?: credit)?\s*:|"
    r"\(?(?:photo|image|picture)s? by\b|credit\s*:|image copyright\b|copyright\s*(?:©|\(c\)|\d{4})|"
    r"©\s*\d{4}|all rights reserved\.?$)",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^[\W_]+$")
# Newsletter sign-ups and paywalls.
_SUBSCRIBE = re.compile(
    r"\b(?:sign up|subscribe|subscription|newsletter|already a subscriber|log in to (?:read|continue)|"
    r"free trial|become a member|support our journalism|paid plan|cancel anytime)\b",
    re.IGNORECASE,
)
# How a pitch speaks: to the reader, about the site's own offer.
_PITCH = re.compile(
    r"^(?:sign up|subscribe|get (?:our|the|it)|join|support|become a|already a subscriber|"
    r"don['’]t miss|want more|enjoyed? (?:this|reading)|like this)\b|"
    r"\b(?:our|your) (?:newsletter|subscription|inbox|journalism|free trial)\b",
    re.IGNORECASE,
)
_PRICE = re.compile(
    r"[$€£]\s?\d+(?:[.,]\d\d)?\s*(?:/|per |a )\s*(?:month|mo|year|yr|week|person)\b|"
    r"\bwe accept (?:credit|debit|paypal|apple pay)",
    re.IGNORECASE,
)
SHORT = 12  # words: a plan name, a price, a headline teaser
CUE_MAX_WORDS = 60  # a newsletter cue is a short pitch, not a paragraph of reporting
TAIL_SHARE = 0.6  # teaser lists stand in the last part of the text
CAPTION_CLASSES = re.compile(
    r"(?:^|[\s_-])(?:caption|wp-caption-text|credit)(?:$|[\s_-])", re.IGNORECASE
)


def _words(text: str) -> int:
    return len(text.split())


def _ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?…][\"'”’)\]]*$", text))


def is_noise(paragraph: str) -> bool:
    """A paragraph that is never article text on its own: a promo, a link, a credit, a rule."""
    text = paragraph.strip()
    if _SEPARATOR.match(text) or _BRACKETED.match(text):
        return True
    if _words(text) <= SHORT and (_PROMO.match(text) or _PAGINATION.search(text)):
        return True
    if _words(text) <= 25 and _CREDIT.match(text):
        return True
    return bool(_PRICE.search(text)) and _words(text) <= 25


def _paywall_block(paragraphs: list[str], start: int) -> int:
    """How many paragraphs from `start` belong to a newsletter or paywall block (0: none)."""
    cue = paragraphs[start]
    if not (_SUBSCRIBE.search(cue) and _PITCH.search(cue) and _words(cue) <= CUE_MAX_WORDS):
        return 0
    end = start + 1
    while end < len(paragraphs) and (
        _words(paragraphs[end]) <= SHORT
        or _PRICE.search(paragraphs[end])
        or _SUBSCRIBE.search(paragraphs[end])
    ):
        end += 1
    # A pitch alone mid-article is one paragraph; with plans and prices under it, all of them.
    has_offer = any(_PRICE.search(p) for p in paragraphs[start:end]) or end == len(paragraphs)
    return end - start if has_offer else (1 if _words(cue) <= 30 else 0)


def _teaser_tail(paragraphs: list[str]) -> int:
    """Where a trailing list of links to other articles starts (len(paragraphs) when none)."""
    floor = int(len(paragraphs) * TAIL_SHARE)
    for index in range(max(floor, 1), len(paragraphs)):
        text = paragraphs[index].strip()
        label = _LIST_LABEL.match(text) or _TEASER_HEADING.match(text)
        if not label or _ends_sentence(text.rstrip(":")):
            continue
        rest = paragraphs[index + 1 :]
        # Headlines under a label: short lines that do not end a sentence, or teaser blurbs.
        if (
            not rest
            or sum(_words(p) <= 20 and not _ends_sentence(p) for p in rest) >= len(rest) / 2
        ):
            return index
    return len(paragraphs)


def clean(paragraphs: list[str]) -> list[str]:
    """The paragraphs without the boilerplate this module describes."""
    kept = paragraphs[: _teaser_tail(paragraphs)]
    out: list[str] = []
    index = 0
    while index < len(kept):
        block = _paywall_block(kept, index)
        if block:
            index += block
            continue
        if not is_noise(kept[index]):
            out.append(kept[index])
        index += 1
    return out if out else paragraphs


def take_captions(tree) -> list[str]:
    """Remove image captions (`<figcaption>`, caption-classed elements in a figure) from the
    tree and return their text: they describe a picture, not the story."""
    captions = []
    for el in list(tree.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        in_figure = el.tag == "figcaption" or (
            CAPTION_CLASSES.search(el.get("class") or "")
            and any(a.tag == "figure" for a in el.iterancestors())
        )
        if in_figure and not any(a.tag == "figcaption" for a in el.iterancestors()):
            text = clean_line(el.text_content())
            if text:
                captions.append(text)
            drop_keeping_tail(el)
    return captions
