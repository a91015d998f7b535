"""Claim extraction is linear in its input: one long line or paragraph cannot stall an import.

Each shape is run at a size and at four times that size; a linear stage takes about four times
as long and as much memory, a quadratic one sixteen. The guard allows up to eight.
"""

from __future__ import annotations

import time
import tracemalloc

import pytest

from briefing_app.core.claims import extract_claims
from briefing_app.core.claims.hedges import Hedges, hedges_in

SHAPES = {
    # One line, no sentence end: every cue's content used to run to the end of the line and be
    # rescanned for hedges, once per claim.
    "one line": "officials said the plan may work and critics argued it could fail while he told "
    "them that it is likely ",
    "sentences": "Officials said the plan may work, and critics argued it could fail. ",
    "quotations": '"It may work," he said, "and it could fail" ',
    "no spaces": "x" * 50 + "said.",
    "punctuation runs": ". . . ..... said he !!!! ",
    "unclosed quotation": "“He said it may work and she said it could ",
}


def _cost(text: str) -> tuple[float, int]:
    """Best-of-two CPU seconds and the peak traced memory of extracting `text`."""
    best = float("inf")
    for _ in range(2):
        t0 = time.process_time()
        extract_claims(text)
        best = min(best, time.process_time() - t0)
    tracemalloc.start()
    extract_claims(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, peak


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_growth_is_linear(shape, stress_size):
    small = stress_size(25_000, 1_000_000)
    base = SHAPES[shape]
    texts = [(base * (n // len(base) + 1))[:n] for n in (small, 4 * small)]
    (t1, m1), (t4, m4) = (_cost(t) for t in texts)
    assert t4 < 8 * max(t1, 0.01), f"{shape}: {t1:.3f}s -> {t4:.3f}s for 4x the text"
    assert m4 < 8 * m1, f"{shape}: {m1} -> {m4} bytes for 4x the text"


def test_hedges_are_found_once_and_by_span():
    text = "It may work. Officials reportedly agreed; it appears to be likely. May I? It is likely."
    hedges = Hedges(text)
    assert hedges.within([(0, 12)]) == ["may work"]
    found = hedges.within([(13, len(text))])
    assert found == ["appears to", "be likely", "is likely", "may i", "reportedly"]
    assert hedges_in("May be so") == ["may be"]  # a capital at the start still counts
    assert hedges_in("Theresa May said so") == []  # a name does not
