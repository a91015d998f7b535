"""Export checks the quotations first: it refuses failures unless allowed, then marks them."""

from __future__ import annotations

import pytest

from briefing_app.cli import main
from briefing_app.core.brief.export import export_brief
from briefing_app.core.brief.gate import UnverifiedQuotations
from tests.core.brief.articles import SEED_KEY, plain_article, seed_article

GOOD = f"“heaps of cash” [@{SEED_KEY}, ¶2]."
NOT_FOUND = f"“heaps of gold” [@{SEED_KEY}, ¶2]."
WRONG_SOURCE = f"“the vote will not take place” [@{SEED_KEY}, ¶1]."
WRONG_LOCATOR = f"“heaps of cash” [@{SEED_KEY}, ¶3]."


@pytest.fixture
def library():
    seed = seed_article()
    other = plain_article("doe2020vote", "Council vote", ["The vote will not take place in 2020."])
    return {seed.key: seed, other.key: other}


def test_export_refuses_unverified_quotations_and_writes_nothing(library, tmp_path):
    """A not_found, a wrong_source and a wrong_locator quotation stop the export, each listed."""
    out = tmp_path / "brief.md"
    text = "\n\n".join([GOOD, NOT_FOUND, WRONG_SOURCE, WRONG_LOCATOR]) + "\n"
    with pytest.raises(UnverifiedQuotations) as caught:
        export_brief(text, library, "md", out)
    assert [c.status for c in caught.value.failures] == [
        "not_found",
        "wrong_source",
        "wrong_locator",
    ]
    message = str(caught.value)
    assert "3 quotations are not verified" in message and "--allow-unverified" in message
    assert "line 3: not_found" in message and "line 5: wrong_source" in message
    assert not out.exists() and not (tmp_path / "brief.csl.json").exists()


def test_allowed_export_marks_each_unverified_quotation_in_the_evidence(library, tmp_path):
    """With allow_unverified the export is written and its evidence marks every failure."""
    out = tmp_path / "brief.md"
    text = "\n\n".join([GOOD, NOT_FOUND, WRONG_SOURCE]) + "\n"
    result = export_brief(text, library, "md", out, allow_unverified=True)
    written = out.read_text(encoding="utf-8")
    assert result.unverified == 2
    assert "## Evidence" in written and written.count("NOT VERIFIED") == 2
    assert "doe2020vote" in written  # the wrong-source detail names the right article


def test_verified_brief_exports_without_an_appendix(library, tmp_path):
    """A brief whose quotations all hold exports as before: no appendix unless asked for."""
    out = tmp_path / "brief.md"
    assert export_brief(GOOD + "\n", library, "md", out).unverified == 0
    assert "Evidence" not in out.read_text(encoding="utf-8")


def test_cli_export_refuses_then_allows(seeded, tmp_path, capsys):
    """`briefing export` exits 2 naming the failure; with --allow-unverified it writes and warns."""
    brief, out = tmp_path / "b.md", tmp_path / "b.docx"
    brief.write_text(WRONG_LOCATOR + "\n", encoding="utf-8")
    args = ["--library", str(seeded.root), "export", str(brief), "--to", "docx", "-o", str(out)]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert "wrong_locator" in captured.err and "the words are in ¶2" in captured.err
    assert not out.exists()
    assert main([*args, "--allow-unverified"]) == 0
    assert out.exists() and "1 quotation is not verified" in capsys.readouterr().out
