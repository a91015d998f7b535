"""Body text and metadata of saved web pages, against the readability test pages' expectations.

    .venv/bin/python bench/readability.py [PAGES_DIR] [--show]

The pages are reported in two splits as well as together: "dev" (two pages of every three,
in name order; the rules were developed on these) and "held-out" (every third page, from the
third on), so a figure tuned to particular pages shows as a gap between the two.

PAGES_DIR holds one folder per page with `source.html`, `expected.html` and
`expected-metadata.json` (default: ../shared/corpora/readability-pages). Every configuration
runs on the same pages in the same run, so the baselines stand next to our figures.

Metrics (also in docs/performance.md):
- body: token F1 between the extracted text and the text of `expected.html`, over lower-cased
  word tokens (runs of letters/digits; each CJK character is one token), counted with repeats;
  averaged over all pages. The expectations keep image captions in the body, we keep them
  apart: "combined" is our body alone, "with captions" our body and captions together.
- title: normalised equality (case, whitespace, quote and dash kinds folded), where a title
  also matches when one side is the other plus the site name that pages append after a
  separator ("Title | Site").
- byline: the sets of name words are equal, after removing a leading "By", URLs, academic
  degrees after a comma (", MA"), joining words ("and", "et", "with", "avec") and everything
  after the first line of the expected byline.
- date: equality on the day (YYYY-MM-DD).
- site: equality of letters and digits only, ignoring case, a leading "The", "www." and a
  trailing domain suffix (".com"); a name without the tagline the expectation appends
  ("Mozilla Hacks" for "Mozilla Hacks – the Web developer blog") also matches.
Fields are scored on the pages whose expectation has a value (the count is printed).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This script's own folder comes first on sys.path, and its name would hide the
# readability-lxml package: replace it with the project root.
sys.path = [str(ROOT)] + [
    p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent
]

import lxml.html  # noqa: E402

from briefing_app.core.ingest import html, html_metadata  # noqa: E402
from briefing_app.core.ingest.decode import decode  # noqa: E402
from briefing_app.core.ingest.html_text import word_tokens  # noqa: E402

SHARED = Path(os.environ.get("BRIEFING_SHARED", ROOT.parent / "shared"))
DEFAULT_PAGES = SHARED / "corpora" / "readability-pages"
JOINING_WORDS = {"by", "and", "und", "et", "with", "avec", "mit"}
SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|»|·|/)\s+")


def token_f1(predicted: str, expected: str) -> float:
    """F1 of the multisets of lower-cased word tokens."""
    p, g = Counter(word_tokens(predicted)), Counter(word_tokens(expected))
    overlap = sum((p & g).values())
    if not overlap:
        return 1.0 if not p and not g else 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def _fold(text: str) -> str:
    text = text.casefold().translate(str.maketrans("‘’“”–—", "''\"\"--"))
    return re.sub(r"\s+", " ", text).strip()


def title_match(predicted: str, expected: str) -> bool:
    p, g = _fold(predicted), _fold(expected)
    if not p:
        return False
    if p == g:
        return True
    for longer, shorter in ((g, p), (p, g)):
        parts = SEPARATOR.split(longer)
        if len(parts) > 1 and shorter in (
            SEPARATOR.split(longer, maxsplit=1)[0],
            SEPARATOR.split(longer)[-1],
        ):
            return True
        if len(parts) > 2 and any(
            shorter == _fold(" - ".join(parts[:i])) for i in range(1, len(parts))
        ):
            return True
    return False


def _name_words(text: str) -> set[str]:
    text = re.sub(r"https?://\S+", " ", text.strip().split("\n")[0])
    text = re.sub(r"^\s*by\b:?", " ", text, flags=re.IGNORECASE)
    text = re.sub(r",\s*(?:M\.?A|Ph\.?D|M\.?D|M\.?S)\.?\b", " ", text)  # degrees are not names
    return {w for w in re.findall(r"[^\W\d_]+", text.casefold()) if w not in JOINING_WORDS}


def byline_match(predicted: list[str] | str, expected: str) -> bool:
    p = _name_words(", ".join(predicted) if isinstance(predicted, list) else predicted)
    return bool(p) and p == _name_words(expected)


def date_match(predicted: str, expected: str) -> bool:
    return bool(predicted) and predicted[:10] == expected[:10]


def _site_key(text: str) -> str:
    text = re.sub(r"^https?://", "", text.casefold().strip())
    text = re.sub(r"^(?:www\.|the\s+)", "", text)
    text = re.sub(r"\.(?:com|org|net|co\.uk|fr|cz)$", "", text)
    return re.sub(r"\W+", "", text)


def site_match(predicted: str, expected: str) -> bool:
    """Equal keys, or the prediction is the expected name without the tagline after it
    ("Mozilla Hacks" for "Mozilla Hacks – the Web developer blog")."""
    if not predicted:
        return False
    name = SEPARATOR.split(expected, maxsplit=1)[0]
    return _site_key(predicted) in (_site_key(expected), _site_key(name))


def _trafilatura_metadata(text: str) -> dict:
    import trafilatura

    doc = trafilatura.extract_metadata(text)
    if doc is None:
        return {}
    date = doc.date or ""
    return {
        "title": doc.title or "",
        "authors": doc.author or "",
        "published": date,
        "site": doc.sitename or "",
    }


def _readability_metadata(text: str) -> dict:
    from readability import Document

    return {"title": Document(text).short_title(), "authors": "", "published": "", "site": ""}


def split_of(index: int) -> str:
    """Every third page (the third, sixth, ...) is held out; the rest are for development."""
    return "held-out" if index % 3 == 2 else "dev"


def run(pages_dir: Path, show: bool) -> None:
    folders = sorted(p for p in pages_dir.iterdir() if (p / "source.html").is_file())
    results = {"dev": _Results(), "held-out": _Results(), "all": _Results()}
    for index, folder in enumerate(folders):
        page = _measure(folder, show)
        for split in (split_of(index), "all"):
            results[split].add(page)
    for split, result in results.items():
        print(f"\n== {split} ==")
        _report(result.pages, result.body, result.meta_scores, result.timings)


class _Results:
    def __init__(self) -> None:
        self.pages = 0
        self.body: dict[str, list[float]] = {
            "readability": [],
            "trafilatura": [],
            "combined": [],
            "with captions": [],
        }
        self.meta_scores: dict[str, dict[str, list[bool]]] = {}
        self.timings: Counter = Counter()

    def add(self, page: dict) -> None:
        self.pages += 1
        for name, value in page["body"].items():
            self.body[name].append(value)
        for config, scores in page["meta"].items():
            mine = self.meta_scores.setdefault(config, {k: [] for k in scores})
            for key, values in scores.items():
                mine[key].extend(values)
        self.timings["text"] += page["time"]


def _measure(folder: Path, show: bool) -> dict:
    data = (folder / "source.html").read_bytes()
    expected_text = lxml.html.fromstring(
        (folder / "expected.html").read_text("utf-8")
    ).text_content()
    expected = json.loads((folder / "expected-metadata.json").read_text("utf-8"))
    decoded = decode(data)
    root = html.load_tree(decoded.text)
    start = time.perf_counter()
    variants, captions = html.page_text(root)
    elapsed = time.perf_counter() - start
    # The expected text keeps image captions in the body; ours keeps them apart (in the
    # record's captions): "with captions" scores the two together, so a caption moved out of
    # the body shows as kept, not lost.
    variants["with captions"] = variants["combined"] + captions
    body = {name: token_f1("\n".join(p), expected_text) for name, p in variants.items()}
    ours = html_metadata.extract(root, body_text=variants["combined"])
    configs = {
        "trafilatura": _trafilatura_metadata(decoded.text),
        "readability": _readability_metadata(decoded.text),
        "briefing": {
            "title": ours.title,
            "authors": ours.authors,
            "published": ours.published,
            "site": ours.publisher,
        },
    }
    meta = {}
    for config, got in configs.items():
        meta[config] = {k: [] for k in ("title", "byline", "date", "site")}
        _score(meta[config], got, expected)
    if show:
        _show(folder.name, {k: [v] for k, v in body.items()}, configs["briefing"], expected)
    return {"body": body, "meta": meta, "time": elapsed}


def _score(scores: dict[str, list[bool]], got: dict, expected: dict) -> None:
    if expected.get("title"):
        scores["title"].append(title_match(got.get("title", ""), expected["title"]))
    if expected.get("byline"):
        scores["byline"].append(byline_match(got.get("authors", ""), expected["byline"]))
    if expected.get("publishedTime"):
        scores["date"].append(
            date_match(html_metadata.iso_day(got.get("published", "")), expected["publishedTime"])
        )
    if expected.get("siteName"):
        scores["site"].append(site_match(got.get("site", ""), expected["siteName"]))


def _show(name: str, body: dict, ours: dict, expected: dict) -> None:
    print(f"{name[:30]:30} body {body['combined'][-1]:.3f}", flush=True)
    for key, exp_key, match in (
        ("title", "title", title_match),
        ("authors", "byline", byline_match),
        ("published", "publishedTime", date_match),
        ("site", "siteName", site_match),
    ):
        if expected.get(exp_key) and not match(ours[key], expected[exp_key]):
            print(f"    {key}: got {ours[key]!r}, expected {expected[exp_key]!r}")


def _report(pages: int, body: dict, meta_scores: dict, timings: Counter) -> None:
    print(f"readability test pages: {pages}")
    print("body text token F1 (mean over pages):")
    for name, values in body.items():
        print(f"  {name:13} {sum(values) / len(values):.4f}")
    print("metadata accuracy (pages with an expected value):")
    print(f"  {'':12} " + "  ".join(f"{k:>12}" for k in ("title", "byline", "date", "site")))
    for config, scores in meta_scores.items():
        cells = [f"{sum(v) / len(v):.3f} ({len(v):2})" if v else "-" for v in scores.values()]
        print(f"  {config:12} " + "  ".join(f"{c:>12}" for c in cells))
    print(f"text extraction: {timings['text'] / pages * 1000:.0f} ms per page (both extractors)")


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    pages_dir = Path(args[0]) if args else DEFAULT_PAGES
    if not pages_dir.is_dir():
        print(f"no pages at {pages_dir}", file=sys.stderr)
        return 2
    run(pages_dir, "--show" in argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
