"""A new version of the seed article (same URL, edited text), imported as a re-import would."""

from __future__ import annotations

from tests.conftest import SEED_FILE


def import_new_version(workspace, tmp_path, old: bytes, new: bytes, name: str = "v2.txt") -> str:
    """Import the seed with `old` replaced by `new`; the id of the version that supersedes it."""
    edited = tmp_path / name
    edited.write_bytes(SEED_FILE.read_bytes().replace(old, new))
    (result,) = workspace.import_paths([edited])
    assert result.status == "imported" and result.supersedes, result
    return result.id
