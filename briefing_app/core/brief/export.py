"""Export a brief: DOCX/ODT via pandoc (real footnotes), standalone HTML, Markdown, and PDF.

This is the only module that calls pandoc. PDF is written by Qt, which core must not import or
name: the front end (the command line or the window) hands in the writer. A CSL-JSON file of the
cited articles is written beside every export.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefing_app.core import atomicio
from briefing_app.core.article import Article
from briefing_app.core.brief import export_temps, office
from briefing_app.core.brief.citations import CitationOptions, NoteWriter, find_citations
from briefing_app.core.brief.csl import csl_json
from briefing_app.core.brief.document import parse_brief
from briefing_app.core.brief.gate import gate
from briefing_app.core.brief.links import sanitise_pandoc
from briefing_app.core.brief.masking import mask_code
from briefing_app.core.brief.note_refs import (
    join_punctuation,
    leading_punctuation,
    strip_space_before,
)
from briefing_app.core.brief.quoting import escape_markdown
from briefing_app.core.brief.render import (
    articles_by_key,
    build_markdown,
    render_html,
    standalone_html,
)
from briefing_app.core.brief.verify import QuotationCheck, check_brief
from briefing_app.core.errors import BriefError

FORMATS = ("docx", "odt", "html", "md", "pdf")
# pandoc reads our resolved Markdown with its own citation syntax and raw markup switched off.
PANDOC_READER = "markdown-smart-citations-raw_html-raw_tex-raw_attribute-implicit_figures"
# The Markdown export is written by pandoc from the sanitised tree: text that would read as
# markup (`<script>`, brackets of an unwrapped link) comes out escaped.
MARKDOWN_WRITER = "markdown-smart-citations-simple_tables-multiline_tables-grid_tables"
PdfWriter = Callable[[str, Path, str], None]


@dataclass
class ExportResult:
    """What an export wrote."""

    path: Path
    csl_path: Path
    notes: int = 0
    cited: list[str] = field(default_factory=list)
    unverified: int = 0  # quotations exported although not verified (allowed by the caller)


def csl_path_for(out_path: Path) -> Path:
    """Where the CSL-JSON beside an export goes: `brief.docx` → `brief.csl.json`."""
    return out_path.with_name(out_path.stem + ".csl.json")


def resolved_markdown(text: str, library: Any, options: CitationOptions | None = None):
    """The brief with each citation replaced by a Markdown footnote and a bibliography appended.

    Returns (markdown, writer); raises BriefError when a citation names an unknown key.
    """
    doc = parse_brief(text)
    writer = NoteWriter(articles_by_key(library), options)
    citations = find_citations(mask_code(doc.body))
    unknown = [
        f"@{key} (line {doc.line_of(doc.body_offset + c.start)})"
        for c in citations
        for key in writer.unknown_keys(c)
    ]
    if unknown:
        raise BriefError(
            "The brief cites sources that are not in the library: " + ", ".join(unknown) + "."
        )
    body, notes = _with_note_references(doc.body, citations, writer)
    if notes:
        body += "\n" + "\n\n".join(notes) + "\n"
    bibliography = writer.bibliography()
    if bibliography:
        body += f"\n## {writer.options.bibliography_title}\n\n" + "\n\n".join(bibliography) + "\n"
    return _front_matter(doc.meta) + body, writer


def _with_note_references(body: str, citations, writer: NoteWriter) -> tuple[str, list[str]]:
    """The body with each citation replaced by a note reference placed as CMOS 14.26 asks."""
    pieces, notes, pos = [], [], 0
    for number, citation in enumerate(citations, 1):
        before = strip_space_before(body[pos : citation.start])
        punctuation = leading_punctuation(body[citation.end :])
        pieces.append(join_punctuation(before, punctuation) + f"[^cite-{number}]")
        notes.append(f"[^cite-{number}]: {writer.note(citation)}")
        pos = citation.end + len(punctuation)
    pieces.append(body[pos:])
    return "".join(pieces).rstrip() + "\n", notes


def _front_matter(meta) -> str:
    data = {
        k: v
        for k, v in (
            ("title", meta.title),
            ("date", meta.date),
            ("classification", meta.classification),
        )
        if v
    }
    if meta.authors:
        data["author"] = meta.authors
    data.update(meta.extra)
    if not data:
        return ""
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n"


def evidence_markdown(text: str, library: Any, checks: list[QuotationCheck] | None = None) -> str:
    """The evidence appendix: for each quotation, its status, source, paragraph, access date, hash.

    A quotation that is not verified is marked as such, with the reason.
    """
    by_key = articles_by_key(library)
    rows = []
    checks = check_brief(text, library) if checks is None else checks
    for number, check in enumerate(checks, 1):
        article: Article | None = by_key.get(check.key)
        source = (
            escape_markdown(f"{article.title} [{article.key}]")
            if article
            else escape_markdown(check.key or "—")
        )
        where = f"¶{check.paragraph}" if check.paragraph else "—"
        accessed = (article.imported_at or "")[:10] if article else ""
        digest = f"`{article.sha256}`" if article else "—"
        quote = escape_markdown(check.quote if len(check.quote) < 120 else check.quote[:117] + "…")
        rows.append(
            f"{number}. “{quote}” (line {check.line}) — **{check.status}**  \n"
            f"   Source: {source}; paragraph: {where}; accessed: {accessed or '—'}; "
            f"SHA-256 of the archived original: {digest}"
        )
        if not check.ok:
            rows[-1] += f"  \n   **NOT VERIFIED:** {escape_markdown(check.detail)}"
    body = "\n".join(rows) if rows else "The brief quotes no sources."
    return "\n\n## Evidence\n\n" + body + "\n"


# pypandoc's wrapper around pandoc's stderr, which may go on with a Haskell backtrace.
_PYPANDOC_PREFIX = re.compile(r'^Pandoc died with exitcode "?-?\d+"? during conversion:\s*')
_OS_REASON = re.compile(r"\(([^()]+)\)\s*$")  # "withBinaryFile: … (No space left on device)"


def condense_pandoc_error(message: str, tmp: Path | None = None, out: Path | None = None) -> str:
    """pandoc's error in one line: its first meaningful line, the OS reason where it has one."""
    text = _PYPANDOC_PREFIX.sub("", str(message).strip())
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "no reason given")
    line = line.removeprefix("pandoc: ")
    if tmp is not None and out is not None:
        line = line.replace(str(tmp), str(out))  # the user knows the output, not our temp
    reason = _OS_REASON.search(line)
    if out is not None and reason and line.startswith(str(out)):
        line = f"{out}: {reason.group(1)}"
    return line[:300]


