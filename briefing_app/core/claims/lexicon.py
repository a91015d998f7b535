"""Words the rules rely on: reporting verbs and their frames, hedges, titles, function words.

Frames say what follows a reporting verb:
- ``clause``: a that-clause, a quotation, or nothing when the report comes first ("X said that Y",
  "Y, X said");
- ``object``: an addressee, then the clause ("X told reporters (that) Y");
- ``predicate``: a noun phrase or an infinitive ("pledged to defend Y", "underscored Y");
- ``weak``: verbs of belief and evidence that attribute only with a clause after them
  ("polls show that Y", "she believes it will pass"), never with a plain object.
"""

from __future__ import annotations

CLAUSE, OBJECT, PREDICATE, WEAK = "clause", "object", "predicate", "weak"

_VERBS: dict[str, tuple[str, ...]] = {
    CLAUSE: (
        "say",
        "state",
        "declare",
        "announce",
        "add",
        "note",
        "write",
        "claim",
        "argue",
        "explain",
        "insist",
        "warn",
        "stress",
        "emphasize",
        "emphasise",
        "underscore",
        "underline",
        "suggest",
        "report",
        "tweet",
        "post",
        "reply",
        "respond",
        "acknowledge",
        "admit",
        "concede",
        "confirm",
        "deny",
        "predict",
        "recall",
        "remark",
        "comment",
        "contend",
        "assert",
        "maintain",
        "observe",
        "complain",
        "reiterate",
        "repeat",
        "allege",
        "testify",
        "answer",
        "counter",
        "boast",
        "quip",
        "joke",
        "lament",
        "conclude",
        "disclose",
        "reveal",
        "hint",
        "caution",
        "speculate",
        "muse",
        "retort",
        "shout",
        "yell",
        "chant",
        "tout",
        "proclaim",
        "affirm",
        "agree",
        "estimate",
        "forecast",
        "signal",
        "mention",
        "continue",
    ),
    OBJECT: ("tell", "inform", "assure", "remind", "ask", "advise", "notify", "convince"),
    PREDICATE: (
        "pledge",
        "vow",
        "promise",
        "threaten",
        "urge",
        "demand",
        "propose",
        "call",
        "criticize",
        "criticise",
        "praise",
        "condemn",
        "accuse",
        "blame",
        "describe",
        "defend",
        "reject",
        "endorse",
        "welcome",
        "dismiss",
        "decline",
        "refuse",
        "slam",
        "blast",
        "attack",
        "question",
        "challenge",
        "cite",
        "highlight",
        "dispute",
        "denounce",
        "applaud",
        "hail",
        "vow",
        "recommend",
        "request",
        "offer",
        "liken",
        "compare",
        "label",
        "brand",
        "mock",
        "pan",
    ),
    WEAK: (
        "believe",
        "think",
        "feel",
        "know",
        "hope",
        "fear",
        "worry",
        "expect",
        "show",
        "find",
        "suggest",
        "doubt",
        "assume",
        "guess",
        "reckon",
        "understand",
        "acknowledge",
        "recognize",
        "conclude",
        "calculate",
        "project",
        "imply",
        "insinuate",
        "indicate",
        "mean",
    ),
}

# Verbs whose -s form is also a common plural noun ("the states", "news reports"): as verbs they
# must be followed by a clause, a quotation or a colon.
NOUN_LIKE = frozenset(
    "state report post note claim comment answer signal estimate remark tweet joke counter "
    "maintain add repeat observe project tout chant call question challenge offer request "
    "attack mock pan label brand compare doubt fear hope guess promise pledge vow demand "
    "threaten caution forecast".split()
)
# Verbs that report only right before a clause, a quotation or the sentence's end.
SPEECH_ONLY_BEFORE_CLAUSE = frozenset({"continue"})
# Inferences, not reports, when a modal comes first: "the timing could indicate that...".
EVIDENTIAL = frozenset("indicate suggest show mean imply".split())
MODALS = frozenset("may might could would can must should".split())

# Forms the regular rules get wrong.
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "think": ("think", "thinks", "thought", "thinking"),
    "feel": ("feel", "feels", "felt", "feeling"),
    "know": ("know", "knows", "knew", "known", "knowing"),
    "find": ("find", "finds", "found", "finding"),
    "show": ("show", "shows", "showed", "shown", "showing"),
    "understand": ("understand", "understands", "understood", "understanding"),
    "forecast": ("forecast", "forecasts", "forecasted", "forecasting"),
}


