"""Speakers: splitting "Kazakhstani Energy Minister Bolat Akchulakov" into role and name, and
resolving pronouns, surnames and descriptions ("the Chinese leader") to a named person.

A speaker is resolved only on evidence: a pronoun takes the nearest person of compatible
gender in its own or the previous paragraph (people inside quotations and after a preposition
do not count: "Speaking to Martin Smith, he said" is not Smith speaking), and only when that
person's gender is known to match or no other person is in reach; a description ("the
minister") takes the one person whose role fits. Otherwise the speaker stays unresolved.
Every resolution carries the sentence that named the person and a confidence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from briefing_app.core.claims import lexicon as lx
from briefing_app.core.claims.sentences import paragraph_spans, quote_ranges

_WORD = re.compile(r"[\w][\w.’'\-&]*")
# Capitalised runs that may hold "Role Name" mentions anywhere in the text.
_CAP_RUN = re.compile(r"(?:[A-Z][\w.’'\-]*\s+){1,7}[A-Z][\w’'\-]*")
_SENTENCE_END = re.compile(r"(?<=[a-z]{2})\.\s+")
_POSSESSIVE = re.compile(r"(?:’s|'s|s’|s')$")
_NAME_PREPOSITIONS = frozenset("of in at for from with".split())
# Words after which a name is an object, never the speaker ("ministers in Cairo", "off Jakarta").
_OBJECT_PREPOSITIONS = _NAME_PREPOSITIONS | frozenset(
    "by across off near to into onto on over under about against like toward towards".split()
)
_PRONOUNS = frozenset("he she they him her them it we i".split())


@dataclass
class Person:
    """A named speaker or mention: its name, role and where it was seen."""

    name: str
    role: str
    position: int
    gender: str | None = None


@dataclass
class Resolution:
    """Who a speaker phrase refers to, how sure, and the sentence that says so.

    `basis` is "named" (the phrase holds the name), "surname" (a surname expanded to the full
    name seen earlier), "pronoun" or "description" (resolved, or unresolved when `name` is
    None), or "phrase" (a source that is not a person named anywhere: "officials").
    """

    name: str | None
    role: str | None
    basis: str
    confidence: float
    evidence: tuple[int, int] | None = None


def _is_role(word: str) -> bool:
    low = word.lower().rstrip(",")
    if "-" in low and low not in lx.ROLE_WORDS:  # "Secretary-General", "Attorney-General"
        return any(_is_role(part) for part in low.split("-") if part)
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
    for n, word in enumerate(words[1:-1], 1):
        # "Doug Miller of Milltech Marine", "the Democratic Rally in Cyprus": the name is
        # before the preposition, unless it is a title ("Secretary of State …") or an
        # organisation's name goes on ("House of Representatives").
        if (
            word in _NAME_PREPOSITIONS
            and words[n - 1][0].isupper()
            and not _is_role(words[n - 1])
            and not any(w.lower() in lx.ORG_WORDS for w in words[:n])
        ):
            return split_name_role(" ".join(words[:n]))
    cut = 0
    for n, word in enumerate(words):
        between_names = (
            word in ("and", "&", "of") and 0 < n < len(words) - 1 and words[n + 1][0].isupper()
        )  # "World Travel and Tourism Council", "the AP and NBC News"
        if (_is_role(word) or not word[0].isupper()) and not between_names:
            cut = n + 1
    name_words = words[cut:]
    role_words = words[:cut]
    k = cut - 1
    while k >= 0 and words[k].lower() in lx.DETERMINERS:
        k -= 1
    if name_words and k >= 0 and words[k].lower() in _OBJECT_PREPOSITIONS:
        return None, " ".join(words) or None  # "ministers in Cairo": Cairo is not speaking
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


# A capitalised name of one to three words, and the word just before it.
_NAME_AFTER_WORD = re.compile(
    r"\b([A-Za-z][a-z\-]+)(?=[ \t]+([A-Z][\w’'\-]+(?:[ \t]+[A-Z][\w’'\-]+){0,2}))"
)
_ROLE_LOWER = frozenset(w for w in lx.ROLE_WORDS if w.isalpha() and len(w) > 2)


def _lower_role_mentions(text: str) -> list[Person]:
    """'prime minister Kyriakos Mitsotakis', 'president Erdoğan': a role word in lower case."""
    found = []
    for match in _NAME_AFTER_WORD.finditer(text):
        if match.group(1).lower() not in _ROLE_LOWER:
            continue
        name = _POSSESSIVE.sub("", _SENTENCE_END.split(match.group(2), maxsplit=1)[0])
        if not _is_org(name) and not _is_role(name.split()[0]):
            found.append(Person(name, match.group(1), match.end(1) + 1))
    return found


def mentions(text: str) -> list[Person]:
    """Every "Role Name" mention in the text (title words before a capitalised name)."""
    found = _lower_role_mentions(text)
    no_apostrophes = "'" not in text and "’" not in text
    for match in _CAP_RUN.finditer(text):
        # A run never crosses a sentence end: "…President Donald Trump. Murphy claimed…"
        phrase = _SENTENCE_END.split(match.group(0), maxsplit=1)[0]
        phrase = _POSSESSIVE.sub("", phrase)
        if no_apostrophes and phrase.endswith("s") and _lost_possessive(text, match.end()):
            phrase = phrase[:-1]
        name, role = split_name_role(phrase)
        if name and role and len(name.split()) >= 2 and not _is_org(name):
            found.append(Person(_POSSESSIVE.sub("", name), role, match.start()))
    return found


_PRONOUN_GENDER = {"he": "m", "she": "f"}
# Only a definite description points back ("the minister"); "a Turkish official" is someone new.
_DEFINITE = frozenset("the this that".split())
_PREPOSITIONS = frozenset("to by of from with for at about on in against than".split())
_CAP_WORD = re.compile(r"[A-Z][\w’'\-]*")
MAX_REFERENCES = 40  # how many earlier mentions a pronoun looks through


def gender_of(name: str, role: str | None) -> str | None:
    """'m', 'f' or None from a role's title words, else from the first name."""
    for word in (role or "").lower().replace(",", " ").split():
        if word in lx.MALE_TITLES:
            return "m"
        if word in lx.FEMALE_TITLES:
            return "f"
    first = name.split()[0].lower() if name else ""
    if first in lx.MALE_NAMES:
        return "m"
    if first in lx.FEMALE_NAMES:
        return "f"
    return None


