"""The analyst's corrections in a team library: of metadata and of claims.

Locally these live in the article's record (`Article.overrides`, core/overrides.py) and beside
it (`articles/<id>/corrections.json`, core/claims/corrections.py). In a team library each
correction is one row, so two analysts correcting different fields, or different claims, of one
article both keep theirs:

- metadata: one row per (article, field) in `metadata_corrections`, shaped as
  `Article.overrides` entries ({"value", "extracted", "set_at"}). The stored record keeps the
  extracted values (`extracted_record`); the library applies the rows to the record it reads
  (`corrected`) and stores an edit as the fields it changed (`change_metadata`), never as a
  rewrite of the article's whole set.
- `TeamClaimCorrections`: one row per correction, in the order made; the same replace rules as
  the local file (a later correction of the same passage replaces the earlier one).

Replaced citation keys (locally `key_aliases.json`) are the library's own in a team library:
`citation_keys` (schema step v0001) owns every key and replaced key across the team.
"""

from __future__ import annotations

from typing import Any

from psycopg.types.json import Jsonb

from briefing_app.core import overrides
from briefing_app.core.article import Article
from briefing_app.core.claims import corrections as claim_corrections
from briefing_app.core.team.transactions import Connector, Transactions, storable_values
from briefing_app.core.team.userdata import lock_article

# -- metadata: one row per (article, field) ---------------------------------------------------
# These run in the caller's transaction: the library changes an article's correction rows, its
# catalog columns and its key together, holding the article's row (`TeamLibrary.save_edit`).


def read_metadata(conn, article_id: str) -> dict[str, dict[str, Any]]:
    """field -> {"value", "extracted", "set_at"}, as `Article.overrides` holds them."""
    rows = conn.execute(
        "SELECT field, value, extracted, set_at FROM metadata_corrections"
        " WHERE article_id = %s ORDER BY field",
        (article_id,),
    ).fetchall()
    return {f: {"value": v, "extracted": e, "set_at": s} for f, v, e, s in rows}


def change_metadata(
    conn, article_id: str, before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]
) -> None:
    """Store what an edit changed: fields set or changed in `after` are written, fields
    `before` had and `after` lacks are cleared; fields the edit did not touch (another
    analyst's corrections meanwhile) are left as they are."""
    for field in sorted(before.keys() - after.keys()):
        conn.execute(
            "DELETE FROM metadata_corrections WHERE article_id = %s AND field = %s",
            (article_id, field),
        )
    for field, entry in sorted(after.items()):
        if before.get(field) != entry:
            _put(conn, article_id, field, entry)


def replace_metadata(conn, article_id: str, overrides: dict[str, dict[str, Any]]) -> None:
    """Store exactly `overrides` (a new article carrying its corrections in its record)."""
    conn.execute("DELETE FROM metadata_corrections WHERE article_id = %s", (article_id,))
    for field, entry in sorted(overrides.items()):
        _put(conn, article_id, field, entry)


def _put(conn, article_id: str, field: str, entry: dict[str, Any]) -> None:
    storable_values(entry, "correction")
    conn.execute(
        "INSERT INTO metadata_corrections (article_id, field, value, extracted, set_at)"
        " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (article_id, field) DO UPDATE SET"
        " value = EXCLUDED.value, extracted = EXCLUDED.extracted,"
        " set_at = EXCLUDED.set_at, set_by = current_user",
        (
            article_id,
            field,
            Jsonb(entry["value"]),
            Jsonb(entry["extracted"]),
            entry.get("set_at", ""),
        ),
    )


def extracted_record(article: Article) -> dict[str, Any]:
    """The record a team library stores: the extracted values, no corrections (those are
    rows, so that a rewrite of the record can never undo another analyst's correction)."""
    record = article.to_record()
    metadata = dict(record["metadata"])
    for field, entry in article.overrides.items():
        if field in metadata:
            metadata[field] = entry["extracted"]
    record["metadata"] = metadata
    record["overrides"] = {}
    return record


def corrected(record: dict[str, Any], rows: dict[str, dict[str, Any]]) -> Article:
    """The article a reader sees: the stored record with the correction rows applied.

    A record written before corrections were rows may still carry its own; the rows (copied
    from it by schema step v0005) are the truth, so it is read back to its extracted values
    first. A correction equal to what was extracted is dropped, as `overrides.set_field` does.
    """
    article = Article.from_record(record)
    for field in list(article.overrides):
        overrides.clear_field(article, field)
    overrides.reapply(rows, article)
    return article


class TeamClaimCorrections:
    """The analyst's corrections of claims in a team library.

    `TeamClaimCorrections(source)`: a connection factory or a location.
    """

    def __init__(self, source: Connector | str):
        self.db = Transactions(source)

    def close(self) -> None:
        self.db.close()

    def read(self, article_id: str) -> dict[str, Any]:
        """{"format", "corrections"}, as `claims.corrections.read` returns the local file."""
        with self.db.transaction() as conn:
            return {
                "format": claim_corrections.FORMAT,
                "corrections": [body for _seq, body in self._rows(conn, article_id)],
            }

    @staticmethod
    def _rows(conn, article_id: str) -> list[tuple[int, dict[str, Any]]]:
        return conn.execute(
            "SELECT seq, body FROM claim_corrections WHERE article_id = %s ORDER BY seq",
            (article_id,),
        ).fetchall()

    def add(
        self, article_id: str, correction: dict[str, Any], inherited: list[dict] = ()
    ) -> list[dict[str, Any]]:
        """Store one more correction; an earlier one of the same passage is replaced. An
        article with none of its own first takes over `inherited` (its predecessor's)."""
        return self._change(
            article_id,
            inherited,
            drop=lambda c: claim_corrections.same_target(c, correction),
            add=correction,
        )

    def remove(
        self, article_id: str, correction: dict[str, Any], inherited: list[dict] = ()
    ) -> list[dict[str, Any]]:
        """Undo one correction (matched by action and passage)."""
        return self._change(
            article_id,
            inherited,
            drop=lambda c: (
                claim_corrections.same_target(c, correction) and c["action"] == correction["action"]
            ),
        )

    def _change(self, article_id, inherited, *, drop, add=None) -> list[dict[str, Any]]:
        with self.db.transaction() as conn:
            lock_article(conn, article_id)
            rows = self._rows(conn, article_id)
            if not rows:
                for body in inherited:
                    self._insert(conn, article_id, body)
                rows = self._rows(conn, article_id)
            for seq, body in rows:
                if drop(body):
                    conn.execute(
                        "DELETE FROM claim_corrections WHERE article_id = %s AND seq = %s",
                        (article_id, seq),
                    )
            if add is not None:
                self._insert(conn, article_id, add)
            return [body for _seq, body in self._rows(conn, article_id)]

    def write(self, article_id: str, document: dict[str, Any]) -> None:
        """Store exactly the document's corrections (an undone delete, a copy from a local
        library)."""
        with self.db.transaction() as conn:
            lock_article(conn, article_id)
            conn.execute("DELETE FROM claim_corrections WHERE article_id = %s", (article_id,))
            for body in document.get("corrections") or []:
                self._insert(conn, article_id, body)

    @staticmethod
    def _insert(conn, article_id: str, body: dict[str, Any]) -> None:
        storable_values(body, "correction")
        conn.execute(
            "INSERT INTO claim_corrections (article_id, action, start_offset, end_offset, body)"
            " VALUES (%s, %s, %s, %s, %s)",
            (article_id, body["action"], body["start"], body["end"], Jsonb(body)),
        )