def _pandoc_failed(fmt: str, exc: Exception, tmp: Path | None = None, out: Path | None = None):
    detail = condense_pandoc_error(str(exc), tmp, out).rstrip(".")
    joint = " " if out is not None and detail.startswith(str(out)) else ": "
    return BriefError(f"pandoc could not write the {fmt.upper()} file{joint}{detail}.")


def sanitised_tree(markdown: str) -> str:
    """pandoc's JSON tree of `markdown` with the link policy applied (unsafe links as text)."""
    import pypandoc  # only here: pandoc stays one module's business

    try:
        tree = pypandoc.convert_text(
            markdown, "json", format=PANDOC_READER, extra_args=["--sandbox"]
        )
    except (RuntimeError, OSError) as exc:
        raise _pandoc_failed("tree", exc) from None
    return json.dumps(sanitise_pandoc(json.loads(tree)))


def _pandoc(markdown: str, fmt: str, out_path: Path) -> None:
    import pypandoc

    tree = sanitised_tree(markdown)
    tmp = export_temps.temp_path(out_path, fmt)
    try:
        if fmt == "md":
            extra = ["--standalone", "--sandbox", "--wrap=preserve"]
            data = pypandoc.convert_text(tree, MARKDOWN_WRITER, format="json", extra_args=extra)
            data = data.encode("utf-8")
        else:
            pypandoc.convert_text(
                tree,
                fmt,
                format="json",
                outputfile=str(tmp),
                extra_args=["--standalone", "--sandbox"],
            )
            data = tmp.read_bytes()
    except (RuntimeError, OSError) as exc:
        raise _pandoc_failed(fmt, exc, tmp, out_path) from None
    finally:
        tmp.unlink(missing_ok=True)
    atomicio.write_bytes(out_path, data)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.samefile(b))
    except OSError:
        return False