def _regular_forms(lemma: str) -> tuple[str, ...]:
    """Base, -s, -ed and -ing forms of a regular English verb."""
    if lemma.endswith("e"):
        return lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return lemma, lemma + "es", lemma + "ed", lemma + "ing"
    stem = lemma + lemma[-1] if lemma in {"admit", "quip", "slam", "pan", "commit"} else lemma
    return lemma, lemma + "s", stem + "ed", stem + "ing"


def _build_forms() -> dict[str, tuple[str, str, str]]:
    """Map each inflected form to (lemma, frame, form kind: base|s|past|ing)."""
    forms: dict[str, tuple[str, str, str]] = {}
    for frame, lemmas in _VERBS.items():
        for lemma in lemmas:
            words = _IRREGULAR.get(lemma) or _regular_forms(lemma)
            for word in words:
                kind = "ing" if word.endswith("ing") else "base" if word == lemma else "s"
                if (
                    word.endswith(("ed", "d"))
                    and word != lemma
                    or word
                    in {
                        "said",
                        "told",
                        "wrote",
                        "written",
                        "thought",
                        "felt",
                        "knew",
                        "known",
                        "found",
                        "shown",
                        "understood",
                    }
                ):
                    kind = "past"
                forms.setdefault(word, (lemma, frame, kind))
    return forms


VERB_FORMS = _build_forms()

# Past participles that make an agentless passive attribution with "as" ("was read as").
PASSIVE_AS = frozenset(
    "read seen viewed regarded interpreted described perceived considered portrayed "
    "characterized characterised hailed branded labeled labelled dismissed taken understood "
    "framed billed touted criticized criticised painted cast".split()
)
# ... and with "to" ("is said to", "is expected to").
PASSIVE_TO = frozenset(
    "said believed thought expected reported alleged rumored rumoured known understood".split()
)

BE_FORMS = frozenset("is are was were be been being 's ’s".split())
AUXILIARIES = frozenset(
    "has have had is are was were will would could should may might must can did does do "
    "shall 've ’ve 'd ’d".split()
)
NEGATIONS = frozenset("not n't n’t never".split())
PRE_VERB_ADVERBS = frozenset(
    "also previously later recently repeatedly publicly privately once often never already again "
    "long first then still even simply just reportedly flatly explicitly further earlier quickly "
    "initially subsequently separately frequently openly allegedly apparently similarly likewise "
    "reportedly herself himself themselves itself".split()
)

# Words that end a subject noun phrase when walking left from a verb.
NP_STOPS = frozenset(
    "that which who whom whose and but or nor when while because if although though as after "
    "before since so then than where whether until unless once how why what to not".split()
)
DISCOURSE_OPENERS = frozenset(
    "but and so yet however still meanwhile moreover furthermore indeed thus therefore also "
    "besides instead nonetheless nevertheless now then finally additionally consequently".split()
)
# Multi-word openers stripped from the front of an author's sentence ("As a result, ...").
OPENER_PHRASES = (
    "as a result",
    "in addition",
    "in other words",
    "at the same time",
    "on the other hand",
    "in fact",
    "for example",
    "for instance",
    "in turn",
    "above all",
    "after all",
    "of course",
    "in short",
    "in particular",
    "to be sure",
    "by contrast",
    "in contrast",
    "even so",
)
DETERMINERS = frozenset(
    "the a an this that these those his her its their our my your some many several".split()
)
SUBJECT_PRONOUNS = frozenset("he she they we i it you".split())
PERSON_PRONOUNS = {"he": "m", "she": "f", "they": "p", "we": "p", "i": "s"}
CLAUSE_STARTERS = SUBJECT_PRONOUNS | frozenset(
    "there the a an this these those his her their its our".split()
)

# Time words that may sit between a cue and its clause ("said Monday that").
TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight earlier "
    "later recently then again last this week month year morning afternoon evening night".split()
)

HEDGE_WORDS = frozenset(
    "may might could possibly perhaps probably likely unlikely apparently seemingly reportedly "
    "allegedly presumably supposedly arguably conceivably".split()
)
HEDGE_VERBS = frozenset("appear appears appeared seem seems seemed suggest suggests".split())
MODAL_HEDGES = frozenset("may might could".split())

