"""Attribution patterns: who (speaker) reported what (content) with which cue, per sentence.

Frames handled, each from the position of the speaker and content around the cue:
"X said (that) Y", "Y, X said", "Y, said X", "'Y,' X said, 'Z'", "According to X, Y",
"Y, according to X", "X: Y", "'Y' ― X", "X told Z (that) Y", "X pledged to Y",
coordinated cues ("X underscored Y and pledged Z"), participles (", saying Y"),
reduced relatives ("the plan suggested by X"), and agentless passives ("was read as Y",
"is said to", "it was reported that") whose speaker is None.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing_app.core.claims import lexicon as lx
from briefing_app.core.claims.cues import Cue, _prev_index, find_cues, quotation_follows
from briefing_app.core.claims.tokens import CLOSING_QUOTES, OPENING_QUOTES, Tok, tokenize

_PREPOSITIONS = frozenset(
    "in on at of to during after before about with from for via through in an".split()
)
_CONJUNCTIONS = frozenset("and but though although while whereas yet so because as".split())
_CLAUSE_PUNCT = frozenset(",;")
_TAIL_STOPS = frozenset(',;.!?:()—–“«"')
MAX_SUBJECT = 10


@dataclass
class Draft:
    """A reported claim being built: character spans into the text."""

    cue: Cue
    cue_span: tuple[int, int]
    speaker: tuple[int, int] | None
    parts: list[tuple[int, int]] = field(default_factory=list)
    clause_start: int = -1  # where this claim's clause begins when it follows a comma
    inherit: bool = False  # the speaker is the subject of the clause before
    nested: bool = False  # sits inside another claim's content without ending it
    colon_open: bool = False  # "X said:" ending a paragraph: the next paragraph is the content


def _abbrev_dot(toks: list[Tok], k: int) -> bool:
    """A full stop glued to an abbreviation or initial ("Sen.", "F.")."""
    return (
        k > 0
        and toks[k].text == "."
        and toks[k - 1].end == toks[k].start
        and (len(toks[k - 1].text) <= 4 and toks[k - 1].is_cap)
    )


def subject_np(toks: list[Tok], i: int) -> tuple[int, int]:
    """Token range of the noun phrase ending just before position `i` (aux and adverbs skipped)."""
    k = _prev_index(toks, i)
    while k >= 0 and toks[k].low in lx.AUXILIARIES and toks[k].text[0].islower():
        k = _prev_index(toks, k)
    k = _before_time_phrase(toks, k)
    end = k + 1
    while k >= 0 and end - k <= MAX_SUBJECT:
        tok = toks[k]
        if tok.quoted or (tok.low in lx.NP_STOPS and tok.text[0].islower() and tok.low != "and"):
            break
        if tok.low == "and" and not (
            k > 0 and toks[k - 1].is_cap and k + 1 < end and toks[k + 1].is_cap
        ):
            break
        if not tok.is_word and not _abbrev_dot(toks, k) and tok.text not in "’'-&":
            break
        if (
            tok.text[0].islower()
            and tok.low in lx.VERB_FORMS
            and lx.VERB_FORMS[tok.low][2] != "base"
        ):
            break
        k -= 1
    start = k + 1
    while (
        start < end
        and (toks[start].low in lx.DISCOURSE_OPENERS or toks[start].low in lx.TIME_WORDS)
        and toks[start].text[0].isupper()
    ):
        start += 1
    return start, end


def _before_time_phrase(toks: list[Tok], k: int) -> int:
    """Step left over "on Tuesday" / "yesterday" / "last week" ending at `k`."""
    j = k
    while j >= 0 and toks[j].low in lx.TIME_WORDS:
        j -= 1
    if j < k and j >= 0 and toks[j].low in ("on", "last", "this", "earlier", "late"):
        j -= 1
    return j


def _appositive(toks: list[Tok], i: int) -> tuple[int, int] | None:
    """'Melezia Figueroa, a Stein spokeswoman, said': the name and its appositive."""
    k = _prev_index(toks, i)
    if k < 1 or toks[k].text != ",":
        return None
    a, b = subject_np(toks, k)
    if (
        a == b
        or a < 2
        or toks[a - 1].text != ","
        or not (
            toks[a].low in lx.DETERMINERS
            or toks[a].text[0].isdigit()
            or toks[a].low in lx.ROLE_WORDS
        )
    ):
        return None
    n0, n1 = subject_np(toks, a - 1)
    if n0 == n1 or not all(t.is_cap for t in toks[n0:n1]):
        return None
    return n0, b


def _finite(tok: Tok) -> bool:
    """A reporting verb form that cannot sit inside a noun phrase (said, says, telling)."""
    entry = lx.VERB_FORMS.get(tok.low)
    return entry is not None and entry[2] in ("past", "ing") or tok.low in ("says", "tells")


def _main_clause_follows(toks: list[Tok], k: int) -> bool:
    """Whether toks[k:] can be a second part of a content, not a relative clause or participle."""
    if k >= len(toks) or len(toks) - k < 3:
        return False
    first = toks[k]
    if first.text in OPENING_QUOTES:
        return True
    if first.text[0].islower() and (first.low in lx.NP_STOPS or first.low.endswith("ing")):
        return False
    return not find_cues(toks[k : k + 3])


def np_after(toks: list[Tok], k: int) -> tuple[int, int]:
    """Token range of the noun phrase starting at `k` (up to a comma, bracket or clause word)."""
    end = k
    while end < len(toks) and end - k < MAX_SUBJECT:
        tok = toks[end]
        if tok.quoted or (
            not tok.is_word and not _abbrev_dot(toks, end) and tok.text not in "’'-&"
        ):
            break
        joins_names = (
            tok.low == "and"
            and end > k
            and toks[end - 1].is_cap
            and end + 1 < len(toks)
            and toks[end + 1].is_cap
        )  # "World Travel and Tourism Council"
        if (
            tok.text[0].islower()
            and tok.low != "of"
            and not joins_names
            and (tok.low in lx.NP_STOPS or _finite(tok))
        ):
            break
        end += 1
    return k, end


def _tail_length(toks: list[Tok], j: int) -> int:
    """Tokens after a cue up to the next punctuation, quotation or the end.

    Counted to MAX_SUBJECT + 1 at most: every caller only asks whether the tail is short.
    """
    k, stop = j, min(len(toks), j + MAX_SUBJECT + 1)
    while k < stop and toks[k].text not in _TAIL_STOPS and not toks[k].quoted:
        k += 1
    return k - j


def _is_inverted(toks: list[Tok], cue: Cue, subj: tuple[int, int]) -> bool:
    """'Y, X said.' / '"Y," said X': the content comes before the speaker and cue."""
    if cue.form == "ing":
        return False  # ", saying Y" / ", calling for Y": a participle never follows its content
    before = subj[0] - 1 if subj[0] < subj[1] else _prev_index(toks, cue.i)
    # Only a comma or a closing quotation mark ties a content to a speaker after it: a
    # semicolon ends one statement before another ("Smith called it odd; Miller said …").
    if before < 2 or toks[before].text not in {","} | CLOSING_QUOTES:
        return False
    split_quote = toks[before].text in CLOSING_QUOTES or toks[before - 1].text in CLOSING_QUOTES
    if quotation_follows(toks, cue.j) and not split_quote:
        return False  # 'Speaking to PBS, he said, “…”': the quotation after the cue is the content
    if toks[before].text in CLOSING_QUOTES and toks[before - 1].text not in ",.!?—–-":
        return False
    tail = _tail_length(toks, cue.j)
    if tail == 0:
        return True
    first = toks[cue.j].low
    if subj[0] == subj[1]:  # "said Caddell": the speaker is the tail, and all of it
        return (
            cue.frame != lx.WEAK  # "…, showed the ship underway": evidence never inverts
            and tail <= MAX_SUBJECT
            and np_after(toks, cue.j)[1] >= cue.j + tail
        )
    return (
        tail <= 8
        and (first in _PREPOSITIONS or first in lx.TIME_WORDS or cue.frame == lx.OBJECT)
        and not any(t.low == "that" for t in toks[cue.j : cue.j + tail])
    )


def _content_start(toks: list[Tok], cue: Cue) -> int:
    """First token of the content after a cue: past 'that', an addressee, a date or a PP.

    'said in a statement, “…”': a quotation after a short phrase and a comma is the content.
    """
    j = cue.j
    window = toks[j : j + 15]
    comma = False
    for n, tok in enumerate(window):
        if tok.text in OPENING_QUOTES and not tok.quoted:
            if n and window[n - 1].text in ",:":
                return j + n
            break
        if tok.quoted or tok.text in ".;!?" or (tok.text == "," and n >= 10):
            break
        comma = comma or tok.text in _CLAUSE_PUNCT
        if tok.low == "that" and tok.text[0].islower() and not comma:
            return j + n + 1
    if cue.frame == lx.OBJECT and j < len(toks):
        j = np_after(toks, j)[1] if (toks[j].is_cap or toks[j].low in lx.DETERMINERS) else j + 1
    while j < len(toks) and (toks[j].low in lx.TIME_WORDS or toks[j].text in ",:"):
        j += 1
    return j


def _speaker_after(toks: list[Tok], j: int) -> tuple[int, int]:
    """The speaker after an inverted cue ('said Caddell, speaking of...'), past 'on Friday'."""
    if j < len(toks) and toks[j].low == "on":
        j += 1
    while j < len(toks) and toks[j].low in lx.TIME_WORDS:
        j += 1
    return np_after(toks, j)


def _span(toks: list[Tok], a: int, b: int) -> tuple[int, int] | None:
    return (toks[a].start, toks[b - 1].end) if a < b else None


def _draft_according(toks: list[Tok], cue: Cue, unit: tuple[int, int]) -> Draft | None:
    """'According to X, Y' and 'Y, according to X'."""
    sp = np_after(toks, cue.j)
    speaker = _span(toks, *sp)
    if speaker is None:
        return None
    span = (toks[cue.i].start, toks[cue.j - 1].end)
    if cue.i == 0 or (cue.i <= 2 and toks[0].low in lx.DISCOURSE_OPENERS):
        k = sp[1] + 1 if sp[1] < len(toks) and toks[sp[1]].text == "," else sp[1]
        part = (toks[k].start, unit[1]) if k < len(toks) else None
        return Draft(cue, span, speaker, [part] if part else [])
    parts = [(unit[0], toks[cue.i - 1].start if toks[cue.i - 1].text == "," else toks[cue.i].start)]
    if sp[1] + 1 < len(toks) and toks[sp[1]].text == "," and _main_clause_follows(toks, sp[1] + 1):
        parts.append((toks[sp[1] + 1].start, unit[1]))
    return Draft(cue, span, speaker, parts, clause_start=toks[cue.i].start)


def _draft_by(toks: list[Tok], cue: Cue) -> Draft | None:
    """'the trilateral initiative suggested by Russian President Vladimir Putin'."""
    content = subject_np(toks, cue.i)
    speaker = np_after(toks, cue.j + 1)
    if content[0] == content[1] or speaker[0] == speaker[1]:
        return None
    cue_span = (toks[cue.i].start, toks[cue.i].end)
    return Draft(cue, cue_span, _span(toks, *speaker), [_span(toks, *content)], nested=True)


def _draft_passive(toks: list[Tok], cue: Cue, unit: tuple[int, int]) -> Draft | None:
    """Agentless passives: 'was read as Y' (up to the clause end), 'is said to Y', 'it was reported that Y'."""
    cue_span = (toks[cue.i].start, toks[cue.j - 1].end)
    if cue.kind == "passive_as":
        k = cue.j
        while k < len(toks) and (toks[k].text not in _CLAUSE_PUNCT or toks[k].quoted):
            k += 1
        part = _span(toks, cue.j, k)
        if part is None:
            return None
        if k > cue.j + 1 and toks[k - 1].text in ".!?":
            part = (part[0], toks[k - 2].end)
        return Draft(cue, cue_span, None, [part])
    if cue.kind == "passive_to":
        subj = subject_np(toks, cue.i)
        start = toks[subj[0]].start if subj[0] < subj[1] else toks[cue.i].start
        return Draft(cue, cue_span, None, [(start, unit[1])])
    if cue.j + 1 < len(toks):
        return Draft(cue, cue_span, None, [(toks[cue.j + 1].start, unit[1])])
    return None


def _draft_verb(toks: list[Tok], cue: Cue, unit: tuple[int, int]) -> Draft | None:
    """The verb frames: normal, inverted, coordinated and participial."""
    cue_span = (toks[cue.i].start, toks[cue.j - 1].end)
    if cue.form == "ing":  # a participle's speaker is its clause's subject
        subj = (cue.i, cue.i)
    else:
        subj = _appositive(toks, cue.i) or subject_np(toks, cue.i)
    if _is_inverted(toks, cue, subj):
        return _draft_inverted(toks, cue, subj, cue_span, unit)
    draft = Draft(cue, cue_span, _span(toks, *subj))
    before = subj[0] - 1
    if subj[0] == subj[1]:
        before = _before_time_phrase(toks, _prev_index(toks, cue.i))
        draft.inherit = True
        if (
            before >= 0
            and toks[before].low not in _CONJUNCTIONS
            and toks[before].text not in _CLAUSE_PUNCT
        ):
            return None
    if (
        before >= 0
        and toks[before].low in _CONJUNCTIONS
        and before > 0
        and toks[before - 1].text in _CLAUSE_PUNCT
    ):
        before -= 1
    if before >= 0 and (toks[before].text in _CLAUSE_PUNCT or draft.inherit):
        draft.clause_start = toks[before].start
    start = _content_start(toks, cue)
    if start >= len(toks):
        draft.colon_open = cue.j < len(toks) and toks[cue.j].text == ":" or cue.j == len(toks)
        return draft
    draft.parts.append((toks[start].start, unit[1]))
    return draft


def _draft_inverted(toks, cue, subj, cue_span, unit) -> Draft | None:
    """'Y, X said' and 'Y, said X', with a second part after the cue when there is one."""
    if subj[0] == subj[1]:
        speaker = _speaker_after(toks, cue.j)
        left = _prev_index(toks, cue.i)
    else:
        speaker, left = subj, subj[0] - 1
    if speaker[0] == speaker[1]:
        return None
    end = toks[left].end if toks[left].text in CLOSING_QUOTES else toks[left].start
    parts = [(unit[0], end)]
    k = max(speaker[1], cue.j + _tail_length(toks, cue.j))
    if k + 1 < len(toks) and toks[k].text == "," and _main_clause_follows(toks, k + 1):
        parts.append((toks[k + 1].start, unit[1]))
    return Draft(cue, cue_span, _span(toks, *speaker), parts)


def drafts_in_unit(text: str, unit: tuple[int, int]) -> list[Draft]:
    """The reported claims of one sentence unit, contents cut where a later clause begins."""
    toks = tokenize(text, *unit)
    drafts: list[Draft] = []
    for cue in find_cues(toks):
        draft = _draft_for(toks, cue, unit)
        if draft is None:
            continue
        if draft.inherit and drafts:
            draft.speaker = drafts[-1].speaker
        elif draft.inherit:
            draft.speaker = _span(toks, *_unit_subject(toks))
        drafts.append(draft)
    _cut_at_next_clause(drafts)
    return [d for d in drafts if d.parts or d.colon_open]


def _draft_for(toks: list[Tok], cue: Cue, unit: tuple[int, int]) -> Draft | None:
    if cue.kind == "according":
        return _draft_according(toks, cue, unit)
    if cue.kind == "by":
        return _draft_by(toks, cue)
    if cue.kind.startswith("passive"):
        return _draft_passive(toks, cue, unit)
    if cue.kind in ("colon", "dash"):
        return _draft_signed(toks, cue, unit)
    return _draft_verb(toks, cue, unit)


def _draft_signed(toks: list[Tok], cue: Cue, unit: tuple[int, int]) -> Draft | None:
    """'PENCE: Y' (speaker before the colon) and '"Y" ― Jane Doe' (speaker after the dash)."""
    cue_span = (toks[cue.i].start, toks[cue.i].end)
    if cue.kind == "colon":
        content = [(toks[cue.j].start, unit[1])]
        return Draft(cue, cue_span, _span(toks, _name_before(toks, cue.i), cue.i), content)
    return Draft(cue, cue_span, _span(toks, cue.j, len(toks)), [(unit[0], toks[cue.i - 1].end)])


def _name_before(toks: list[Tok], k: int) -> int:
    """Start of the capitalised name that ends just before `k` ("… - Jeffrey M. Jones:")."""
    a = k
    while a > 0 and k - a < 6 and (toks[a - 1].is_cap or toks[a - 1].text in ".’'"):
        a -= 1
    while a < k and not toks[a].is_word:
        a += 1
    return a


def _unit_subject(toks: list[Tok]) -> tuple[int, int]:
    """The sentence's subject for a cue without its own: a name set off by an appositive
    ("On Thursday, Hatice Cengiz, fiancée of…, addressed…"), else the words before the first verb.
    """
    k = 0
    if toks and (toks[0].low in _PREPOSITIONS or toks[0].low in lx.TIME_WORDS):
        k = next((n + 1 for n, t in enumerate(toks[:8]) if t.text == ","), 0)  # "On Thursday,"
    a, b = np_after(toks, k)
    if a < b and all(t.is_cap for t in toks[a:b]) and b < len(toks) and toks[b].text == ",":
        return a, b
    return subject_np(toks, _first_verb(toks))


def _first_verb(toks: list[Tok]) -> int:
    """Index of the first word that looks like a finite verb (for the subject of a participle)."""
    for k, tok in enumerate(toks):
        if (
            k
            and tok.text[0].islower()
            and (tok.low in lx.AUXILIARIES or tok.low in lx.VERB_FORMS or tok.low.endswith("ed"))
        ):
            return k
    return 0


def _cut_at_next_clause(drafts: list[Draft]) -> None:
    """End each content where a following coordinated or comma-led claim begins."""
    for n, draft in enumerate(drafts):
        if not draft.parts:
            continue
        a, b = draft.parts[-1]
        for later in drafts[n + 1 :]:
            if not later.nested and a < later.clause_start < b:
                draft.parts[-1] = (a, later.clause_start)
                break
            if later.cue_span[0] >= b:  # cues come in order: no later clause starts inside
                break
