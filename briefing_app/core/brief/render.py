"""Render a brief to HTML: CommonMark, tables, footnotes, and pandoc citations as Chicago notes.

Raw HTML is off, links are limited to safe schemes, images never load anything (they show their
description), and a citation of an unknown key is rendered as a visible error. The HTML uses
simple tags and CSS classes, so a QTextBrowser shows it as well as a web browser does.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from briefing_app.core.article import Article
from briefing_app.core.brief.citations import (
    CITATION_PATTERN,
    Citation,
    CitationOptions,
    NoteRecord,
    NoteWriter,
    parse_citation_body,
)
from briefing_app.core.brief.document import BriefMeta, parse_brief
from briefing_app.core.brief.links import drop_unsafe_links
from briefing_app.core.brief.note_refs import (
    join_punctuation,
    leading_punctuation,
    strip_space_before,
)
from briefing_app.core.brief.styles import BRIEF_CSS


@dataclass
class RenderError:
    """Something in the brief that could not be rendered as written (shown, never dropped)."""

    line: int
    message: str
    key: str = ""


@dataclass
class RenderResult:
    """A rendered brief: body HTML, its citation notes, bibliography entries and errors."""

    html: str
    notes: list[NoteRecord] = field(default_factory=list)
    bibliography: list[str] = field(default_factory=list)
    errors: list[RenderError] = field(default_factory=list)
    meta: BriefMeta = field(default_factory=BriefMeta)
    cited: list[Article] = field(default_factory=list)


def articles_by_key(library: Any) -> dict[str, Article]:
    """Current articles by key, from a Library (or anything with `by_key`) or a plain mapping."""
    if library is None:
        return {}
    if isinstance(library, Mapping):
        return dict(library)
    return library.by_key()


def _citation_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule: `[@key, ¶3]` becomes a footnote reference (or a visible error)."""
    if state.src[state.pos] != "[":
        return False
    match = CITATION_PATTERN.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    items = parse_citation_body(match.group("body"))
    if not items:
        return False
    if not silent:
        citation = Citation(items, match.start(), match.end(), match.group(0))
        writer: NoteWriter = state.env["brief_notes"]
        unknown = writer.unknown_keys(citation)
        if unknown:
            token = state.push("citation_error", "", 0)
            token.meta = {"source": citation.source, "unknown": unknown, "pos": state.pos}
        else:
            _push_note(state, writer, citation)
    state.pos = match.end()
    return True


def _push_note(state: StateInline, writer: NoteWriter, citation: Citation) -> None:
    notes = state.env.setdefault("footnotes", {})
    notes.setdefault("refs", {})
    refs = notes.setdefault("list", {})
    footnote_id = len(refs)
    markdown = writer.note(citation)
    tokens: list = []
    refs[footnote_id] = {"content": markdown, "tokens": tokens}
    state.md.inline.parse(markdown, state.md, state.env, tokens)
    state.env["brief_records"].append(NoteRecord(footnote_id + 1, markdown, citation.keys))
    token = state.push("footnote_ref", "", 0)
    token.meta = {"id": footnote_id, "citation": True}


def place_note_references(state) -> None:
    """Core rule: a citation's note number follows punctuation, no space before (CMOS 14.26)."""
    for block in state.tokens:
        children = block.children or []
        for index, token in enumerate(children):
            if token.type == "footnote_ref" and (token.meta or {}).get("citation"):
                _place(children, index)


def _place(children: list, index: int) -> None:
    previous = children[index - 1] if index else None
    if previous is not None and previous.type == "softbreak":
        previous.type, previous.content = "text", ""  # the line break before the citation
        previous = children[index - 2] if index > 1 else None
    if previous is not None and previous.type == "text":
        previous.content = strip_space_before(previous.content)
    following = children[index + 1] if index + 1 < len(children) else None
    if following is None or following.type != "text":
        return
    punctuation = leading_punctuation(following.content)
    if punctuation and previous is not None and previous.type == "text":
        following.content = following.content[len(punctuation) :]
        previous.content = join_punctuation(previous.content, punctuation)


