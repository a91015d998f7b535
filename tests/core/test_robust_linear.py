"""Linear time on hostile text: one file must not hold the write lock for hours.

Absolute times mean nothing on a loaded machine, so every guard here doubles the input and
looks at how the time grows: about 2x per doubling is linear, 4x is quadratic. The best of a
few runs is taken, and a step too fast to time reliably passes.

The small sizes run in `make test`; `--full-stress` runs ten times larger inputs.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import re
import time
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import briefing_app.core.ingest as ingest_package
from briefing_app.core.ingest import archive, formats
from briefing_app.core.ingest.decode import decode
from briefing_app.core.ingest.enrich import enrich_article
from briefing_app.core.ingest.importer import build_article

# Over two doublings (4x the input) linear work takes 4x the time and quadratic 16x; the
# limit sits between them, so the noise of a loaded machine does not fail a linear step.
GROWTH_EXPONENT_LIMIT = 1.5
TIMING_FLOOR = 0.05  # seconds: below this the largest input is too fast to judge (and harmless)


def _timed(run) -> float:
    """One run's time, with the garbage collector paused: its full collections come at
    moments set by earlier allocations and would blur the growth being measured."""
    gc.collect()
    gc.disable()
    try:
        started = time.perf_counter()
        run()
        return time.perf_counter() - started
    finally:
        gc.enable()


RELIABLE_TIME = 0.02  # seconds: shorter runs are mostly timer and cache noise


def _times(make_input, work, sizes, rounds: int = 3) -> list[float]:
    """Each size's best time, the sizes taken in turn round after round: a burst of load
    from elsewhere then slows one run of several sizes, not every run of one size (a
    suite run beside another once timed 2,500 zip members at 0.07 s and 5,000 at 0.40)."""
    prepared = {n: make_input(n) for n in sizes}
    best = dict.fromkeys(sizes, float("inf"))
    for _ in range(rounds):
        for n in sizes:
            best[n] = min(best[n], _timed(lambda n=n: work(prepared[n])))
    return [best[n] for n in sizes]


def growth_problem(make_input, work, sizes) -> str | None:
    """None when the time of `work(make_input(n))` (the work alone) grows linearly over
    `sizes` (each twice the last); else what grew how."""
    largest = make_input(sizes[-1])
    started = time.perf_counter()  # a quick first look, without pausing the collector
    work(largest)
    if time.perf_counter() - started <= TIMING_FLOOR:
        return None  # too fast to matter, whatever its growth: no need to time the rest
    times = _times(make_input, work, sizes)
    if times[0] < RELIABLE_TIME and times[-1] < 1.0:
        # The smallest input ran too briefly to time reliably: judge on four times larger.
        sizes = [4 * n for n in sizes]
        times = _times(make_input, work, sizes)
    allowed = (sizes[-1] / sizes[0]) ** GROWTH_EXPONENT_LIMIT
    if times[-1] > TIMING_FLOOR and times[-1] / max(times[0], 1e-4) > allowed:
        steps = ", ".join(f"{n}: {t:.3f}s" for n, t in zip(sizes, times, strict=True))
        return f"time grew {times[-1] / max(times[0], 1e-4):.1f}x ({steps})"
    return None


def _ingest_patterns() -> list[tuple[str, re.Pattern]]:
    """Every module-level regex of the import code."""
    found = []
    for info in pkgutil.iter_modules(ingest_package.__path__):
        module = importlib.import_module(f"{ingest_package.__name__}.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.append((f"{info.name}.{name}", value))
    return found


# Patterns that cannot be linear on their own, with how their one caller keeps them linear.
GUARDED = {
    "markdown._TAG": "markdown._strip_tags searches only up to the last '>'",
    # Linear by construction (at most 100 characters tried per start), but with so large a
    # constant that a loaded machine's noise can fake growth; used on parentheses of at most
    # 300 characters (metadata._PARENS).
    "metadata._CITATION": "bounded: {1,100}? per start, on parts of at most 300 characters",
}
PATTERNS = [(name, p) for name, p in _ingest_patterns() if name not in GUARDED]
RUNS = ["a", "a@", "@", " ", ".", "-", "a.", "A", "1", "aA", "'", "\n", " a", "http://a",
        "www.", "<a", "a1.", "A. ", "(", "a,", "—", "s ", "\t\n"]  # fmt: skip


def _scan(pattern: re.Pattern, text: str) -> None:
    subject = text.encode("utf-8", "replace") if isinstance(pattern.pattern, bytes) else text
    for _ in pattern.finditer(subject):
        pass


def test_the_regex_audit_found_the_import_patterns():
    names = {name for name, _ in _ingest_patterns()}
    assert "apostrophes._URLISH" in names and len(PATTERNS) > 40
    assert set(GUARDED) <= names


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="<>a /=\"'\n", max_size=60))
def test_strip_tags_matches_the_plain_substitution(html):
    """The linear tag stripper gives exactly what the plain substitution gives."""
    from briefing_app.core.ingest.markdown import _TAG, _strip_tags

    assert _strip_tags(html) == _TAG.sub(" ", html)


def test_strip_tags_is_linear_on_unclosed_tags(stress_size):
    from briefing_app.core.ingest.markdown import _strip_tags

    base = stress_size(20000, 200000)
    problem = growth_problem(lambda n: "<a" * n, _strip_tags, [base, 2 * base, 4 * base])
    assert problem is None, problem


# What ends the run: nothing, a letter, a mark, a line break (a regex that fails at the end
# of a run and retries from each of its characters is quadratic only when the run is followed
# by something it did not expect).
ENDINGS = ["", "x", "!", "\n"]


@pytest.mark.parametrize("ending", ENDINGS)
@pytest.mark.parametrize("unit", RUNS)
def test_no_import_regex_backtracks_on_long_runs(unit, ending, stress_size):
    """Every import regex on a long run of one unit ("a@a@a@...", spaces, dots...)."""
    base = stress_size(1500, 15000)
    slow = []
    for name, pattern in PATTERNS:
        problem = growth_problem(
            lambda n: "w" + unit * n + ending,
            lambda text, p=pattern: _scan(p, text),
            [base, 2 * base, 4 * base],
        )
        if problem:
            slow.append(f"{name}: {problem}")
    assert not slow, "super-linear regexes: " + "; ".join(slow)


@settings(max_examples=15, deadline=None)
@given(
    head=st.text(max_size=3),
    unit=st.text(min_size=1, max_size=4),
    ending=st.text(max_size=3),
)
def test_no_import_regex_backtracks_on_generated_runs(head, unit, ending):
    """Hypothesis picks the run's unit and what surrounds it; the regexes stay linear."""
    slow = []
    for name, pattern in PATTERNS:
        problem = growth_problem(
            lambda n: head + unit * (n // len(unit)) + ending,
            lambda text, p=pattern: _scan(p, text),
            [2000, 4000, 8000],
        )
        if problem:
            slow.append(f"{name}: {problem}")
    assert not slow, f"super-linear on runs of {unit!r}: " + "; ".join(slow)


# -- the import stages on pathological files ------------------------------------------------
PATHOLOGICAL = {
    "no-spaces": lambda n: "Title\n\n" + "x" * n + "\n",
    "at-signs": lambda n: "Title\n\n" + "a@" * (n // 2) + "\n",
    "spaces": lambda n: "Title\n\nWord" + " " * n + "end.\n",
    "newlines": lambda n: "Title\n\nWord" + "\n" * n + "end.\n",
    "one-long-line": lambda n: (
        "Title\n\n"
        + "Officials said that the talks may possibly resume, the minister added. " * (n // 72)
        + "\n"
    ),
    "urls": lambda n: "Title\n\n" + "see www.example.org/a@b.c " * (n // 26) + "\n",
}


def _fresh_for_enrichment(data: bytes):
    article = build_article(data, "hostile.txt")
    article.claims, article.claims_version = [], 0  # so enrichment runs again in full
    return article


STAGES = {
    "decode": (lambda data: data, decode),
    "parse": (lambda data: data, lambda data: formats.parse_bytes(data, "hostile.txt")),
    "citations and claims": (_fresh_for_enrichment, enrich_article),
}


@pytest.mark.parametrize("stage", sorted(STAGES))
@pytest.mark.parametrize("shape", sorted(PATHOLOGICAL))
def test_every_import_stage_grows_linearly(shape, stage, stress_size):
    """Decode, parse (repairs, metadata) and enrichment (citations, claims) of one hostile file."""
    base = stress_size(6000, 60000)
    prepare, work = STAGES[stage]
    problem = growth_problem(
        lambda n: prepare(PATHOLOGICAL[shape](n).encode("utf-8")), work, [base, 2 * base, 4 * base]
    )
    assert problem is None, f"{shape}, {stage}: {problem}"


def test_html_title_of_spaces_is_linear(stress_size):
    """A <title> of a million spaces went through quadratic title splitting."""
    base = stress_size(20000, 200000)

    def page(n: int) -> bytes:
        return (
            "<html><head><title>A" + " " * n + "B</title></head>"
            "<body><article><p>Officials said the talks would resume.</p></article></body></html>"
        ).encode()

    problem = growth_problem(page, lambda d: formats.parse_bytes(d, "page.html"), [base, 2 * base])
    assert problem is None, problem


def _tiny_zip(path, members: int) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(members):
            zf.writestr(f"m{i:05d}.txt", f"Note {i}\n\nOfficials said talks resume.\n")


def test_ten_thousand_members_are_read_from_one_open(tmp_path):
    """Listing and reading every member of a 10,000-member zip: one pass, linear in members."""
    sizes = [2500, 5000, 10000]
    paths = {}
    for n in sizes:
        paths[n] = tmp_path / f"z{n}.zip"
        _tiny_zip(paths[n], n)

    def read_all(path) -> None:
        total = 0
        for source in archive.iter_members(path):
            total += len(source.read())
        assert total > 0

    started = time.monotonic()
    problem = growth_problem(lambda n: paths[n], read_all, sizes)
    assert problem is None, problem
    assert time.monotonic() - started < 60
