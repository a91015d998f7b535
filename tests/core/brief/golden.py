"""Golden-file comparison for brief rendering and export tests.

A missing golden file is a failure, not a silent first write: set BRIEFING_UPDATE_GOLDEN=1 to
(re)write goldens deliberately, then review the diff before committing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "brief"
UPDATE_ENV = "BRIEFING_UPDATE_GOLDEN"


def normalise(text: str) -> str:
    """Mask volatile bits (SHA-256 digests) and trailing spaces."""
    text = re.sub(r"[0-9a-f]{64}", "<sha256>", text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def updating() -> bool:
    """True when the run was asked to rewrite golden files."""
    return os.environ.get(UPDATE_ENV) == "1"


def compare_golden(name: str, actual: str, folder: Path = GOLDEN) -> None:
    """Assert `actual` equals the golden file `name`; write it only when updating is asked for."""
    path = folder / name
    if updating():
        path.write_text(actual + "\n", encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(
            f"The golden file {path} is missing. Run the test with {UPDATE_ENV}=1 to write it, "
            "then review it before committing."
        )
    assert normalise(actual) == normalise(path.read_text(encoding="utf-8"))