def _render_footnote_ref(self, tokens, idx, options, env) -> str:
    """A note reference as a superscript number, without brackets (CMOS 14.26)."""
    meta = tokens[idx].meta
    number = meta["id"] + 1
    ref = f"{number}:{meta['subId']}" if meta.get("subId", 0) > 0 else str(number)
    return f'<sup class="footnote-ref"><a href="#fn{number}" id="fnref{ref}">{number}</a></sup>'


def _render_citation_error(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    keys = ", ".join("@" + k for k in meta["unknown"])
    return (
        f'<span class="citation-error" title="No article with this key in the library">'
        f"{html.escape(meta['source'])} — unknown source {html.escape(keys)}</span>"
    )


def _render_image(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    return f'<span class="image-placeholder">[image: {html.escape(alt)}]</span>'


def build_markdown() -> MarkdownIt:
    """The brief's Markdown parser: CommonMark + tables + footnotes + citations, raw HTML off."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=1, max_level=3)
    md.inline.ruler.before("link", "citation", _citation_rule)
    # Every target parses as a link, then the link policy unwraps unsafe ones to plain text,
    # exactly as the DOCX/ODT/Markdown exports do (see links.py).
    md.validateLink = lambda url: True
    md.core.ruler.push("unsafe_links", drop_unsafe_links)
    md.add_render_rule("citation_error", _render_citation_error)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("footnote_ref", _render_footnote_ref)
    md.core.ruler.push("note_references", place_note_references)
    return md


def _line_of(body_line: int, block_map, content: str, pos: int) -> int:
    start = block_map[0] if block_map else 0
    return body_line + start + content.count("\n", 0, pos)


def _collect_errors(tokens, body_line: int) -> list[RenderError]:
    errors = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "citation_error":
                line = _line_of(body_line, token.map, token.content, child.meta["pos"])
                for key in child.meta["unknown"]:
                    errors.append(
                        RenderError(line, f"No article with the key @{key} in the library.", key)
                    )
    return errors


def _header_html(meta: BriefMeta) -> str:
    parts = []
    if meta.title:
        parts.append(f'<h1 class="brief-title">{html.escape(meta.title)}</h1>')
    byline = " · ".join(x for x in (meta.author, meta.date) if x)
    if byline:
        parts.append(f'<p class="brief-byline">{html.escape(byline)}</p>')
    return "\n".join(parts)


def _classification_html(meta: BriefMeta) -> str:
    if not meta.classification:
        return ""
    return f'<p class="classification">{html.escape(meta.classification)}</p>\n'


def _bibliography_html(md: MarkdownIt, entries: list[str], title: str) -> str:
    if not entries:
        return ""
    rows = "".join(f'<p class="bibliography-entry">{md.renderInline(e)}</p>\n' for e in entries)
    return f'<h2 class="bibliography-title" id="bibliography">{html.escape(title)}</h2>\n{rows}'


def render_html(
    text: str, library: Any = None, options: CitationOptions | None = None
) -> RenderResult:
    """Render a brief (front matter + Markdown) to an HTML fragment with notes and bibliography."""
    options = options or CitationOptions()
    doc = parse_brief(text)
    md = build_markdown()
    writer = NoteWriter(articles_by_key(library), options)
    env: dict[str, Any] = {"brief_notes": writer, "brief_records": []}
    tokens = md.parse(doc.body, env)
    body = md.renderer.render(tokens, md.options, env)
    bibliography = writer.bibliography()
    parts = [
        _classification_html(doc.meta),
        _header_html(doc.meta),
        body,
        _bibliography_html(md, bibliography, options.bibliography_title),
        _classification_html(doc.meta),
    ]
    return RenderResult(
        html="\n".join(p for p in parts if p),
        notes=env["brief_records"],
        bibliography=bibliography,
        errors=_collect_errors(tokens, doc.body_line),
        meta=doc.meta,
        cited=list(writer.cited.values()),
    )


def standalone_html(result: RenderResult, *, extra_css: str = "", appendix: str = "") -> str:
    """A complete HTML document (CSS embedded, nothing loaded from elsewhere) for a rendered brief."""
    title = html.escape(result.meta.title or "Brief")
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{BRIEF_CSS}{extra_css}</style>\n</head>\n<body>\n"
        f"{result.html}\n{appendix}</body>\n</html>\n"
    )


def plain_text(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed (for tests and previews)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
