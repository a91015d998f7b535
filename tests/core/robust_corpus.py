"""Small generated article sets for the kill and fault tests (no shared data needed)."""

from __future__ import annotations

from pathlib import Path

SUBJECTS = ("harbour", "grain corridor", "pipeline", "border crossing", "power grid")


def write_articles(folder: Path, count: int) -> list[Path]:
    """Write `count` distinct plain-text news articles; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(count):
        subject = SUBJECTS[i % len(SUBJECTS)]
        paragraphs = [
            f"Officials said on day {i} that talks about the {subject} would resume, "
            f"according to statement number {j} published by the ministry."
            for j in range(6)
        ]
        body = f"Talks on the {subject}, report {i}\nBy Staff Writer\nMarch {i % 28 + 1}, 2024\n\n"
        path = folder / f"article_{i:04d}.txt"
        path.write_text(body + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        written.append(path)
    return written
