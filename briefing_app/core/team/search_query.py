"""A `core.search.query` tree as a SQL condition over the team library's search tables.

Every leaf of the tree (a word, phrase, prefix, fuzzy word, keyword or date range in one
field) becomes the set of documents holding it — `SELECT aid FROM search_text WHERE field = …
AND tsv @@ …`, or, for a word in a field with a words vector, a condition on the searched row
itself (`a.words @@ …`) — and AND, OR and NOT combine them as SQL booleans over the searched
documents. A leaf is matched within one stored part of a field, a combination across the whole
document, as the Whoosh index matches a term or phrase in a field and combines documents.
Each leaf on the other kind of document (a claim field in an article search, an article field
in a claim search) matches through its article id, as `whoosh_query.LINKED_FIELDS` does.

User text reaches PostgreSQL only as bound parameters: words as quoted tsquery lexemes, keyword and date values as plain values; field and table
names come from the fixed lists in `search_text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing_app.core.errors import QueryError
from briefing_app.core.search import query as qlang
from briefing_app.core.search.phrases import phrase_count
from briefing_app.core.search.results import fold
from briefing_app.core.search.whoosh_schema import normalize
from briefing_app.core.team.search_text import (
    ARTICLE_FIELDS,
    CLAIM_FIELDS,
    KEYWORD_FIELDS,
    LONG_KEEP,
    index_form,
    pg_text,
    query_words,
    quote,
)

# Fields a word without a field searches (Whoosh: the body holds the title too).
DEFAULT_FIELDS = {False: ("body",), True: ("claim", "speaker")}
# The words vector of each field that has one, by search kind (claims or not): a condition on
# the searched row.
WORDS_VECTORS = {
    False: {"body": "a.words"},
    True: {"claim": "c.claim_words", "speaker": "c.speaker_words"},
}
# Proximity ("a b c"~N) is written as tsquery alternatives of exact distances while there
# are at most this many lexemes in them; beyond, the positions are checked here.
MAX_PROXIMITY_LEXEMES = 200


def levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance of two strings (insert, delete, substitute), or limit + 1 when above."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def fuzzy_match(word: str, candidate: str, maxdist: int) -> bool:
    """Whoosh's FuzzyTerm(prefixlength=1): the same first letter, then at most `maxdist` edits."""
    return candidate[:1] == word[:1] and levenshtein(candidate[1:], word[1:], maxdist) <= maxdist


@dataclass
class Leaf:
    """One translated leaf: its SQL (a set of `aid`, or of `aid, claim` when `claims`; a
    condition on the searched row itself, `a` or `c`, when `on_row`)."""

    sql: str
    params: list
    claims: bool
    on_row: bool = False


@dataclass
class Positives:
    """What the positive words of a query are, for ranking and marking snippets."""

    # tsqueries of the ranked fields without word order (a phrase as its words), to rank on
    # the words vectors
    rank: list[str] = field(default_factory=list)
    # whether some entry of `rank` is a phrase's words (an AND of them)
    phrased: bool = False
    # whether a match may lack a ranked word: one under an OR, or a fuzzy word's alternative
    optional: bool = False
    terms: set[str] = field(default_factory=set)  # index forms shown as matches
    prefixes: set[str] = field(default_factory=set)

    seen: dict[str, bool] = field(default_factory=dict)  # word as written -> matches
    forms: dict[str, str] = field(default_factory=dict)  # matching word as written -> index form

    def rank_query(self) -> str:
        return " | ".join(f"({q})" for q in self.rank)

    def ranked_by_position(self) -> bool:
        """Whether `ts_rank` weighs the rank query's words by their positions: the query is
        one phrase's words, an AND at its top. With an OR at the top (several entries, or one
        word), it adds up each word's weight."""
        return self.phrased and len(self.rank) == 1

    def matches(self, word: str) -> bool:
        found = self.seen.get(word)
        if found is None:
            found = self._judge(word)
        return found

    def _judge(self, word: str) -> bool:
        form = normalize(word)
        stored = index_form(form)
        found = stored in self.terms or form.startswith(tuple(self.prefixes))
        self.seen[word] = found
        if found:
            self.forms[word] = stored
        return found

    def matched(self, words) -> dict[str, str]:
        """The words (as written) among `words` that match, each with its index form. Each
        distinct word is judged once per search, and the rest is set arithmetic: a page of
        hits repeats the same few hundred words thousands of times."""
        distinct = set(words)
        for word in distinct - self.seen.keys():
            self._judge(word)
        return {word: self.forms[word] for word in distinct & self.forms.keys()}


