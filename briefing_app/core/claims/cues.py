"""Finding reporting cues in a sentence: verbs in a verbal use, "according to", passives, colons."""

from __future__ import annotations

from dataclasses import dataclass

from briefing_app.core.claims import lexicon as lx
from briefing_app.core.claims.tokens import CLOSING_QUOTES, OPENING_QUOTES, Tok

# Words after "called" that make it a reporting verb ("called for", "called on").
_PARTICLES = {"call": {"for", "on"}, "point": {"out", "to"}, "speak": {"of", "about"}}
# Labels that open a line with a colon without naming a speaker.
_NOT_SPEAKERS = frozenset(
    "note update updated photo watch video read related editor source image credit correction "
    "warning breaking exclusive live analysis opinion editorial q a question answer map chart "
    "graphic graph table infographic gallery photos listen audio podcast advertisement".split()
)
_DASHES = frozenset("―—–-")
# Evidence verbs whose clause may come without "that" ("polls show Clinton ahead").
_CLAUSE_WITHOUT_THAT = frozenset({"indicate", "show"})
# Objects that make a reporting verb an act, not a report ("claimed responsibility").
_NOT_REPORTED_OBJECTS = {
    "claim": frozenset("responsibility credit victory ownership the title lives".split()),
    "deny": frozenset("entry access bail visas".split()),
}
# Words before a reporting word that make it a noun: "the report", "all claims".
_NOMINAL_BEFORE = lx.DETERMINERS | frozenset("all any no every each both such most more".split())
# The words `verb_cue` can make a cue of: any other word is passed over at once (a cue was
# looked for around every lower-case word of the text).
_CUE_WORDS = frozenset(lx.VERB_FORMS) | lx.PASSIVE_AS | lx.PASSIVE_TO


@dataclass
class Cue:
    """A reporting cue: tokens [i, j) and how it frames speaker and content."""

    i: int
    j: int
    lemma: str
    frame: str
    kind: str  # verb | according | passive_as | passive_to | passive_that | by | colon | dash
    form: str = ""


def _prev_index(toks: list[Tok], k: int) -> int:
    """Index of the token before `k`, skipping adverbs and negations (-1 at the start)."""
    k -= 1
    while (
        k >= 0
        and toks[k].text[0].islower()
        and (
            toks[k].low in lx.PRE_VERB_ADVERBS
            or toks[k].low in lx.NEGATIONS
            or toks[k].low.endswith("ly")
        )
    ):
        k -= 1
    return k


def _next_word(toks: list[Tok], k: int) -> Tok | None:
    return toks[k] if k < len(toks) else None


def _verbal_use(toks: list[Tok], k: int, form: str, frame: str) -> bool:
    """Whether the reporting word at `k` is used as a finite or participial verb here."""
    p = _prev_index(toks, k)
    prev = toks[p] if p >= 0 else None
    if prev is not None and prev.low in _NOMINAL_BEFORE and prev.low != "that":
        return False  # "the cited study", "a report", "all claims"
    if prev is not None and prev.low.endswith(("’s", "'s")) and form in ("s", "base"):
        return False  # "Editor’s note", "Clinton's remarks"
    if form == "base":
        return prev is not None and (
            prev.low in lx.AUXILIARIES
            or prev.low in {"they", "we", "i", "you"}
            or (
                prev.text[0].islower()
                and prev.low.endswith("s")
                and not prev.low.endswith("ss")
                and prev.low not in lx.NP_STOPS
            )
            or (prev.is_cap and prev.low.endswith("s") and prev.text[1:].islower())
        )
    if (
        form == "s"
        and prev is not None
        and prev.text[0].islower()
        and (prev.low.endswith("ed") or prev.low in lx.AUXILIARIES)
    ):
        return False  # "raised fears that…", "has reports": a noun after a verb
    if form == "ing":
        return frame != lx.WEAK and (
            prev is not None
            and (prev.text == "," or prev.low in lx.BE_FORMS)
            or quotation_follows(toks, k + 1)  # "…outside Washington saying, “…”"
        )
    return True


