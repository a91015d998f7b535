"""Report-style PDFs: Briefing's reader against `pdftotext -layout` and pypdf, in one run.

    python bench/pdf.py [--corpus DIR] [--out DIR] [--count N] [--keep] [--show]

Builds a set of report-style PDFs from the Wikinews corpus (../shared/corpora/wikinews,
CC BY 2.5) with reportlab: a large title (sometimes over two lines), a byline, section
headings, running heads ("OFFICIAL", the report's short title), page numbers in several
styles, footnotes at the foot of the page or endnotes under "Notes", one or two columns, and
paragraphs that run across page breaks. Each reader's body text is then scored against the
source text:

- body token F1 (bag of words, the title and notes excluded from the source body);
- running heads or page numbers left in the body (documents with at least one);
- notes left in the body (documents with at least one note's words in the body);
- paragraphs crossing a page break kept whole (one paragraph holds all its words in order);
- quotations across a page break that verify (the 8 words either side of the break, found
  word for word in the reader's text after whitespace is collapsed);
- for Briefing only: the title, and the page locator of each such quotation.

The documents alternate between two halves ("dev", on which the rules were developed, and
"held-out"), each reported on its own.
"""

from __future__ import annotations

import csv
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_CORPUS = (
    Path(os.environ.get("BRIEFING_SHARED", ROOT.parent / "shared")) / "corpora" / "wikinews"
)
HEADINGS = ["Background", "Reactions", "What happens next", "Analysis", "Context"]
RUNNING_HEADS = ["OFFICIAL", "OFFICIAL – SENSITIVE", "Wikinews Report", "Briefing Paper"]
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Truth:
    name: str
    title: str
    body: list[str]  # paragraphs and headings, in order
    headings: list[str]
    notes: list[str]
    running: list[str]  # running head texts
    half: str
    crossing: list[tuple[str, str, int]] = field(default_factory=list)  # (quote, para, page)


