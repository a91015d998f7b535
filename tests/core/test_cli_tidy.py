"""The command line clears a crashed run's leftovers only in commands that write."""

from briefing_app.cli import main
from tests.conftest import SEED_FILE


def test_read_commands_leave_leftovers_and_import_clears_them(tmp_path, capsys):
    """`list` neither walks nor changes the library; `import` removes a half-imported folder."""
    lib = tmp_path / "lib"
    assert main(["--library", str(lib), "import", str(SEED_FILE)]) == 0
    half = lib / "articles" / "deadbeefdeadbeef"
    half.mkdir()
    (half / "original.txt").write_text("interrupted before its record was written")

    assert main(["--library", str(lib), "list", "--json"]) == 0
    assert half.exists()
    assert main(["--library", str(lib), "import", str(SEED_FILE)]) == 0
    assert not half.exists()
    capsys.readouterr()