def _refuse_overwriting(source: Path, out_path: Path) -> None:
    """Raise BriefError when the export or its CSL-JSON would replace the brief itself."""
    for target in (out_path, csl_path_for(out_path)):
        if _same_file(source, target):
            raise BriefError(
                f"Exporting to {target} would overwrite the brief itself; choose another file."
            )


def _tidied_and_recorded(export: Callable[..., ExportResult]) -> Callable[..., ExportResult]:
    """Run an export after removing what killed exports left, and record it while it runs."""

    @functools.wraps(export)
    def run(text: str, library: Any, fmt: str, out_path: Path | str, **kwargs: Any):
        out_path = Path(out_path)
        export_temps.tidy()
        with export_temps.recorded(out_path, csl_path_for(out_path)):
            return export(text, library, fmt, out_path, **kwargs)

    return run


@_tidied_and_recorded
def export_brief(
    text: str,
    library: Any,
    fmt: str,
    out_path: Path | str,
    *,
    evidence: bool = False,
    options: CitationOptions | None = None,
    pdf_writer: PdfWriter | None = None,
    source: Path | str | None = None,
    allow_unverified: bool = False,
    index: Any = None,
) -> ExportResult:
    """Write the brief as `fmt` to `out_path`, and its CSL-JSON beside it.

    `source` is the brief's own file: an export that would overwrite it is refused. Every
    quotation is checked first (`index` speeds up the wrong-source search): when any is not
    verified the export raises UnverifiedQuotations, unless `allow_unverified`; then the
    evidence appendix is added and marks each unverified quotation. What a killed export
    left beside its output is removed first (see `export_temps`), and this export is
    recorded until it ends.
    """
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise BriefError(f"Cannot export to {fmt!r}; choose one of {', '.join(FORMATS)}.")
    out_path = Path(out_path)
    if fmt == "pdf" and pdf_writer is None:
        raise BriefError("PDF is written by the desktop layer: pass its PDF writer.")
    if source is not None:
        _refuse_overwriting(Path(source), out_path)
    checks = gate(text, library, allow_unverified=allow_unverified, index=index)
    markdown, writer = resolved_markdown(text, library, options)
    unverified = any(not c.ok for c in checks)
    appendix = evidence_markdown(text, library, checks) if evidence or unverified else ""
    meta = parse_brief(text).meta
    if fmt in ("md", "docx", "odt"):
        _pandoc(markdown + appendix, fmt, out_path)
        if meta.classification and fmt != "md":
            (office.mark_docx if fmt == "docx" else office.mark_odt)(out_path, meta.classification)
    else:
        result = render_html(text, library, options)
        appendix_html = build_markdown().render(appendix) if appendix else ""
        page = standalone_html(result, appendix=appendix_html)
        if fmt == "html":
            atomicio.write_text(out_path, page)
        else:
            pdf_writer(page, out_path, meta.classification)
    csl_path = csl_path_for(out_path)
    atomicio.write_json(csl_path, csl_json(list(writer.cited.values())))
    notes = len(find_citations(mask_code(parse_brief(text).body)))
    failing = sum(not c.ok for c in checks)
    return ExportResult(out_path, csl_path, notes, list(writer.cited), failing)


def export_text(
    text: str,
    library: Any,
    fmt: str,
    out_path: Path | str,
    *,
    evidence: bool = False,
    options: CitationOptions | None = None,
    allow_unverified: bool = False,
) -> Path:
    """Export to a format core writes itself (DOCX, ODT, HTML, Markdown); returns the path."""
    if fmt == "pdf":
        raise BriefError("PDF is written by the desktop layer; use export_brief with a PDF writer.")
    result = export_brief(
        text,
        library,
        fmt,
        out_path,
        evidence=evidence,
        options=options,
        allow_unverified=allow_unverified,
    )
    return result.path
