"""The analyst's own data in the team library: tags, collections, highlights, notes, saved
searches, the trash, and the corrections of metadata and claims (replaced citation keys are
the library's `citation_keys`, step v0001).

Rows are keyed by article id (text) and indexed, without a foreign key to `articles`, so this
step does not depend on how the library's own tables are laid out. Every edit an analyst makes
is one row (one tag of one article, one membership, one highlight, one correction), so two
analysts editing the same article at once both keep their work; a note is one row per article,
written last-writer-wins with a version the editor checks before overwriting.

Names and tags may be any length: their uniqueness is on an md5 of the folded text, because a
b-tree entry cannot hold a long value.
"""

SQL = """
CREATE TABLE collections (
    id text PRIMARY KEY,
    name text NOT NULL,
    name_folded text NOT NULL,
    parent text REFERENCES collections (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    seq bigserial NOT NULL
);
CREATE UNIQUE INDEX collections_sibling_names
    ON collections (COALESCE(parent, ''), md5(name_folded));
CREATE INDEX collections_parent ON collections (parent);

CREATE TABLE tag_colours (
    tag text NOT NULL,
    tag_folded text NOT NULL,
    colour text NOT NULL
);
CREATE UNIQUE INDEX tag_colours_tag ON tag_colours (md5(tag_folded));

CREATE TABLE article_tags (
    article_id text NOT NULL,
    tag text NOT NULL,
    tag_folded text NOT NULL,
    added_by text NOT NULL DEFAULT current_user,
    added_at timestamptz NOT NULL DEFAULT now(),
    seq bigserial NOT NULL
);
CREATE UNIQUE INDEX article_tags_one ON article_tags (article_id, md5(tag_folded));
CREATE INDEX article_tags_by_tag ON article_tags (md5(tag_folded));

CREATE TABLE article_collections (
    article_id text NOT NULL,
    collection_id text NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    added_by text NOT NULL DEFAULT current_user,
    added_at timestamptz NOT NULL DEFAULT now(),
    seq bigserial NOT NULL,
    PRIMARY KEY (article_id, collection_id)
);
CREATE INDEX article_collections_members ON article_collections (collection_id);

CREATE TABLE article_highlights (
    article_id text NOT NULL,
    id text NOT NULL,
    paragraph integer NOT NULL,
    "offset" integer NOT NULL,
    quote text NOT NULL,
    colour text NOT NULL,
    comment text NOT NULL DEFAULT '',
    created text NOT NULL DEFAULT '',
    orphaned boolean NOT NULL DEFAULT false,
    added_by text NOT NULL DEFAULT current_user,
    seq bigserial NOT NULL,
    PRIMARY KEY (article_id, id)
);

CREATE TABLE article_notes (
    article_id text PRIMARY KEY,
    text text NOT NULL,
    version bigint NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text NOT NULL DEFAULT current_user
);

CREATE TABLE metadata_corrections (
    article_id text NOT NULL,
    field text NOT NULL,
    value jsonb NOT NULL,
    extracted jsonb NOT NULL,
    set_at text NOT NULL,
    set_by text NOT NULL DEFAULT current_user,
    PRIMARY KEY (article_id, field)
);

CREATE TABLE claim_corrections (
    article_id text NOT NULL,
    seq bigserial NOT NULL,
    action text NOT NULL CHECK (action IN ('reject', 'speaker', 'add')),
    start_offset integer NOT NULL,
    end_offset integer NOT NULL,
    body jsonb NOT NULL,
    set_by text NOT NULL DEFAULT current_user,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE saved_searches (
    name text NOT NULL,
    query text NOT NULL,
    last_run timestamptz,
    seen text[] NOT NULL DEFAULT '{}',
    saved_by text NOT NULL DEFAULT current_user,
    seq bigserial NOT NULL
);
CREATE UNIQUE INDEX saved_searches_name ON saved_searches (md5(name));

CREATE TABLE trash_batches (
    id text PRIMARY KEY,
    deleted_at timestamptz NOT NULL DEFAULT now(),
    deleted_by text NOT NULL DEFAULT current_user
);

CREATE TABLE trashed_articles (
    article_id text PRIMARY KEY,
    batch_id text NOT NULL REFERENCES trash_batches (id) ON DELETE CASCADE,
    position integer NOT NULL
);
CREATE INDEX trashed_articles_batch ON trashed_articles (batch_id);
"""
