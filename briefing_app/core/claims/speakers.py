"""Speakers: splitting "Kazakhstani Energy Minister Bolat Akchulakov" into role and name, and
resolving pronouns, surnames and descriptions ("the Chinese leader") to a named person."""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing_app.core.claims import lexicon as lx

_WORD = re.compile(r"[\w][\w.’'\-&]*")
# Capitalised runs that may hold "Role Name" mentions anywhere in the text.
_CAP_RUN = re.compile(r"(?:[A-Z][\w.’'\-]*\s+){1,7}[A-Z][\w’'\-]*")
_POSSESSIVE = re.compile(r"(?:’s|'s|s’|s')$")
_PRONOUNS = frozenset("he she they him her them it we i".split())


@dataclass
class Person:
    """A named speaker or mention: its name, role and where it was seen."""

    name: str
    role: str
    position: int


def _is_role(word: str) -> bool:
    low = word.lower().rstrip(",")
    return low in lx.ROLE_WORDS or low.rstrip(".") in lx.ROLE_WORDS


def split_name_role(text: str) -> tuple[str | None, str | None]:
    """(name, role) of a speaker phrase; the name is the capitalised run after the last role word."""
    text = text.strip()
    if "," in text:  # "Melezia Figueroa, a Stein spokeswoman"
        head, _, rest = text.partition(",")
        name, role = split_name_role(head)
        rest = re.sub(r"^(?:a|an|the)\s+", "", rest.strip(), flags=re.I)
        return name, role or (rest or None)
    words = _WORD.findall(text)
    if not words:
        return None, None
    cut = 0
    for n, word in enumerate(words):
        if _is_role(word) or not word[0].isupper():
            cut = n + 1
    name_words = words[cut:]
    role_words = words[:cut]
    if role_words and role_words[0].lower() in lx.DETERMINERS:
        role_words = role_words[1:]
    name = " ".join(name_words) or None
    role = " ".join(role_words) or None
    if name and name.lower() in _PRONOUNS:
        return None, None
    return name, role


def _lost_possessive(text: str, end: int) -> bool:
    """In a text that lost every apostrophe, "Xi Jinpings choice" is a possessive."""
    nxt = _WORD.match(text, end + 1) if end < len(text) and text[end] == " " else None
    return (
        bool(nxt)
        and nxt.group(0)[0].islower()
        and nxt.group(0) not in lx.VERB_FORMS
        and (nxt.group(0) not in lx.AUXILIARIES)
    )


def mentions(text: str) -> list[Person]:
    """Every "Role Name" mention in the text (title words before a capitalised name)."""
    found = []
    no_apostrophes = "'" not in text and "’" not in text
    for match in _CAP_RUN.finditer(text):
        phrase = _POSSESSIVE.sub("", match.group(0))
        if no_apostrophes and phrase.endswith("s") and _lost_possessive(text, match.end()):
            phrase = phrase[:-1]
        name, role = split_name_role(phrase)
        if name and role and len(name.split()) >= 2:
            found.append(Person(_POSSESSIVE.sub("", name), role, match.start()))
    return found


class Resolver:
    """Resolves speakers in text order against the people named so far."""

    def __init__(self, text: str):
        self.known = mentions(text)
        self.speakers: list[Person] = []

    def _before(self, position: int) -> list[Person]:
        seen = [p for p in self.known if p.position < position] + [
            p for p in self.speakers if p.position < position
        ]
        return sorted(seen, key=lambda p: p.position)

    def resolve(self, phrase: str, position: int) -> tuple[str | None, str | None]:
        """(name, role) for the speaker phrase at `position`; None name when it cannot be known."""
        words = phrase.split()
        low = phrase.lower().strip()
        if low in _PRONOUNS:
            person = next(
                (p for p in reversed(self._before(position)) if len(p.name.split()) >= 2), None
            )
            return (person.name, person.role) if person else (None, None)
        if words and words[0].lower() in lx.DETERMINERS:
            return self._description(words, position)
        name, role = split_name_role(phrase)
        if name and len(name.split()) == 1:  # a surname: the full name seen before
            full = next(
                (p for p in reversed(self._before(position)) if p.name.split()[-1] == name), None
            )
            if full:
                return full.name, role or full.role
        if name:
            self.speakers.append(Person(name, role or "", position))
        return name, role

    def _description(self, words: list[str], position: int) -> tuple[str | None, str | None]:
        """'the Chinese leader' → the last person whose role fits head and modifiers."""
        head = words[-1].lower()
        modifiers = [w.lower() for w in words[1:-1]]
        heads = lx.GENERIC_ROLE_HEADS.get(head, {head})
        for person in reversed(self._before(position)):
            role = person.role.lower().split()
            if any(h in role for h in heads) and all(m in role for m in modifiers):
                return person.name, person.role
        return None, " ".join(words[1:]) or None