def quotation_follows(toks: list[Tok], j: int) -> bool:
    """', “…' or ': “…' right after a word (a cue, or a participle's verb)."""
    return (
        j + 1 < len(toks)
        and toks[j].text in ",:"
        and toks[j + 1].text in OPENING_QUOTES
        and not toks[j + 1].quoted
    )


def _weak_ok(toks: list[Tok], j: int, lemma: str) -> bool:
    """Belief and evidence verbs attribute only before a clause.

    "indicate" reports a statement when a clause follows even without "that" ("Klimov
    indicated 68 people were missing", "indicated on Monday the chances were…").
    """
    if lemma in _CLAUSE_WITHOUT_THAT:
        while j < len(toks) and (toks[j].low in lx.TIME_WORDS or toks[j].low == "on"):
            j += 1
    nxt = _next_word(toks, j)
    if nxt is None:
        return False
    if nxt.low == "that" or nxt.low in lx.SUBJECT_PRONOUNS or nxt.low == "there":
        return True
    return lemma in _CLAUSE_WITHOUT_THAT and (
        nxt.text[0].isdigit()
        or nxt.low in ("the", "a", "an", "some", "no", "many")
        or (lemma == "show" and nxt.is_cap)  # "the poll showed Trump leading"
    )


def _clause_follows(toks: list[Tok], j: int) -> bool:
    """A clause, quotation or colon right after a verb (or nothing: "..., she states.")."""
    nxt = _next_word(toks, j)
    return (
        nxt is None
        or nxt.low in {"that", ",", ":", "."}
        or nxt.text in OPENING_QUOTES
        or (nxt.low in lx.SUBJECT_PRONOUNS)
    )


def _passive_cue(toks: list[Tok], k: int) -> Cue | None:
    """'was read as', 'is said to', 'it was reported that' — an agentless passive."""
    p = _prev_index(toks, k)
    if p < 0 or toks[p].low not in lx.BE_FORMS:
        return None
    nxt = _next_word(toks, k + 1)
    word = toks[k].low
    if nxt is None:
        return None
    if nxt.low == "as" and word in lx.PASSIVE_AS:
        return Cue(p, k + 2, word, lx.PREDICATE, "passive_as")
    if nxt.low == "to" and word in lx.PASSIVE_TO:
        return Cue(p, k + 2, word, lx.CLAUSE, "passive_to")
    entry = lx.VERB_FORMS.get(word)
    if nxt.low == "that" and entry and entry[2] == "past" and p > 0 and toks[p - 1].low == "it":
        return Cue(p, k + 1, entry[0], lx.CLAUSE, "passive_that")
    return None


def _coordinated_passive(toks: list[Tok], p: int) -> bool:
    """'was tested and questioned': a participle joined to a passive just before it."""
    if p < 1 or toks[p].low not in ("and", "or"):
        return False
    q = _prev_index(toks, p)
    if q < 1 or not toks[q].low.endswith("ed"):
        return False
    window = toks[max(0, q - 3) : q]
    return any(t.low in lx.BE_FORMS for t in window)


def verb_cue(toks: list[Tok], k: int) -> Cue | None:
    """A cue for the reporting word at `k`, or None when it is not used to report."""
    tok = toks[k]
    if tok.quoted or not tok.text[0].islower() or tok.low not in _CUE_WORDS:
        return None
    passive = _passive_cue(toks, k)
    if passive or tok.low not in lx.VERB_FORMS:
        return passive
    lemma, frame, form = lx.VERB_FORMS[tok.low]
    if not _verbal_use(toks, k, form, frame):
        return None
    nxt = _next_word(toks, k + 1)
    p = _prev_index(toks, k)
    if form == "past" and p >= 0 and toks[p].low in lx.BE_FORMS and toks[p].text[0].islower():
        return None  # "Biden was declared the winner": the subject is what was reported on
    if form == "past" and _coordinated_passive(toks, p):
        return None  # "she was drug tested and questioned for hours"
    if form == "past" and nxt is not None and nxt.low == "by":
        p = _prev_index(toks, k)
        if p >= 0 and toks[p].low in lx.BE_FORMS | lx.AUXILIARIES:
            return None  # "was criticized by": the subject is the target, not the content
        after = _next_word(toks, k + 2)
        return (
            Cue(k, k + 1, lemma, frame, "by", form) if after is not None and after.is_cap else None
        )
    j = k + 1
    particles = _PARTICLES.get(lemma)
    if particles:
        if nxt is None or nxt.low not in particles:
            if lemma != "call":
                return None
        else:
            j = k + 2
    if frame == lx.WEAK and not _weak_ok(toks, j, lemma):
        return None
    if form in ("s", "base") and lemma in lx.NOUN_LIKE and not _clause_follows(toks, j):
        return None
    if lemma in lx.SPEECH_ONLY_BEFORE_CLAUSE and not _clause_follows(toks, j):
        return None  # "he continued, “…”" but not "prices continued to rise"
    if nxt is not None and nxt.low in _NOT_REPORTED_OBJECTS.get(lemma, ()):
        return None  # "no group claimed responsibility"
    p = _prev_index(toks, k)
    if lemma in lx.EVIDENTIAL and p >= 0 and toks[p].low in lx.MODALS:
        return None
    return Cue(k, j, lemma, frame, "verb", form)


