"""What the main-text extractors leave in that is not the article: promos, teaser lists,
newsletter and paywall blocks, pagination links, separators, share and credit lines; and
image captions, which are kept apart from the body.

Each rule names a pattern that recurs across publishers (the examples are from news sites,
blogs and magazines alike), and each looks at whole paragraphs: a sentence of the article that
merely mentions a newsletter or a subscription is never touched.
"""

from __future__ import annotations

import re

from lxml import etree

from briefing_app.core.ingest.html_text import clean_line, drop_keeping_tail, word_tokens

# A whole paragraph in square brackets that sends the reader elsewhere: an inline promo
# ("[Read: Why Tunisia ...]", "[Watch: ...]"). Other bracketed lines are text: a config
# section ("[extensions]"), an elision ("[...]"), a figure's placeholder.
_BRACKETED = re.compile(
    r"^\[(?:read|watch|listen|see|related|more|also)\b[^\[\]]{3,200}\]$", re.IGNORECASE
)
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
# A line that ends with a forward arrow or starts with a back arrow ("Next page: Security>>").
# A guillemet that closes or opens a «quotation» in the same line is not an arrow.
_PAGINATION = re.compile(r"(?:>>|»)\s*$|^\s*(?:<<|«)")
# Image and photo credits, copyright lines.
_CREDIT = re.compile(
    r"^(?:(?:photo(?:graph)?|image|picture|illustration|video|graphic)s?(?: credit)?\s*:|"
    r"\(?(?:photo|image|picture)s? by\b|credit\s*:|image copyright\b|copyright\s*(?:©|\(c\)|\d{4})|"
    r"©\s*\d{4}|all rights reserved\.?$)",
    re.IGNORECASE,
)
# A rule drawn with text: three or more of one mark ("___", "* * *", "• • •"). Lone closing
# braces and other punctuation of a code listing are not separators.
_SEPARATOR = re.compile(r"^\s*([-_*=~•·#+.])(?:\s*\1){2,}\s*$")
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
# Class names publishers give captions and photo credits: "caption", "wp-caption-text",
# "thumbcaption", "imageCaption", "media-caption", "caption__source", "credit".
CAPTION_CLASSES = re.compile(r"caption|(?:^|[\s_-])credit(?:$|[\s_-])", re.IGNORECASE)
# A credit at the end of a caption line: "… Photograph: Adrian Malloch for the Guardian",
# "… (AP Photo/Evan Vucci)", "… Image: Vjeran Pavic / The Verge", "… Reuters/Getty Images".
_CREDIT_TAIL = re.compile(
    r"(?:(?:^|(?<=[.!?\"”’)\]])\s+)(?:photo(?:graph)?s?|image|picture|illustration|credit)"
    r"\s*(?:credit\s*)?:\s*(?-i:[A-Z])[^.:;!?]{1,80}|"
    r"\((?:AP|AFP|Reuters|Getty)(?: Photo)?/[^()]{2,60}\)|"
    r"/\s*(?:Getty Images|AFP|Reuters|AP)(?: \w+){0,2})\s*(?:\.\s*)?$",
    re.IGNORECASE,
)
CAPTION_MAX_WORDS = 80  # a caption describes one picture; a longer block is text
CAPTION_MAX_CHARS = 2000
# Blocks a caption set under a picture comes in (a paragraph, a list of one item, a line).
CAPTION_BLOCKS = frozenset(("p", "ul", "ol", "div", "span", "small", "em", "i"))
NOT_IN_CAPTIONS = ("h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption")
IMAGE_TAGS = ("img", "picture")
# An image container: the tag or ARIA role that marks "a picture and what says what it shows".
FIGURE_ROLES = ("figure", "img")
# A container holding an image is a figure when the image is all it shows besides its caption.
FIGURE_EXTRA_WORDS = 15
FIGURE_DEPTH = 4  # how far up from a caption-classed element its figure may sit
ALT_OVERLAP = 0.5  # share of the image's alt-text words a caption beside it repeats
ALT_MIN_WORDS = 3
UNDER_PICTURE_MAX_WORDS = 40  # a caption set under a picture is a line or two
TEASER_LINK_SHARE = 0.8  # a "caption" that is mostly a link is a teaser card's headline


def _words(text: str) -> int:
    return len(text.split())


def _ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?…][\"'”’)\]]*$", text))


def _is_pagination(text: str) -> bool:
    if not _PAGINATION.search(text):
        return False
    return not ("«" in text and "»" in text)  # a quotation in guillemets


def is_noise(paragraph: str) -> bool:
    """A paragraph that is never article text on its own: a promo, a link, a credit, a rule."""
    text = paragraph.strip()
    if _SEPARATOR.match(text) or _BRACKETED.match(text):
        return True
    if _words(text) <= SHORT and (_PROMO.match(text) or _is_pagination(text)):
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


def is_credit_caption(paragraph: str) -> bool:
    """A short paragraph that ends with a photo credit is an image caption, whatever markup
    held it ("Whale expert Hori Parata. Photograph: Adrian Malloch for the Guardian")."""
    text = paragraph.strip()
    return _words(text) <= CAPTION_MAX_WORDS and bool(_CREDIT_TAIL.search(text))