def _is_org(name: str) -> bool:
    return any(w.lower() in lx.ORG_WORDS for w in name.split())


@dataclass
class _Ref:
    """A place where a person is mentioned, and whether it can be what a pronoun points at."""

    position: int
    key: str
    salient: bool
    quoted: bool = False


class Resolver:
    """Resolves speakers in text order against the people named so far.

    `sentence_at(position)` gives the (start, end) of the sentence holding a position: the
    evidence a resolution points at.
    """

    def __init__(self, text: str, sentence_at=None):
        self.text = text
        self.sentence_at = sentence_at or (lambda position: None)
        self.people: dict[str, Person] = {}
        self.by_surname: dict[str, set[str]] = {}
        self.paragraph_starts = [a for a, _b in paragraph_spans(text)] or [0]
        self.quoted = _QuotedAreas(text)
        for person in mentions(text) + _first_name_people(text):
            self._know(person)
        self.refs = self._references()
        self.ref_positions = [r.position for r in self.refs]
        self.spoken: list[_Ref] = []  # speakers, in text order

    # -- people ------------------------------------------------------------------------------
    def _know(self, person: Person) -> Person:
        known = self.people.get(person.name)
        if known is None:
            person.gender = person.gender or gender_of(person.name, person.role)
            self.people[person.name] = known = person
            self.by_surname.setdefault(person.name.split()[-1], set()).add(person.name)
        elif person.role and (not known.role or known.role in person.role):
            known.role = person.role  # the fuller title: "Stein spokeswoman" over "spokeswoman"
            known.gender = known.gender or gender_of(known.name, person.role)
        return known

    def _person_for(self, surname: str) -> str | None:
        """The one person a surname names: the single full name ending with it, else the
        surname itself when it is known on its own ("President Trump" beside "Donald Trump")."""
        keys = self.by_surname.get(surname) or set()
        full = keys - {surname}
        if len(full) == 1:
            return next(iter(full))
        return surname if not full and surname in keys else None

    def _references(self) -> list[_Ref]:
        """Every mention of a known person (full name or surname), in text order, one pass."""
        refs = []
        for match in _CAP_WORD.finditer(self.text):
            word = _POSSESSIVE.sub("", match.group(0))
            key = self._person_for(word)
            if key is not None:
                start = self._name_start(match.start(), key)
                # "President Obama's vice president, he…": a possessor is not the subject
                possessor = word != match.group(0)
                salient = not possessor and self._salient(start, match.end())
                refs.append(_Ref(start, key, salient, self.quoted.holds(start)))
        return refs

    def _name_start(self, surname_at: int, key: str) -> int:
        """Where the mention begins: the full name when it precedes the surname."""
        full = key.rsplit(" ", 1)[0]
        begin = surname_at - len(full) - 1
        return begin if begin >= 0 and self.text.startswith(full, begin) else surname_at

    def _salient(self, start: int, end: int) -> bool:
        """Outside quotations and not the object of a preposition ('with X saying' excepted)."""
        if self.quoted.holds(start):
            return False
        before = _word_before(self.text, start)
        if before is None:
            return True
        if before.lower() not in _PREPOSITIONS:
            # "the murder of journalist Jamal Khashoggi": a preposition one word further back
            earlier = _word_before(self.text, start - len(before) - 1)
            return not (before[0].islower() and earlier and earlier.lower() in _PREPOSITIONS)
        after = _WORD.match(self.text, end + 1) if end < len(self.text) else None
        return before.lower() == "with" and bool(after) and after.group(0).endswith("ing")

    # -- resolving ---------------------------------------------------------------------------
    def resolve(self, phrase: str, position: int) -> Resolution:
        """Who the speaker phrase at `position` is."""
        low = phrase.lower().strip()
        words = phrase.split()
        if low in _PRONOUNS:
            found = self._pronoun(low, position) if low in _PRONOUN_GENDER else None
            return found or Resolution(None, None, "pronoun", 0.0)
        if words and words[0].lower() in _DEFINITE:
            found = self._description(words, position)
            if found is not None:
                return found
        name, role = split_name_role(phrase)
        if name and (
            name.lower() in lx.COMMON_SOURCES
            or name.lower() in _PREPOSITIONS
            or name.lower() in lx.TIME_WORDS
        ):
            name = None  # "Critics from across…", "By reports…": no one is named
        if not name or _is_org(name) or not name[0].isupper():
            # A source as written: its name only when the phrase is that name ("The FSB"),
            # not a part of it ("others in the Democratic Party").
            bare = re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.I)
            shown = name if name and bare == name else None
            return Resolution(shown, role, "phrase", 1.0, self.sentence_at(position))
        if len(name.split()) == 1:
            full = self._person_for(name)
            if full and full != name:
                person = self.people[full]
                self._spoke(full, position)
                return Resolution(
                    full,
                    role or person.role or None,
                    "surname",
                    0.9,
                    self.sentence_at(person.position),
                )
        person = self._know(Person(name, role or "", position))
        self._spoke(person.name, position)
        return Resolution(name, role, "named", 1.0, self.sentence_at(position))

    def _spoke(self, key: str, position: int) -> None:
        self.spoken.append(_Ref(position, key, True))

    def _window(self, position: int) -> list[_Ref]:
        """Salient mentions and speakers from the previous paragraph's start to `position`."""
        n = bisect.bisect_right(self.paragraph_starts, position) - 1
        low = self.paragraph_starts[max(0, n - 1)]
        a = bisect.bisect_left(self.ref_positions, low)
        b = bisect.bisect_left(self.ref_positions, position)
        found = self.refs[max(a, b - MAX_REFERENCES) : b]
        for ref in reversed(self.spoken[-MAX_REFERENCES:]):
            if ref.position < low:
                break
            if ref.position < position:
                found.append(ref)
        return sorted(found, key=lambda r: -r.position)

    def _pronoun(self, pronoun: str, position: int) -> Resolution | None:
        wanted = _PRONOUN_GENDER[pronoun]
        fitting = [r for r in self._window(position) if self.people[r.key].gender in (None, wanted)]
        candidates = [r for r in fitting if r.salient]
        if not candidates:
            return None
        nearest = candidates[0]
        # Someone else who could be meant stands closer, if not as a subject ("against
        # Biden …, during his time as Obama's vice president, he …"): do not guess.
        if any(
            r.position > nearest.position and not r.quoted and r.key != nearest.key for r in fitting
        ):
            return None
        # Two people who could be meant in the sentence that names the nearest one
        # ("Bloomberg endorsed his former rival, Joe Biden. 'Three months ago,' he said"):
        # which one is meant needs a reader, not a rule.
        sentence = self.sentence_at(nearest.position)
        if sentence and any(
            sentence[0] <= r.position < sentence[1] and r.key != nearest.key and not r.quoted
            for r in fitting
        ):
            return None
        person = self.people[nearest.key]
        same_paragraph = bisect.bisect_right(
            self.paragraph_starts, nearest.position
        ) == bisect.bisect_right(self.paragraph_starts, position)
        if person.gender == wanted:
            confidence = 0.8 if same_paragraph else 0.7
        elif len({r.key for r in candidates}) == 1:
            confidence = 0.6
            person.gender = wanted  # the pronoun is evidence for later ones
        else:
            return None
        self._spoke(person.name, position)
        return Resolution(
            person.name,
            person.role or None,
            "pronoun",
            confidence,
            self.sentence_at(nearest.position),
        )

    def _description(self, words: list[str], position: int) -> Resolution | None:
        """'the Chinese leader' → the one person before whose role fits head and modifiers."""
        head = words[-1].lower()
        if head not in lx.ROLE_WORDS and head not in lx.GENERIC_ROLE_HEADS:
            return None  # "the ministry", "the website": a source as written
        modifiers = [w.lower() for w in words[1:-1]]
        heads = lx.GENERIC_ROLE_HEADS.get(head, {head})
        fits = [
            p
            for p in self.people.values()
            if p.position < position
            and any(h in p.role.lower().split() for h in heads)
            and all(m in p.role.lower().split() for m in modifiers)
        ]
        # "President Trump" and "Donald Trump" are one person.
        distinct = {
            (self._person_for(p.name) or p.name) if " " not in p.name else p.name for p in fits
        }
        if len(distinct) != 1:
            return Resolution(None, " ".join(words[1:]) or None, "description", 0.0)
        person = self.people.get(next(iter(distinct))) or fits[0]
        self._spoke(person.name, position)
        return Resolution(
            person.name, person.role, "description", 0.7, self.sentence_at(person.position)
        )


