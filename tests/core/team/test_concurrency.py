"""Many writers on one team library: four importers of overlapping folders, some killed.

Each importer is the real command line (`briefing --library postgresql://… import FOLDER`),
with its worker processes, in a process group of its own so a SIGKILL takes all of it down
mid-transaction. Afterwards a clean import of every folder must find each file stored
exactly once, and the table must hold nothing half-written: every row's original matches its
hash, its record names it, its key is claimed by it and no other current article shares it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from briefing_app.core.article import Article, article_id
from tests.recombined import write_recombined

IMPORTERS = 4


def _folders(tmp_path: Path, total: int) -> tuple[list[Path], dict[str, bytes]]:
    """Four folders, each holding three quarters of the articles (every file in three)."""
    files = write_recombined(tmp_path / "corpus", total)
    folders = []
    for i in range(IMPORTERS):
        folder = tmp_path / f"desk{i}"
        folder.mkdir()
        for n, path in enumerate(files):
            if n % IMPORTERS != i:
                shutil.copy(path, folder / path.name)
        folders.append(folder)
    return folders, {article_id(p.read_bytes()): p.read_bytes() for p in files}


def _importer(pg_url: str, folder: Path, home: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "briefing_app",
            "--library",
            pg_url,
            "import",
            str(folder),
            "--json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "BRIEFING_HOME": str(home)},
        cwd=Path(__file__).resolve().parents[3],
        start_new_session=True,  # its own process group: the kill reaches its workers too
    )


def _stored(pg_url: str) -> int:
    with psycopg.connect(pg_url) as conn:
        if conn.execute("SELECT to_regclass('articles')").fetchone()[0] is None:
            return 0  # not migrated yet (the first importer to connect does it)
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def _wait_for(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def _statuses(process: subprocess.Popen) -> list[str]:
    """Each file's status; the process's messages ride along for a failure's report."""
    out, err = process.communicate(timeout=600)
    statuses = [json.loads(line)["status"] for line in out.decode().splitlines() if line.strip()]
    process.messages = err.decode(errors="replace")[-3000:]
    return statuses


def test_four_importers_with_kills_store_every_article_once(pg_url, tmp_path, stress_size):
    total = stress_size(16, 160)
    folders, originals = _folders(tmp_path, total)
    importers = [
        _importer(pg_url, folder, tmp_path / f"home{i}") for i, folder in enumerate(folders)
    ]
    # Two importers die mid-run, with their transactions (and workers) wherever they were.
    _wait_for(lambda: _stored(pg_url) >= total // 4, 300)
    victims = (importers[1], importers[3])
    running = [v.poll() is None for v in victims]
    for victim in victims:
        os.killpg(victim.pid, signal.SIGKILL)
    for victim in victims:
        victim.wait(timeout=60)
    assert any(running), f"the importers finished before they could be killed ({total} files)"
    for survivor in (importers[0], importers[2]):
        statuses = _statuses(survivor)
        assert survivor.returncode == 0, (statuses, survivor.messages)
        assert set(statuses) <= {"imported", "unchanged"} and len(statuses) == len(
            list(folders[0].iterdir())
        )

    final = _importer(pg_url, tmp_path, tmp_path / "home_final")  # every desk folder at once
    statuses = _statuses(final)
    assert final.returncode == 0, (statuses, final.messages)
    assert set(statuses) <= {"imported", "unchanged"}, statuses
    assert len(statuses) == 4 * len(list(folders[0].iterdir())) + total  # corpus/ included

    with psycopg.connect(pg_url) as conn:
        rows = conn.execute(
            "SELECT id, sha256, key, record, original, claims FROM articles ORDER BY id"
        ).fetchall()
        claimed = dict(conn.execute("SELECT key, article_id FROM citation_keys").fetchall())
        orphans = conn.execute(
            "SELECT count(*) FROM claim_speakers WHERE id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
    assert sorted(r[0] for r in rows) == sorted(originals)  # every article, exactly once
    keys = [r[2] for r in rows]
    assert len(set(keys)) == len(keys)  # distinct articles, distinct keys across the team
    for aid, sha, key, record, original, claims in rows:
        assert hashlib.sha256(original).hexdigest() == sha and bytes(original) == originals[aid]
        article = Article.from_record(record)  # whole and readable
        assert (article.id, article.key, len(article.claims)) == (aid, key, claims)
        assert claimed[key] == aid
    assert orphans == 0