def split_captions(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """The paragraphs without credit-ending captions, and those captions."""
    body = [p for p in paragraphs if not is_credit_caption(p)]
    captions = [p for p in paragraphs if is_credit_caption(p)]
    return (body, captions) if body else (paragraphs, [])


def take_captions(tree) -> list[str]:
    """Remove image captions from the tree and return their text: they describe a picture,
    not the story. A caption is, by the markup publishers use for one:

    - a `<figcaption>`;
    - an element with a caption or credit class inside a figure: a `<figure>`, an element
      with the ARIA role figure or img, or a small container of an image (an image and
      little text besides the caption, as blog and wiki thumbnails are built);
    - a short block right after a figure or image that repeats the image's alt text, or
      ends with a photo credit (captions set as a list or paragraph under the picture).

    A "caption" that is mostly link text is a teaser card's headline: removed, not kept.
    """
    pictured = _image_holders(tree)
    found = []
    walk = etree.iterwalk(tree, events=("start",))
    for _event, el in walk:
        if isinstance(el.tag, str) and el.getparent() is not None and _is_caption(el, pictured):
            found.append(el)
            walk.skip_subtree()  # a caption's parts are not captions of their own
    captions = []
    for el in found:
        text = clean_line(el.text_content())
        if text and not _is_teaser(el):
            captions.append(text)
        drop_keeping_tail(el)  # a teaser card's headline is not the story either
    return captions


def _image_holders(tree) -> set:
    """Elements with an image at most FIGURE_DEPTH levels down (found once, from the images)."""
    holders = set()
    for image in tree.iter(*IMAGE_TAGS):
        holders.add(image)
        for depth, ancestor in enumerate(image.iterancestors()):
            if depth >= FIGURE_DEPTH:
                break
            holders.add(ancestor)
    return holders


def _short_text(el) -> str | None:
    """The element's text when it is short enough for a caption, else None (stops reading
    early, so a long article is never read whole for each candidate)."""
    parts, size = [], 0
    for chunk in el.itertext():
        parts.append(chunk)
        size += len(chunk)
        if size > CAPTION_MAX_CHARS:
            return None
    text = clean_line("".join(parts))
    return text if _words(text) <= CAPTION_MAX_WORDS else None


def _is_caption(el, pictured: set) -> bool:
    if el.tag == "figcaption":
        return True
    if CAPTION_CLASSES.search(el.get("class") or ""):
        text = _short_text(el)
        return bool(text) and _in_figure(el, text, pictured)
    return _under_picture(el, pictured)


def _is_teaser(el) -> bool:
    """Mostly link text: a card linking to another article (its headline under its picture),
    not a caption, which describes the picture and links nowhere."""
    if any(a.tag == "a" for a in el.iterancestors()):
        return True
    text = clean_line(el.text_content())
    linked = sum(len(clean_line(a.text_content())) for a in el.iter("a"))
    return bool(text) and linked >= TEASER_LINK_SHARE * len(text)


def _is_figure(el) -> bool:
    return el.tag == "figure" or (el.get("role") or "").strip().lower() in FIGURE_ROLES


def _in_figure(el, text: str, pictured: set) -> bool:
    """Inside a figure, or inside a container that is an image with this text beside it."""
    for depth, ancestor in enumerate(el.iterancestors()):
        if depth >= FIGURE_DEPTH:
            return False
        if _is_figure(ancestor):
            return True
        if ancestor in pictured:
            around = _short_text(ancestor)
            return around is not None and _words(around) - _words(text) <= FIGURE_EXTRA_WORDS
    return False


def _under_picture(el, pictured: set) -> bool:
    """A short block right after a figure or a bare image (only space between) that is a
    list of one item, ends with a photo credit or restates the image's alt text."""
    if el.tag not in CAPTION_BLOCKS:
        return False
    previous = el.getprevious()
    if previous is None or not isinstance(previous.tag, str) or (previous.tail or "").strip():
        return False
    if not _is_figure(previous):
        if previous not in pictured or _short_text(previous) != "":
            return False  # a heading or paragraph that holds an image is not a picture
    if el in pictured or any(True for _ in el.iter(*NOT_IN_CAPTIONS)):
        return False  # a block with its own picture, heading or caption is a section
    text = _short_text(el)
    if not text:
        return False
    if el.tag in ("ul", "ol") and len(el.findall("li")) == 1:
        return True  # one item under a picture: not a list, a caption set as one
    if _words(text) > UNDER_PICTURE_MAX_WORDS:
        return False
    return is_credit_caption(text) or any(
        _repeats(text, img.get("alt") or "") for img in previous.iter("img")
    )


def _repeats(text: str, alt: str) -> bool:
    """True when `text` holds at least half of the words of `alt` (a caption restating it)."""
    alt_words = {w for w in word_tokens(alt) if len(w) > 2}
    if len(alt_words) < ALT_MIN_WORDS:  # a name ("Benjamin Romano") beside a portrait
        return False
    return len(alt_words & set(word_tokens(text))) >= ALT_OVERLAP * len(alt_words)