# Role and title words: what precedes a name in "Russian President Vladimir Putin".
ROLE_WORDS = frozenset(
    """president minister secretary spokesman spokeswoman spokesperson senator sen. sen rep.
    rep representative governor gov. gov candidate nominee leader chairman chairwoman chair
    director chief executive ceo head premier chancellor king queen prince ambassador envoy
    general gen. gen commander mayor judge justice attorney lawyer adviser advisor aide official
    officer analyst expert professor prof. dr. dr mr. mr mrs. mrs ms. ms speaker deputy vice
    founder manager strategist pollster economist editor reporter correspondent columnist
    author researcher scientist activist member lawmaker congressman congresswoman
    councilman councilwoman sheriff chief prosecutor diplomat monarch emir sheikh pope bishop
    president-elect campaign operative staffer consultant host anchor commentator organizer
    lt. col. sgt. capt. adm. mp partner fellow economist""".split()
)
# Generic heads that match any political office when resolving "the Chinese leader".
GENERIC_ROLE_HEADS = {
    "leader": {
        "president",
        "premier",
        "chancellor",
        "minister",
        "king",
        "queen",
        "leader",
        "emir",
        "chairman",
    },
    "official": ROLE_WORDS,
    "politician": {
        "senator",
        "governor",
        "president",
        "minister",
        "representative",
        "congressman",
        "congresswoman",
        "mayor",
    },
}

# Gender evidence for resolving "he" and "she": titles and role words, then first names.
MALE_TITLES = frozenset(
    "mr mr. sir lord king prince emir sheikh pope spokesman chairman congressman councilman "
    "businessman father brother son husband uncle grandfather boy man duke baron".split()
)
FEMALE_TITLES = frozenset(
    "mrs mrs. ms ms. miss madam lady dame queen princess spokeswoman chairwoman congresswoman "
    "councilwoman businesswoman mother sister daughter wife aunt grandmother girl woman "
    "duchess baroness fiancée actress".split()
)
# Common first names whose bearer is, in news usage, overwhelmingly of one gender. A name not
# listed leaves the person's gender unknown, which only makes resolution more cautious.
MALE_NAMES = frozenset(
    """aaron adam ahmed alan albert alejandro alex alexander alexei ali andrew andrés angus anthony
    antonio barack ben benjamin bernie bill bob boris brad brian bruce carl carlos charles chris
    christopher chuck dan daniel david dennis dick dmitry donald doug douglas ed edward emmanuel
    eric evan frank fred gary george gerald greg harry henry hugh ian ivan jack jacob jair james
    jamal jared jason jeb jeff jeffrey jens jerry jim jimmy joe john jon jonathan jorge jose josé
    joseph juan justin keith ken kevin kim_jong larry lee lindsey luis marco mario mark martin
    matt matthew michael mike mitch mohammad mohammed muhammad narendra nicolas nigel oleg olaf
    patrick paul pedro peter rand recep richard rick robert roger ron ronald rudy ryan sam samuel
    scott sean sergei sergey stephen steve steven ted thomas tim timothy todd tom tony vladimir
    walter william xi yevgeny yuri""".split()
)
FEMALE_NAMES = frozenset(
    """agnès alexandria alice amanda amy angela ann anna anne barbara betsy carly carol caroline
    catherine christine claire dianne donna elizabeth ellen emily emma gina hatice heather
    hillary ilhan jacinda jane janet jennifer jill joan julia julie karen kamala kate katherine
    kathleen kelly kellyanne kirsten kristi laura linda lisa liz margaret maria marie marine
    mary megan melania michelle nancy natalia nicola nikki olga patricia petra rachel rebecca
    sarah sharon sheila stacey susan susana teresa theresa tulsi ursula valentina veronika
    victoria""".split()
)
# Capitalised words that make a name an organisation or a place, never a person.
ORG_WORDS = frozenset(
    """ministry committee service news party university council agency department office court
    times post association company corporation bank group union commission administration
    government institute foundation house senate congress parliament police army navy force
    forces press network channel radio television journal organization organisation conference
    legislatures assembly federation league society centre center board bureau fund programme
    program coalition alliance council cabinet ministry embassy consulate""".split()
)

# Plural sources that open a sentence capitalised but name no one ("Critics said…").
COMMON_SOURCES = frozenset(
    """critics officials analysts experts residents witnesses police authorities reports sources
    organizers organisers protesters demonstrators officers investigators prosecutors lawmakers
    observers scientists researchers doctors survivors neighbours neighbors locals voters
    supporters opponents activists diplomats economists""".split()
)