def colon_cue(toks: list[Tok]) -> Cue | None:
    """'PENCE: Well, look...' or 'Poll: Voters abandon...': a short name before a colon."""
    for k, tok in enumerate(toks[:6]):
        if tok.text == ":":
            head = toks[:k]
            if not head or k > 5 or len(toks) - k < 3 or head[0].low in _NOT_SPEAKERS:
                return None
            if head[0].low in lx.DETERMINERS or toks[k + 1].text[0].isdigit():
                return None  # "The Latest: …", "Clinton: 2,316": a headline or a tally
            if all(t.is_cap or t.text in ".’'-" for t in head) and not any(t.quoted for t in head):
                return Cue(k, k + 1, ":", lx.CLAUSE, "colon")
            return None
    return _name_colon_quote(toks)


def _name_colon_quote(toks: list[Tok]) -> Cue | None:
    """'… - Jeffrey M. Jones: “…”': a name, a colon, then a quotation, anywhere in a sentence."""
    for k in range(1, len(toks) - 2):
        tok = toks[k]
        if tok.text != ":" or tok.quoted or toks[k + 1].text not in OPENING_QUOTES:
            continue
        before = toks[k - 1]
        if not (before.is_cap and before.is_word) or before.low in _NOT_SPEAKERS:
            continue
        a = k - 1
        while a > 0 and k - a < 6 and (toks[a - 1].is_cap or toks[a - 1].text in ".’'"):
            a -= 1
        # The name stands on its own after a dash or a full stop, not as an object ("said via
        # Twitter:", "telling the Nevada Independent:").
        if a == 0 or not toks[a - 1].is_word:
            return Cue(k, k + 1, ":", lx.CLAUSE, "colon")
    return None


def dash_cue(toks: list[Tok]) -> Cue | None:
    """'"...quotation." ― Jane Doe': a quotation signed with a dash and a name."""
    for k in range(len(toks) - 2, max(0, len(toks) - 8), -1):
        if toks[k].text in _DASHES and k > 0 and toks[k - 1].text in CLOSING_QUOTES:
            tail = toks[k + 1 :]
            if tail and all(t.is_cap or t.text in ".,’'-" for t in tail):
                return Cue(k, k + 1, "―", lx.CLAUSE, "dash")
    return None


def find_cues(toks: list[Tok]) -> list[Cue]:
    """Every reporting cue of a unit, in order."""
    cues: list[Cue] = []
    colon = colon_cue(toks)
    if colon:
        return [colon]
    k = 0
    while k < len(toks):
        tok = toks[k]
        if (
            tok.low == "according"
            and k + 1 < len(toks)
            and toks[k + 1].low == "to"
            and not tok.quoted
        ):
            cues.append(Cue(k, k + 2, "according", lx.CLAUSE, "according"))
            k += 2
            continue
        # (Most words are no reporting word: looked up here, before a call for each.)
        cue = verb_cue(toks, k) if tok.low in _CUE_WORDS else None
        if cue:
            cues.append(cue)
            k = max(cue.j, k + 1)
            continue
        k += 1
    dash = dash_cue(toks)
    if dash and not cues:
        cues.append(dash)
    return cues