def _articles(corpus: Path) -> list[dict]:
    csv.field_size_limit(10**8)
    rows = []
    for path in sorted(corpus.glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def _paragraphs(text: str) -> list[str]:
    paras = [_printable(p) for p in re.split(r"\n\s*\n", text)]
    # A leading dateline ("Friday, January 4, 2019") is the page's date, not body text.
    return [p for p in paras if p and not re.fullmatch(r"\w+day, \w+ \d+, \d{4}", p)]


def _printable(text: str) -> str:
    """`text` as the standard PDF fonts can set it (WinAnsi): "ć" becomes "c", scripts they
    lack (Devanagari) are left out, in the truth and in the PDF alike."""
    out = []
    for char in text:
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(base)
    return " ".join("".join(out).split())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class Spec:
    """One report to render: its text and how it is set."""

    title: str
    dateline: str
    paragraphs: list[str]
    notes: list[str]  # attached to paragraphs spread through the text
    headings: dict[int, str]  # paragraph index -> the heading set before it
    columns: int = 1
    endnotes: bool = False
    indented: bool = True  # first-line indents (else space between paragraphs)
    running: str = "OFFICIAL"
    running_on_first: bool = False
    number_style: str = "{n}"
    seed: int = 0


def spec_for(row: dict, rows: list[dict], number: int) -> Spec:
    """The layout variant `number` of a corpus article."""
    layout = random.Random(number)
    paras = _paragraphs(row["text"])
    others = [r for r in rows if r is not row]
    notes = [
        f"See “{_printable(o['title'])}”, Wikinews, {o['date']}." for o in layout.sample(others, 3)
    ]
    return Spec(
        title=_printable(row["title"]),
        dateline=f"Wikinews · {row['date']}",
        paragraphs=paras,
        notes=notes,
        headings={
            len(paras) // 3: HEADINGS[number % 5],
            2 * len(paras) // 3: HEADINGS[(number + 2) % 5],
        },
        columns=2 if number % 3 == 2 else 1,
        endnotes=number % 4 == 3,
        indented=number % 2 == 0,
        running=RUNNING_HEADS[number % len(RUNNING_HEADS)],
        running_on_first=number % 2 == 1,
        number_style=["{n}", "Page {n}", "- {n} -", "{n} of {total}"][number % 4],
        seed=number,
    )


def render(spec: Spec, path: Path) -> Truth:
    """Set `spec` as a PDF at `path` with reportlab; return what the PDF truly says."""
    from reportlab.lib.pagesizes import A4, A5
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    body_style = ParagraphStyle(
        "body",
        fontName="Times-Roman",
        fontSize=10.5,
        leading=13.5,
        spaceAfter=0 if spec.indented else 6,
        firstLineIndent=14 if spec.indented else 0,
        alignment=4 if spec.columns == 2 else 0,
    )
    heading_style = ParagraphStyle(
        "h", fontName="Helvetica-Bold", fontSize=13, leading=16, spaceBefore=8, spaceAfter=4
    )
    title_style = ParagraphStyle("t", fontName="Helvetica-Bold", fontSize=22, leading=26)
    byline_style = ParagraphStyle("b", fontName="Helvetica", fontSize=10, leading=14, spaceAfter=12)
    note_style = ParagraphStyle("n", fontName="Times-Roman", fontSize=7.5, leading=9)
    flow = [Paragraph(_escape(spec.title), title_style), Paragraph(spec.dateline, byline_style)]
    body, headings, notes = [], [], []
    note_at = _note_positions(spec)
    for index, para in enumerate(spec.paragraphs):
        if index in spec.headings and index > 0:
            flow.append(Paragraph(spec.headings[index], heading_style))
            body.append(spec.headings[index])
            headings.append(spec.headings[index])
        text = _escape(para)
        if index in note_at:
            notes.append(spec.notes[len(notes)])
            text += f"<super>{len(notes)}</super>"
        flow.append(Paragraph(text, body_style))
        body.append(para)
    if spec.endnotes:
        flow.append(Paragraph("Notes", heading_style))
        flow.extend(
            Paragraph(f"{n}. {_escape(note)}", note_style) for n, note in enumerate(notes, 1)
        )
    page_notes: dict[int, list[int]] = {}

    class Doc(BaseDocTemplate):
        def afterFlowable(self, flowable):  # noqa: N802 - reportlab's hook name
            """Which note marks were set on this page (their notes go at its foot)."""
            pieces = list(getattr(flowable, "frags", None) or [])
            for line in getattr(getattr(flowable, "blPara", None), "lines", None) or []:
                pieces.extend(getattr(line, "words", None) or [])
            for piece in pieces:
                if getattr(piece, "rise", 0) and piece.text.strip().isdigit():
                    page_notes.setdefault(self.page, []).append(int(piece.text))

    width, height = A4 if spec.columns == 2 else A5  # A5: more pages, more page breaks
    margin = 2.2 * cm if spec.columns == 2 else 1.6 * cm
    foot_area = 0 if spec.endnotes else 3.0 * cm
    total = {"pages": 0}

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8.5)
        if doc.page > 1 or spec.running_on_first:
            canvas.drawCentredString(width / 2, height - 1.3 * cm, spec.running)
        label = spec.number_style.format(n=doc.page, total=total["pages"] or "?")
        canvas.drawCentredString(width / 2, 1.2 * cm, label)
        y = margin + foot_area - 0.8 * cm
        refs = sorted(set(page_notes.get(doc.page, []))) if not spec.endnotes else []
        if refs:
            canvas.line(margin, y + 0.35 * cm, margin + 4 * cm, y + 0.35 * cm)
        for ref in refs:
            note = Paragraph(f"{ref} {_escape(notes[ref - 1])}", note_style)
            _, h = note.wrap(width - 2 * margin, 100)
            note.drawOn(canvas, margin, y - h + 0.2 * cm)
            y -= h + 2
        canvas.restoreState()

    def build_once() -> int:
        page_notes.clear()
        doc = Doc(str(path), pagesize=(width, height), title="", author="")
        frame_h = height - 2 * margin - foot_area
        if spec.columns == 1:
            frames = [Frame(margin, margin + foot_area, width - 2 * margin, frame_h, id="one")]
        else:
            col = (width - 2 * margin - 0.8 * cm) / 2
            frames = [
                Frame(margin, margin + foot_area, col, frame_h, id="left"),
                Frame(margin + col + 0.8 * cm, margin + foot_area, col, frame_h, id="right"),
            ]
        doc.addPageTemplates([PageTemplate(frames=frames, onPageEnd=decorate)])
        doc.build(_copy(flow))
        return doc.page

    total["pages"] = build_once()
    build_once()  # again, now that "n of N" knows N
    return _truth(spec, path.name, body, headings, notes)


def _truth(spec: Spec, name: str, body: list[str], headings: list[str], notes: list[str]) -> Truth:
    half = "dev" if spec.seed % 2 == 0 else "held-out"
    return Truth(name, spec.title, body, headings, notes, [spec.running], half)


