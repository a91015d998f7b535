"""Test set-up shared by core and GUI tests: isolated dirs, shared corpora, stress sizes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILE = SEEDS / "000_b9c0541ce25df5e1.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("BRIEFING_SHARED", ROOT.parent / "shared"))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# CI (and anyone who sets CI) runs every property test on the same derandomized examples, so a
# fresh clone's suite gives the same verdict every time; a developer's run searches at random,
# and a failure it finds is a bug to fix. HYPOTHESIS_PROFILE picks a profile by name.
settings.register_profile("ci", derandomize=True, deadline=None, database=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


def pytest_addoption(parser):
    parser.addoption(
        "--full-stress",
        action="store_true",
        default=False,
        help="run stress tests (kills, fault injection) at their full size",
    )


@pytest.fixture
def stress_size(request):
    """Pick the small default or, with --full-stress, the full size of a stress run."""

    def pick(small: int, full: int) -> int:
        return full if request.config.getoption("--full-stress") else small

    return pick


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Every test gets its own BRIEFING_HOME: no test touches the user's real folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BRIEFING_HOME", str(home))
    return home


@pytest.fixture
def shared() -> Path:
    """The ../shared folder (corpora, gold); skips the test on a machine without it."""
    if not SHARED.is_dir():
        pytest.skip(f"needs the shared corpora at {SHARED} (not present on this machine)")
    return SHARED


@pytest.fixture
def workspace(isolated_home):
    """An empty workspace in the isolated home."""
    from briefing_app.core.workspace import Workspace

    return Workspace(isolated_home / "library")


@pytest.fixture
def seeded(workspace):
    """A workspace holding the seed article."""
    results = workspace.import_paths([SEED_FILE])
    assert [r.status for r in results] == ["imported"], results
    return workspace


# -- PostgreSQL (team archive) ------------------------------------------------------------------
@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster for the session; skips when the server is not installed."""
    from tests import pg_cluster as clusters

    reason = clusters.missing_reason()
    if reason:
        pytest.skip(reason)
    cluster = clusters.start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster, request):
    """A libpq URL of a fresh, empty database in the session's cluster."""
    import re

    import psycopg

    name = "t_" + re.sub(r"[^a-z0-9_]", "_", request.node.name.lower())[:40] + f"_{os.getpid()}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    yield pg_cluster.url(name)
    with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["folder", "postgresql"])
def any_library(request, tmp_path):
    """An empty library of each kind: the tests using it hold for a folder and a team library."""
    from tests.libraries import open_library

    library = open_library(request.param, tmp_path, request)
    yield library
    if request.param == "postgresql":
        library.close()