class Translator:
    """Turns a query tree into a SQL condition on `a.aid` (articles) or `c.aid, c.claim`.

    With `words`, a word, prefix or fuzzy word in a field with a words vector is matched on
    it, one GIN lookup, instead of on the field's parts: an article search's body (`a.words`,
    schema step v0007), a claim search's claim and speaker (`c.claim_words`, `c.speaker_words`,
    v0008). The caller says so only when every searched document's vectors are complete.
    `used_words` tells whether the condition reads them."""

    def __init__(self, conn, claims: bool, words: bool = False):
        self.conn = conn
        self.claims = claims
        self.vectors = WORDS_VECTORS[claims] if words else {}
        self.used_words = False
        self.positives = Positives()
        self.shown = "claim" if claims else "body"  # the field a snippet comes from

    def condition(self, node, negated: bool = False, optional: bool = False) -> tuple[str, list]:
        """`optional`: the node is under an OR, so a match may lack it."""
        if isinstance(node, qlang.MatchAll):
            return "TRUE", []
        if isinstance(node, qlang.Group):
            optional = optional or (node.op != "and" and len(node.parts) > 1)
            parts = [self.condition(p, negated, optional) for p in node.parts]
            joiner = " AND " if node.op == "and" else " OR "
            return (
                "(" + joiner.join(sql for sql, _ in parts) + ")",
                [v for _, params in parts for v in params],
            )
        if isinstance(node, qlang.Negation):
            sql, params = self.condition(node.part, not negated, optional)
            return f"NOT {sql}", params
        leaves = [self.leaf(node, name, negated, optional) for name in self.fields(node)]
        conditions = [self.place(leaf) for leaf in leaves]
        sql = conditions[0] if len(conditions) == 1 else "(" + " OR ".join(conditions) + ")"
        return sql, [v for leaf in leaves for v in leaf.params]

    def fields(self, node) -> tuple[str, ...]:
        if isinstance(node, qlang.DateSpan):
            return (node.field,)
        if node.field is None:
            return DEFAULT_FIELDS[self.claims]
        return ("claim",) if self.claims and node.field == "body" else (node.field,)

    def place(self, leaf: Leaf) -> str:
        """The leaf's set as a condition on the searched documents."""
        if leaf.on_row:
            return f"({leaf.sql})"
        if self.claims:
            if leaf.claims:
                return f"(c.aid, c.claim) IN ({leaf.sql})"
            return f"c.aid IN ({leaf.sql})"
        if leaf.claims:
            return f"a.aid IN (SELECT l.aid FROM ({leaf.sql}) AS l)"
        return f"a.aid IN ({leaf.sql})"

    # -- leaves ---------------------------------------------------------------------------------
    def leaf(self, node, name: str, negated: bool, optional: bool = False) -> Leaf:
        if isinstance(node, qlang.DateSpan):
            return self.date_leaf(node)
        if name in KEYWORD_FIELDS:
            claims = KEYWORD_FIELDS[name]
            table, key = ("search_claims", "aid, claim") if claims else ("search_articles", "aid")
            sql = f"SELECT {key} FROM {table} WHERE %s = ANY({name})"
            return Leaf(sql, [pg_text(node.text.lower())], claims)
        claims = name in CLAIM_FIELDS
        assert claims or name in ARTICLE_FIELDS, name
        # An article field's rows are claim -1: said, so a body's words use their own index.
        key, own = ("aid, claim", "") if claims else ("aid", "claim = -1 AND ")
        base = f"SELECT {key} FROM search_text WHERE {own}field = '{name}'"
        tsquery, words = self.tsquery(node, name)
        if tsquery is None:  # "''*": any word of the field
            return Leaf(base, [], claims)
        # Words in order: a phrase, or a word the analyzer splits ("U.S."); a fuzzy word's
        # words are its alternatives.
        ordered = len(words) > 1 and not (isinstance(node, qlang.Word) and node.fuzzy)
        if not negated and claims == self.claims:
            self.note_positive(name, tsquery, words, node, ordered, optional)
        if isinstance(tsquery, Leaf):
            return tsquery
        if name in self.vectors and not ordered:
            # A words vector holds no word order: a phrase is matched on the parts.
            self.used_words = True
            return Leaf(f"{self.vectors[name]} @@ %s::tsquery", [tsquery], claims, on_row=True)
        return Leaf(f"{base} AND tsv @@ %s::tsquery", [tsquery], claims)

    def note_positive(
        self, name: str, tsquery, words: list[str], node, ordered: bool, optional: bool
    ) -> None:
        if name in DEFAULT_FIELDS[self.claims]:
            self.positives.rank.append(" & ".join(quote(w) for w in words) if ordered else tsquery)
            self.positives.phrased |= ordered
            # (a fuzzy word's words are its alternatives)
            self.positives.optional |= optional or (len(words) > 1 and not ordered)
        if name == self.shown:
            self.positives.terms.update(words)
            if isinstance(node, qlang.Word) and node.prefix:
                self.positives.prefixes.update(self.prefixes(node))

    def date_leaf(self, node: qlang.DateSpan) -> Leaf:
        where, params = [], []
        if node.start:
            where.append("f_date >= %s")
            params.append(node.start.isoformat())
        if node.end:
            where.append("f_date <= %s")
            params.append(node.end.isoformat())
        sql = "SELECT aid FROM search_articles WHERE f_date IS NOT NULL"
        return Leaf(" AND ".join([sql, *where]), params, False)

    @staticmethod
    def prefixes(node: qlang.Word) -> list[str]:
        # The index holds stems ("geopolitical" -> "geopolit"): try the stem of the prefix too.
        return sorted({fold(node.text)[:LONG_KEEP], normalize(node.text)[:LONG_KEEP]})

    def tsquery(self, node, name: str):
        """(tsquery text, or a Leaf of checked documents, or None for any word; its words)."""
        if isinstance(node, qlang.Phrase):
            words = query_words(name, node.text, node.pos)
            return self.phrase(name, words, node.slop + 1), words
        if node.prefix:
            texts = self.prefixes(node)
            if "" in texts:
                return None, []
            return " | ".join(f"{quote(t)}:*" for t in texts), []
        words = query_words(name, node.text, node.pos)
        if node.fuzzy:
            expanded = [self.fuzzy(w, node.fuzzy) for w in words]
            if not all(expanded):
                return "!" + quote("#") + " & " + quote("#"), []  # matches nothing
            flat = [w for group in expanded for w in group]
            ors = ["(" + " | ".join(quote(w) for w in group) + ")" for group in expanded]
            return " & ".join(ors), flat
        return self.phrase(name, words, 1), words

    def phrase(self, name: str, words: list[str], step: int):
        """Words in order, each at most `step` positions after the one before."""
        if len(words) == 1:
            return quote(words[0])
        if step == 1:
            return " <-> ".join(quote(w) for w in words)
        size = 1
        for _ in words[1:]:
            size = step * (size + 1)
        if size > MAX_PROXIMITY_LEXEMES:
            return self.checked_phrase(name, words, step)
        expression = quote(words[0])
        for word in words[1:]:
            expression = " | ".join(
                f"({expression}) <{d}> {quote(word)}" for d in range(1, step + 1)
            )
        return expression

    def checked_phrase(self, name: str, words: list[str], step: int) -> Leaf:
        """A wide proximity search: the parts holding every word, checked on their positions."""
        claims = name in CLAIM_FIELDS
        own = "" if claims else "t.claim = -1 AND "  # as in `leaf`, for the body's own index
        rows = self.conn.execute(
            "SELECT t.aid, t.claim, t.part, u.lexeme, u.positions"
            f" FROM search_text t, unnest(t.tsv) u WHERE {own}t.field = '{name}'"
            " AND t.tsv @@ %s::tsquery AND u.lexeme = ANY(%s)",
            (" & ".join(quote(w) for w in set(words)), list(set(words))),
        ).fetchall()
        parts: dict[tuple, dict[str, list[int]]] = {}
        for aid, claim, part, lexeme, positions in rows:
            parts.setdefault((aid, claim, part), {})[lexeme] = list(positions)
        found = {
            (aid, claim)
            for (aid, claim, _), positions in parts.items()
            if phrase_count([positions[w] for w in words], step)
        }
        ordered = sorted(found)
        if claims:
            sql = "SELECT * FROM unnest(%s::text[], %s::integer[]) AS l(aid, claim)"
            return Leaf(sql, [[a for a, _ in ordered], [c for _, c in ordered]], True)
        return Leaf("SELECT unnest(%s::text[]) AS aid", [sorted({a for a, _ in ordered})], False)

    def fuzzy(self, word: str, maxdist: int) -> list[str]:
        """The indexed words within `maxdist` edits of `word`, sharing its first letter."""
        rows = self.conn.execute(
            "SELECT word FROM search_vocabulary WHERE first = %s AND length BETWEEN %s AND %s",
            (word[:1], len(word) - maxdist, len(word) + maxdist),
        )
        return sorted(w for (w,) in rows if fuzzy_match(word, w, maxdist))


def check_filters(filters: dict) -> None:
    """Refuses a facet the index does not know (as the Whoosh backend does)."""
    unknown = set(filters) - {"publisher", "author", "year", "series", "date", "tag", "collection"}
    if unknown:
        raise QueryError(f"Unknown facet {sorted(unknown)[0]!r}.")
