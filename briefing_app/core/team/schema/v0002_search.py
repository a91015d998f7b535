"""Search documents of the team library: articles and claims, their words as tsvectors.

Rows are keyed by article id and written only by the search backend (`core.team.search`):
they are a cache of the library, rebuilt from it at will, so nothing here refers to the
library's own tables.

- `search_articles`: one row per article: what a hit shows (key, title, paragraphs, claims,
  compressed as the Whoosh index stores them), the exact-match fields (language and
  collection ids as arrays), the facet columns and the date that date ranges and date order read.
- `search_claims`: one row per claim (its kind as an exact-match array); facets come from
  its article's row.
- `search_text`: the words of every text field, as tsvectors built from the app's own
  analysis (the same tokens and stems as the Whoosh index). A long field is split into
  overlapping parts, so no part passes PostgreSQL's limits (positions up to 16,383, 256 positions
  a lexeme, 1 MB a tsvector); the title's words in the body field are a part of their own,
  weighted A (the title boost), as Whoosh keeps them apart at position 2^20.
- `search_vocabulary`: every indexed word with its first letter and length, to expand a
  fuzzy word (word~) into the words within its edit distance.
- `search_state`: the digest of the indexed ids, the count of unreadable records skipped,
  the analysis version and a generation bumped by every write.
"""

SQL = """
CREATE TABLE search_state (
    id integer PRIMARY KEY CHECK (id = 1),
    digest text NOT NULL,
    skipped integer NOT NULL DEFAULT 0,
    analysis integer NOT NULL,
    generation bigint NOT NULL DEFAULT 0
);

CREATE TABLE search_articles (
    aid text PRIMARY KEY,
    key text NOT NULL DEFAULT '',
    title text NOT NULL DEFAULT '',
    publisher text NOT NULL DEFAULT '',
    published text NOT NULL DEFAULT '',
    paragraph_starts integer[] NOT NULL,
    paragraphs bytea NOT NULL,
    word_count integer NOT NULL,
    claims bytea NOT NULL,
    supersedes text,
    language text[] NOT NULL DEFAULT '{}',
    collection text[] NOT NULL DEFAULT '{}',
    f_publisher text,
    f_author text[] NOT NULL DEFAULT '{}',
    f_year text,
    f_series text,
    f_date text,
    f_tag text[] NOT NULL DEFAULT '{}',
    f_collection text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX search_articles_supersedes ON search_articles (supersedes)
    WHERE supersedes IS NOT NULL;
CREATE INDEX search_articles_date ON search_articles (f_date);
CREATE INDEX search_articles_publisher ON search_articles (f_publisher);
CREATE INDEX search_articles_language ON search_articles USING gin (language);
CREATE INDEX search_articles_collection ON search_articles USING gin (collection);
CREATE INDEX search_articles_tags ON search_articles USING gin (f_tag);
CREATE INDEX search_articles_authors ON search_articles USING gin (f_author);

CREATE TABLE search_claims (
    aid text NOT NULL,
    claim integer NOT NULL,
    kind text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (aid, claim)
);
CREATE INDEX search_claims_kind ON search_claims USING gin (kind);

CREATE TABLE search_text (
    aid text NOT NULL,
    claim integer NOT NULL,  -- -1: a field of the article itself
    field text NOT NULL,
    part integer NOT NULL,
    tsv tsvector NOT NULL,
    PRIMARY KEY (aid, claim, field, part)
);
CREATE INDEX search_text_words ON search_text USING gin (tsv);

CREATE TABLE search_vocabulary (
    word text PRIMARY KEY,
    first text NOT NULL,
    length integer NOT NULL
);
CREATE INDEX search_vocabulary_first ON search_vocabulary (first, length);
"""
