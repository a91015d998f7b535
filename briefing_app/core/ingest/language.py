"""A light, offline guess of a text's language: writing system first, then common words.

Good enough to label an article and pick a sentence splitter; it needs no model and no
download. Returns an ISO 639-1 code, or "" when the text is too short or unclear.
"""

from __future__ import annotations

import re
from collections import Counter

# The most frequent short function words of each language (few are shared between them).
_STOPWORDS = {
    "en": "the and of to in is that for it with as was on are by this be from have not".split(),
    "de": "der die und den von zu das mit sich des auf für ist im dem nicht ein eine als auch".split(),
    "fr": "le la les et des est une dans que pour qui pas sur au du avec ce il par sont".split(),
    "es": "el la de que y los en del se las por un para con una su al es lo como".split(),
    "it": "il di che la per non una sono della con gli del le nel alla anche ma si questo".split(),
    "pt": "o de que e do da em um para com não uma os no se na por mais as dos".split(),
    "nl": "de het een van en is dat op te zijn met voor niet aan er ook als bij door".split(),
    "sv": "och att det som en på är av för med till den har inte om ett var jag".split(),
    "pl": "i w nie na się z do to że jest o jak ale po co tak za od".split(),
}
_SCRIPTS = (
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
)
_WORD = re.compile(r"[^\W\d_]+")
MIN_WORDS = 5
MAJORITY = 0.5  # a quotation in another script does not make the article foreign


def _majority_script(sample: str, letters: int) -> str:
    counts = {code: len(script.findall(sample)) for code, script in _SCRIPTS}
    # Japanese mixes kana with Chinese characters: kana plus Han in the majority means Japanese.
    if counts["ja"] and counts["ja"] + counts["zh"] > MAJORITY * letters:
        return "ja"
    return next((code for code, found in counts.items() if found > MAJORITY * letters), "")


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or "" when unsure."""
    sample = text[:20_000]
    found_words = _WORD.findall(sample)
    letters = sum(map(len, found_words))
    if not letters:
        return ""
    if not sample.isascii():
        if script := _majority_script(sample, letters):
            return script
    words = Counter(w.lower() for w in found_words)
    if sum(words.values()) < MIN_WORDS:
        return ""
    scores = {code: sum(words[w] for w in stop) for code, stop in _STOPWORDS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] >= 2 else ""
