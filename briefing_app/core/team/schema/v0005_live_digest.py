"""Which articles the library shows, summed up in one row; corrections moved out of records.

`library_state` holds a digest of the live article ids (every stored article not in the trash,
the ids `live_articles` lists): the XOR of each id's hash (the first 64 bits of its SHA-256,
`briefing_id_hash`), the same sum the search index keeps of the ids it holds
(`core.team.search.ids_digest`), with their count and a generation bumped by every change. Whether the search index holds exactly the library's articles is then
a comparison of two one-row tables instead of a listing of every id.

Triggers keep it, so every writer keeps it (an import, a delete, the trash, a writer of an older
Briefing). They run when the transaction commits (deferred), holding the state row only while
it commits, and compare what is live then with `library_state_ids`, the ids the digest holds:
an id is summed in or out exactly when its membership changed, however the transaction's
statements were ordered and whatever another transaction did to the same id meanwhile. The
transaction's changes are summed in transaction-local settings and written to the state row
once, by the last of them.

`search_state` gets the count of indexed articles (`indexed`), so its side is one row as well,
and its digest is summed with the same hash (SHA-256, which PostgreSQL has built in; the folder
index's SHA-1 it has not). Unreadable records a rebuild skipped are not among the indexed rows,
so a library holding any is rebuilt once after this step.

Metadata corrections are one row per (article, field) in `metadata_corrections` (step v0003)
from now on; those still inside records (`record->'overrides'`) are copied there. The library
reads the rows as the truth and stores records with the extracted values.
"""

SQL = r"""
CREATE FUNCTION briefing_id_hash(article_id text) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT ('x' || left(encode(sha256(convert_to(article_id, 'UTF8')), 'hex'), 16))
                 ::bit(64)::bigint $$;

CREATE TABLE library_state (
    id integer PRIMARY KEY CHECK (id = 1),
    digest bigint NOT NULL,
    articles bigint NOT NULL,
    generation bigint NOT NULL DEFAULT 0
);
CREATE TABLE library_state_ids (id text PRIMARY KEY);

-- Counts the transaction's changes still to be summed (a transaction-local setting), so the
-- last of them writes the state row once: a row updated once per article in one transaction
-- (emptying a large trash batch) would grow a chain of row versions walked by every update.
CREATE FUNCTION briefing_live_pending() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('briefing.live_pending', (COALESCE(NULLIF(
        current_setting('briefing.live_pending', true), ''), '0')::bigint + 1)::text, true);
    RETURN NULL;
END
$$;

CREATE FUNCTION briefing_live_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    aid text := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END) ->> TG_ARGV[0];
    live boolean;
    counted boolean;
    d_digest bigint := COALESCE(NULLIF(current_setting('briefing.live_digest', true), ''), '0');
    d_count bigint := COALESCE(NULLIF(current_setting('briefing.live_count', true), ''), '0');
    pending bigint := COALESCE(NULLIF(current_setting('briefing.live_pending', true), ''), '1');
BEGIN
    -- One writer at a time from here to its commit; the reads below then see every commit
    -- before this one (a new snapshot per statement).
    PERFORM 1 FROM library_state WHERE id = 1 FOR UPDATE;
    live := EXISTS (SELECT 1 FROM articles WHERE id = aid)
        AND NOT EXISTS (SELECT 1 FROM trashed_articles WHERE article_id = aid);
    counted := EXISTS (SELECT 1 FROM library_state_ids WHERE id = aid);
    IF live AND NOT counted THEN
        INSERT INTO library_state_ids (id) VALUES (aid);
    ELSIF counted AND NOT live THEN
        DELETE FROM library_state_ids WHERE id = aid;
    END IF;
    IF live <> counted THEN
        d_digest := d_digest # briefing_id_hash(aid);
        d_count := d_count + CASE WHEN live THEN 1 ELSE -1 END;
    END IF;
    pending := pending - 1;
    IF pending <= 0 AND (d_digest <> 0 OR d_count <> 0) THEN
        UPDATE library_state
            SET digest = library_state.digest # d_digest,
                articles = library_state.articles + d_count,
                generation = generation + 1
            WHERE id = 1;
        d_digest := 0;
        d_count := 0;
    END IF;
    PERFORM set_config('briefing.live_pending', greatest(pending, 0)::text, true),
            set_config('briefing.live_digest', d_digest::text, true),
            set_config('briefing.live_count', d_count::text, true);
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_live_pending AFTER INSERT OR DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION briefing_live_pending();
CREATE TRIGGER trashed_articles_live_pending AFTER INSERT OR DELETE ON trashed_articles
    FOR EACH ROW EXECUTE FUNCTION briefing_live_pending();
CREATE CONSTRAINT TRIGGER articles_live_digest
    AFTER INSERT OR DELETE ON articles DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION briefing_live_changed('id');
CREATE CONSTRAINT TRIGGER trashed_articles_live_digest
    AFTER INSERT OR DELETE ON trashed_articles DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION briefing_live_changed('article_id');

LOCK TABLE articles, trashed_articles IN SHARE MODE;
INSERT INTO library_state_ids (id) SELECT id FROM live_articles;
INSERT INTO library_state (id, digest, articles)
    SELECT 1, COALESCE(bit_xor(briefing_id_hash(id)), 0), count(*) FROM library_state_ids;

ALTER TABLE search_state ADD COLUMN indexed bigint NOT NULL DEFAULT 0;
UPDATE search_state SET
    indexed = (SELECT count(*) FROM search_articles),
    digest = (SELECT lpad(to_hex(COALESCE(bit_xor(briefing_id_hash(aid)), 0)), 16, '0')
              FROM search_articles);

INSERT INTO metadata_corrections (article_id, field, value, extracted, set_at)
    SELECT a.id, o.key, o.value -> 'value', o.value -> 'extracted',
           COALESCE(o.value ->> 'set_at', '')
    FROM articles AS a, jsonb_each(COALESCE(a.record -> 'overrides', '{}')) AS o
    WHERE jsonb_typeof(a.record -> 'overrides') = 'object'
    ON CONFLICT (article_id, field) DO NOTHING;
"""