def _note_positions(spec: Spec) -> list[int]:
    """Which paragraphs carry the notes (the same choice for both renderers)."""
    count = min(len(spec.notes), len(spec.paragraphs))
    return sorted(random.Random(spec.seed).sample(range(len(spec.paragraphs)), count))


_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
)


def _fodt(spec: Spec) -> tuple[str, Truth]:
    """`spec` as a flat OpenDocument text: real footnotes, running head and page-number
    fields in the page style's header and footer, page columns, hyphenation on."""
    indent = "0.5cm" if spec.indented else "0cm"
    space = "0cm" if spec.indented else "0.2cm"
    columns = (
        '<style:columns fo:column-count="2" fo:column-gap="0.6cm"/>' if spec.columns == 2 else ""
    )
    width, height, margin = (
        ("21cm", "29.7cm", "2.2cm") if spec.columns == 2 else ("14.8cm", "21cm", "1.7cm")
    )
    number = {
        "{n}": "<text:page-number/>",
        "Page {n}": "Page <text:page-number/>",
        "- {n} -": "- <text:page-number/> -",
        "{n} of {total}": "<text:page-number/> of <text:page-count/>",
    }[spec.number_style]
    body, headings, notes, xml = [], [], [], []
    note_at = _note_positions(spec)
    xml.append(f'<text:p text:style-name="Title">{_escape(spec.title)}</text:p>')
    xml.append(f'<text:p text:style-name="Byline">{_escape(spec.dateline)}</text:p>')
    for index, para in enumerate(spec.paragraphs):
        if index in spec.headings and index > 0:
            heading = spec.headings[index]
            xml.append(
                f'<text:h text:style-name="Heading" text:outline-level="2">{heading}</text:h>'
            )
            body.append(heading)
            headings.append(heading)
        text = _escape(para)
        if index in note_at:
            notes.append(spec.notes[len(notes)])
            n = len(notes)
            if spec.endnotes:
                text += f'<text:span text:style-name="Sup">{n}</text:span>'
            else:
                text += (
                    f'<text:note text:id="ftn{n}" text:note-class="footnote"><text:note-citation>{n}'
                    f'</text:note-citation><text:note-body><text:p text:style-name="Footnote">'
                    f"{_escape(notes[-1])}</text:p></text:note-body></text:note>"
                )
        xml.append(f'<text:p text:style-name="Body">{text}</text:p>')
        body.append(para)
    if spec.endnotes:
        xml.append('<text:h text:style-name="Heading" text:outline-level="2">Notes</text:h>')
        xml.extend(
            f'<text:p text:style-name="Footnote">{n}. {_escape(t)}</text:p>'
            for n, t in enumerate(notes, 1)
        )
    document = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {_ODF_NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-indent="{indent}" fo:margin-bottom="{space}" fo:text-align="justify"/><style:text-properties style:font-name="Liberation Serif" fo:font-family="'Liberation Serif'" fo:font-size="10.5pt" fo:hyphenate="true" fo:language="en" fo:country="US"/></style:style>
<style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.2cm"/><style:text-properties fo:font-family="'Liberation Sans'" fo:font-size="21pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Byline" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.4cm"/><style:text-properties fo:font-family="'Liberation Sans'" fo:font-size="10pt"/></style:style>
<style:style style:name="Heading" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.15cm" fo:keep-with-next="always"/><style:text-properties fo:font-family="'Liberation Sans'" fo:font-size="13pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Header" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-family="'Liberation Sans'" fo:font-size="8.5pt"/></style:style>
<style:style style:name="Footnote" style:family="paragraph"><style:text-properties style:font-name="Liberation Serif" fo:font-family="'Liberation Serif'" fo:font-size="8pt"/></style:style>
<style:style style:name="Sup" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="{width}" fo:page-height="{height}" fo:margin-top="1.2cm" fo:margin-bottom="1.2cm" fo:margin-left="{margin}" fo:margin-right="{margin}">{columns}</style:page-layout-properties>
<style:header-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-bottom="0.5cm"/></style:header-style>
<style:footer-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-top="0.5cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">
<style:header><text:p text:style-name="Header">{_escape(spec.running)}</text:p></style:header>
<style:footer><text:p text:style-name="Header">{number}</text:p></style:footer>
</style:master-page></office:master-styles>
<office:body><office:text>{"".join(xml)}</office:text></office:body></office:document>
"""
    return document, _truth(spec, "", body, headings, notes)


def render_libreoffice(specs: list[tuple[Spec, str]], out: Path) -> list[Truth]:
    """Set the specs as PDFs with LibreOffice (one batch conversion of flat ODT files)."""
    truths = []
    with tempfile.TemporaryDirectory() as tmp:
        sources = []
        for spec, name in specs:
            document, truth = _fodt(spec)
            source = Path(tmp) / f"{Path(name).stem}.fodt"
            source.write_text(document, encoding="utf-8")
            truth.name = name
            truths.append(truth)
            sources.append(str(source))
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), *sources],
            check=True,
            capture_output=True,
            timeout=1800,
        )
    return truths


def build(corpus: Path, out: Path, count: int) -> list[Truth]:
    """Render `count` report-style PDFs into `out`; return what each one truly says."""
    rows = _articles(corpus)
    pool = sorted(
        (r for r in rows if 450 <= len(r["text"].split()) <= 3000), key=lambda r: r["url"]
    )
    chosen = random.Random(14).sample(pool, min(count, len(pool)))
    truths = []
    # Half the documents are set by reportlab, half by LibreOffice (real footnotes,
    # hyphenation, its own line breaking); each half alternates dev and held-out.
    by_office = []
    for number, row in enumerate(chosen):
        spec = spec_for(row, rows, number)
        if number % 4 in (1, 2):
            by_office.append((spec, f"report-{number:02d}-lo.pdf"))
        else:
            truths.append(render(spec, out / f"report-{number:02d}.pdf"))
    if by_office and shutil.which("soffice"):
        truths.extend(render_libreoffice(by_office, out))
    return sorted(truths, key=lambda t: t.name)


def _copy(flow):
    import copy

    return [copy.deepcopy(f) for f in flow]


# -- readers -----------------------------------------------------------------------------------
def read_briefing(path: Path) -> dict:
    from briefing_app.core.ingest import pdf
    from briefing_app.core.ingest.importer import build_article

    data = path.read_bytes()
    article = build_article(data, path.name)
    del pdf
    return {
        "paragraphs": article.paragraphs,
        "title": article.title,
        "pages": article.pages,
        "text": article.text,
        "notes": article.notes,
    }


def read_pdftotext(path: Path) -> dict:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    paragraphs = [" ".join(b.split()) for b in re.split(r"\n\s*\n|\f", text) if b.strip()]
    return {"paragraphs": paragraphs, "text": text}


def read_pypdf(path: Path) -> dict:
    from pypdf import PdfReader

    text = "\n\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    paragraphs = [" ".join(b.split()) for b in re.split(r"\n\s*\n", text) if b.strip()]
    return {"paragraphs": paragraphs, "text": text}


READERS = {"briefing": read_briefing, "pdftotext -layout": read_pdftotext, "pypdf": read_pypdf}


# -- scoring ---------------------------------------------------------------------------------
def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def f1(candidate: str, truth: str) -> float:
    a, b = Counter(_tokens(candidate)), Counter(_tokens(truth))
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def _squash(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def crossings(path: Path, truth: Truth) -> list[tuple[str, str, int]]:
    """(quotation, paragraph, page number) for each paragraph a page break splits.

    The paragraph's words are followed through the pages' words (pypdf's text), skipping what
    lies between (running heads, page numbers, notes, note marks); the quotation is the 8
    words either side of the break, the page number that of its second half.
    """
    from pypdf import PdfReader

    stream: list[tuple[str, int]] = []
    for number, page in enumerate(PdfReader(str(path)).pages, 1):
        stream.extend((t, number) for t in _tokens(page.extract_text() or ""))
    found = []
    for para in truth.body:
        words = para.split()
        owners = [(t, i) for i, w in enumerate(words) for t in _tokens(w)]
        if len(owners) < 16:
            continue
        first = [t for t, _ in owners[:6]]
        start = next(
            (k for k in range(len(stream)) if [t for t, _ in stream[k : k + 6]] == first), None
        )
        if start is None:
            continue
        pages, k, skipped = [], start, 0
        for token, _ in owners:
            while k < len(stream) and stream[k][0] != token and skipped < 120:
                k, skipped = k + 1, skipped + 1
            if k >= len(stream) or stream[k][0] != token:
                pages = []
                break
            pages.append(stream[k][1])
            k += 1
        if not pages or pages[0] == pages[-1]:
            continue
        cut = next(i for i, page in enumerate(pages) if page != pages[0])
        word = owners[cut][1]
        if word == 0:
            continue
        found.append((" ".join(words[max(0, word - 8) : word + 8]), para, pages[cut]))
    return found


def _body_text(result: dict) -> str:
    return "\n\n".join(result["paragraphs"])


def score(truth: Truth, result: dict, name: str) -> dict:
    body = _body_text(result)
    squashed = _squash(body)
    out = {"f1": f1(body, "\n\n".join(truth.body))}
    paragraphs = [_squash(p) for p in result["paragraphs"]]
    running = (
        any(_squash(p) in {r for r in truth.running} for p in paragraphs)
        or any(
            re.fullmatch(r"(?:page )?-? ?\d{1,3}(?: of \d{1,3})? ?-?", p.lower())
            for p in paragraphs
        )
        or any(r in squashed for r in truth.running)
    )
    out["running"] = running
    out["notes_in_body"] = any(_squash(n)[4:] in squashed for n in truth.notes)
    whole = sum(any(_squash(para) in p for p in paragraphs) for _, para, _ in truth.crossing)
    out["whole"], out["crossing"] = whole, len(truth.crossing)
    out["quotes"] = sum(q in squashed for q, _, _ in truth.crossing)
    if name == "briefing":
        out["title"] = _squash(result["title"]) == _squash(truth.title)
        located = 0
        for quote, _, page in truth.crossing:
            at = _squash(result["text"]).find(quote)
            if at < 0:
                continue
            text = result["text"]
            raw_at = _raw_offset(text, quote)
            labels = [p for p in result["pages"] if p["start"] <= raw_at + len(quote)]
            starts = [p for p in result["pages"] if raw_at < p["start"] < raw_at + len(quote)]
            if starts and str(starts[0]["label"]) == str(page) and labels:
                located += 1
        out["located"] = located
        out["notes"] = sum(
            any(_squash(n) in _squash(x) for x in result["notes"]) for n in truth.notes
        )
        out["note_total"] = len(truth.notes)
    return out


def _raw_offset(text: str, quote: str) -> int:
    """Where `quote` (single-spaced) starts in `text` (whose spaces may differ), else -1."""
    pattern = r"\s+".join(re.escape(w) for w in quote.split())
    match = re.search(pattern, text)
    return match.start() if match else -1


def report(rows: list[tuple[Truth, str, dict]]) -> None:
    for half in ("dev", "held-out"):
        print(f"\n## {half}")
        print(
            "| reader | docs | body F1 | running head/page no. in body | notes in body | "
            "page-crossing paragraphs whole | quotations across a break verify | title | page locators | notes found |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name in READERS:
            got = [s for t, n, s in rows if n == name and t.half == half]
            if not got:
                continue
            docs = len(got)
            crossing = sum(s["crossing"] for s in got)
            line = [
                name,
                str(docs),
                f"{sum(s['f1'] for s in got) / docs:.3f}",
                f"{sum(s['running'] for s in got)}/{docs}",
                f"{sum(s['notes_in_body'] for s in got)}/{docs}",
                f"{sum(s['whole'] for s in got)}/{crossing}",
                f"{sum(s['quotes'] for s in got)}/{crossing}",
            ]
            if name == "briefing":
                line += [
                    f"{sum(s['title'] for s in got)}/{docs}",
                    f"{sum(s['located'] for s in got)}/{crossing}",
                    f"{sum(s['notes'] for s in got)}/{sum(s['note_total'] for s in got)}",
                ]
            else:
                line += ["–", "–", "–"]
            print("| " + " | ".join(line) + " |")


def main(argv: list[str]) -> int:
    def option(flag: str, default: str) -> str:
        return argv[argv.index(flag) + 1] if flag in argv else default

    corpus = Path(option("--corpus", str(DEFAULT_CORPUS)))
    if not corpus.is_dir():
        print(f"no corpus at {corpus}")
        return 1
    out = (
        Path(option("--out", "")) if "--out" in argv else Path(tempfile.mkdtemp(prefix="pdfbench-"))
    )
    out.mkdir(parents=True, exist_ok=True)
    truths = build(corpus, out, int(option("--count", "40")))
    rows = []
    for truth in truths:
        path = out / truth.name
        truth.crossing = crossings(path, truth)
        for name, reader in READERS.items():
            result = reader(path)
            rows.append((truth, name, score(truth, result, name)))
            if "--show" in argv and name == "briefing":
                s = rows[-1][2]
                print(
                    truth.name,
                    truth.half,
                    {k: round(v, 3) if isinstance(v, float) else v for k, v in s.items()},
                )
    report(rows)
    if "--keep" not in argv and "--out" not in argv:
        shutil.rmtree(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