def _word_before(text: str, at: int) -> str | None:
    """The word before `at`, skipping lower-case role words and determiners ('of journalist')."""
    end = at
    while True:
        k = end - 1
        while k >= 0 and text[k] in " \t":
            k -= 1
        stop = k + 1
        while k >= 0 and (text[k].isalpha() or text[k] in "’'-"):
            k -= 1
        word = text[k + 1 : stop]
        if not word:
            return None
        if word.lower() in lx.ROLE_WORDS and word[0].islower() or word.lower() in lx.DETERMINERS:
            end = k + 1
            continue
        return word


def _first_name_people(text: str) -> list[Person]:
    """'Joe Biden', 'Kamala Harris': a listed first name and one or two capitalised words after."""
    found = []
    for match in _NAME_RUN.finditer(text):
        first = match.group(1)
        low = first.lower()
        if low in lx.MALE_NAMES or low in lx.FEMALE_NAMES:
            name = _POSSESSIVE.sub("", first + match.group(2))
            while name.endswith("."):  # "Emily W." without the surname after it
                name = name.rsplit(" ", 1)[0]
            if not _is_org(name):
                found.append(Person(name, "", match.start()))
    return found


# A capitalised word and, looked ahead at without consuming them, the one or two after it:
# every word of "United States Joe Biden" is tried as a first name.
_NAME_RUN = re.compile(r"\b([A-Z][a-zéè]+)(?=((?:[ \t]+(?:[A-Z]\.|[A-Z][\w’'\-]+)){1,3}))")


class _QuotedAreas:
    """Inside-quotation ranges of the whole text, paragraph by paragraph, searchable."""

    def __init__(self, text: str):
        ranges = []
        for a, b in paragraph_spans(text):
            ranges.extend(quote_ranges(text, a, b))
        self.areas = sorted(ranges)
        self.starts = [a for a, _b in self.areas]

    def holds(self, position: int) -> bool:
        n = bisect.bisect_right(self.starts, position)
        return any(a < position < b for a, b in self.areas[max(0, n - 2) : n])
