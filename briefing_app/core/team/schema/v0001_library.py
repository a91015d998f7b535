"""The team library's articles: records, originals, the catalog's columns, keys and roles.

One row per article holds what a workstation library keeps in `articles/<id>/`: the record as
JSONB and the original as bytes, with the columns the local catalog (`core/catalog.py`) keeps
for listings, sorting and facets. PostgreSQL is the truth here: there is no cache to rebuild.
(The analyst's data beside an article, claim corrections included, is step v0003's.)

Rules the constraints keep, so that many writers need no lock of their own:
- one article per content hash (`id` is the hash's first 16 hex digits, `sha256` all of it);
- one direct newer version per article (`supersedes` unique), so two imports of a new
  version of the same page cannot both become current;
- one owner per citation key across the team (`citation_keys`); a replaced key keeps its
  row (`replaced_by`), so briefs citing it still resolve and nobody else can take it.

Roles are cluster-wide and may already exist (another database, an earlier run), so they are
created only when missing. `briefing_reader` may read, `briefing_contributor` may also write;
both are group roles (NOLOGIN): an administrator grants them to the analysts' login roles.
Default privileges give tables and sequences added by later steps the same grants.
"""

SQL = r"""
CREATE TABLE articles (
    id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{16}$'),
    sha256 text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$' AND left(sha256, 16) = id),
    key text NOT NULL,
    record jsonb NOT NULL,
    original bytea NOT NULL,
    original_name text NOT NULL,
    title text NOT NULL,
    authors jsonb NOT NULL,
    first_author text NOT NULL,
    publisher text NOT NULL,
    published text NOT NULL,
    series text NOT NULL,
    volume text NOT NULL,
    issue text NOT NULL,
    url text NOT NULL,
    media_type text NOT NULL,
    language text NOT NULL,
    excerpt_only boolean NOT NULL,
    paragraphs integer NOT NULL,
    claims integer NOT NULL,
    imported_at text NOT NULL,
    supersedes text UNIQUE,
    superseded_by text,
    added timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX articles_key ON articles (key);
CREATE INDEX articles_url ON articles (url);
CREATE INDEX articles_title ON articles (lower(title));
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_first_author ON articles (lower(first_author));
CREATE INDEX articles_publisher ON articles (publisher);
CREATE INDEX articles_imported ON articles (imported_at);

CREATE TABLE citation_keys (
    key text PRIMARY KEY,
    article_id text NOT NULL,
    replaced_by text
);

CREATE TABLE claim_speakers (
    id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    key text NOT NULL,
    name text NOT NULL,
    claims integer NOT NULL,
    published text NOT NULL,
    PRIMARY KEY (id, key, name)
);
CREATE INDEX claim_speakers_key ON claim_speakers (key, published, id);

DO $roles$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'briefing_reader') THEN
        CREATE ROLE briefing_reader NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'briefing_contributor') THEN
        CREATE ROLE briefing_contributor NOLOGIN;
    END IF;
END
$roles$;
DO $grants$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO briefing_reader, briefing_contributor',
                   current_database());
END
$grants$;
GRANT USAGE ON SCHEMA public TO briefing_reader, briefing_contributor;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO briefing_reader;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO briefing_contributor;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO briefing_contributor;
REVOKE INSERT, UPDATE, DELETE ON briefing_schema FROM briefing_contributor;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO briefing_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO briefing_contributor;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO briefing_contributor;
"""
