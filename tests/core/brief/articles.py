"""Realistic articles built in memory, for brief tests that must not depend on the importer."""

from __future__ import annotations

import hashlib
import re

from briefing_app.core.article import Article, Metadata, Repair

# The seed article's three body paragraphs as the importer leaves them: wraps joined, the
# UTF-16 damage repaired, the dropped apostrophes restored (and logged as repairs).
SEED_PARAGRAPHS = [
    "Recently, Kazakhstani Energy Minister Bolat Akchulakov declared that, while his country "
    "maintains close ties with Russia and Uzbekistan on gas transit, no formal discussions have "
    "been held regarding the possible formation of a gas union, the trilateral initiative "
    "suggested by Russian President Vladimir Putin (Radio Free Europe/Radio Liberty, "
    "November 29). Kazakhstan's refusal would not be as surprising had it not been for the "
    "incredible geopolitical upheavals that have begun to transform the wider Eurasian region "
    "since Russia's re-invasion of Ukraine in February 2022. As a result, this changing "
    "environment has enabled the Central Asian states to become more vocal about their own "
    "interests, pushing against Moscow's imperial ambitions.",
    "Moreover, Kazakhstan has been emboldened by a strategic relationship that Ukraine, "
    "Georgia or Moldova do not enjoy \u2014namely, its deepening cooperation with Beijing. "
    "China is not only an aspiring global power with heaps of cash, but it also shares a long "
    "common border with Kazakhstan, thus placing Beijing as a necessary counterbalance to "
    "Moscow. Kazakhstan is also a critical artery within China's sprawling, yet struggling "
    "Belt and Road Initiative (BRI) and serves as a gateway for Beijing in its push to reshape "
    "Eurasian geopolitics.",
    "China's special relationship with Kazakhstan was reflected in Chinese President Xi "
    "Jinping's choice to visit Astana for his first official visit abroad after the COVID-19 "
    "pandemic (Fmprc.gov.cn, September 15). During his trip, the Chinese leader underscored "
    "Beijing's support for its neighbors independence and pledged to defend Kazakhstan's "
    "territorial integrity. The message, at the time, was read as a warning to external "
    "powers, but the veiled nature and timing of the statement could indicate that it was "
    "meant directly for Russia.",
    "To read the rest of the article: "
    "https://jamestown.org/program/kazakhstans-expanding-multi-vector-foreign-policy/",
]

SEED_KEY = "avdaliani2023kazakhstans"


def apostrophe_repairs(text: str) -> list[Repair]:
    """One 'dropped-apostrophe' repair for every restored possessive in `text`."""
    repairs = []
    for n, match in enumerate(re.finditer(r"\b(\w+)'s\b", text)):
        word = match.group(0)
        repairs.append(
            Repair(
                kind="dropped-apostrophe",
                before=word.replace("'", ""),
                after=word,
                start=match.start(),
                end=match.end(),
                certain=False,
                id=f"apos-{n}",
            )
        )
    return repairs


def seed_metadata() -> Metadata:
    """The seed article's metadata as the importer finds it."""
    return Metadata(
        title="Kazakhstan's Expanding Multi-Vector Foreign Policy",
        title_source="url",
        authors=["Emil Avdaliani"],
        publisher="Jamestown Foundation",
        published="2023-12-03",
        series="Eurasia Daily Monitor",
        volume="20",
        issue="1",
        url="https://jamestown.org/program/kazakhstans-expanding-multi-vector-foreign-policy/",
        language="en",
        excerpt_only=True,
    )


def seed_article(paragraphs: list[str] | None = None, *, supersedes: str | None = None) -> Article:
    """The seed article as an in-memory Article (id derived from its text)."""
    paragraphs = list(paragraphs or SEED_PARAGRAPHS)
    text = "\n\n".join(paragraphs)
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(
        id=digest[:16],
        sha256=digest,
        key=SEED_KEY,
        metadata=seed_metadata(),
        paragraphs=paragraphs,
        repairs=apostrophe_repairs(text),
        original_name="original.txt",
        media_type="text/plain",
        imported_at="2024-01-10T09:00:00+00:00",
        supersedes=supersedes,
    )


def plain_article(key: str, title: str, paragraphs: list[str], **meta) -> Article:
    """A news article with the given paragraphs (no repairs)."""
    text = "\n\n".join(paragraphs)
    digest = hashlib.sha256((key + text).encode()).hexdigest()
    return Article(
        id=digest[:16],
        sha256=digest,
        key=key,
        metadata=Metadata(title=title, **meta),
        paragraphs=list(paragraphs),
        original_name="original.txt",
        media_type="text/plain",
        imported_at="2024-01-10T09:00:00+00:00",
    )


def reimported_library(root):
    """A Library holding the seed and a re-import of it whose ¶2 reads “plenty of money”."""
    from briefing_app.core.library import Library

    library = Library(root)
    old = seed_article()
    paragraphs = list(SEED_PARAGRAPHS)
    paragraphs[1] = paragraphs[1].replace("heaps of cash", "plenty of money")
    new = seed_article(paragraphs, supersedes=old.id)
    old.superseded_by = new.id
    with library.lock:
        library.add(old, b"old")
        library.add(new, b"new")
    return library
