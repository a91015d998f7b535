"""Analyst corrections: an overlay that survives re-extraction and re-import, reported when stale."""

from __future__ import annotations

import json

import pytest

from briefing_app.cli import main
from briefing_app.core import claims as claims_pkg
from briefing_app.core.claims import corrections
from briefing_app.core.claims.archive_speakers import archive_speakers, fold
from briefing_app.core.errors import BriefingError

TEXT = (
    "Health Minister Anna Berg said the clinics would reopen on Monday.\n\n"
    "He added that the vaccine stock was enough for a month.\n\n"
    "The hospital board warned of staff shortages in the north.\n\n"
    "Residents were told to stay calm as the rules change soon enough.\n"
)


@pytest.fixture
def stored(workspace, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(TEXT, encoding="utf-8")
    [result] = workspace.import_paths([path])
    return workspace, workspace.article(result.id)


def _claim(article, words):
    return next(c for c in article.claims if words in (c["content"] or ""))


def _fix_speaker(ws, article, words, speaker):
    claim = _claim(article, words)
    correction = corrections.make(
        "speaker", article.text, claim["content_start"], claim["content_end"], speaker
    )
    corrections.add(ws.library, article, correction)


def test_reject_fix_and_add_are_applied_and_marked(stored):
    ws, article = stored
    first = _claim(article, "clinics would reopen")
    corrections.add(
        ws.library,
        article,
        corrections.make("reject", article.text, first["content_start"], first["content_end"]),
    )
    _fix_speaker(ws, article, "staff shortages", "Dr Jane Roe")
    start = article.text.index("Residents were told")
    corrections.add(
        ws.library, article, corrections.make("add", article.text, start, start + 40, "Mayor Li")
    )
    claims, problems = corrections.corrected_claims(ws.library, article)
    assert problems == []
    assert not any("clinics would reopen" in c["content"] for c in claims)
    fixed = next(c for c in claims if "staff shortages" in c["content"])
    assert fixed["speaker_name"] == "Dr Jane Roe" and fixed["corrected"] is True
    added = next(c for c in claims if c["content"].startswith("Residents were told"))
    assert added["speaker_name"] == "Mayor Li" and added["corrected"] and added["paragraph"] == 4
    # The record itself keeps what the extractor found.
    assert ws.article(article.id).claims == article.claims


def test_corrections_survive_a_new_extractor_version(stored, monkeypatch):
    ws, article = stored
    _fix_speaker(ws, article, "staff shortages", "Dr Jane Roe")
    monkeypatch.setattr(claims_pkg, "EXTRACTOR_VERSION", claims_pkg.EXTRACTOR_VERSION + 1)
    [refreshed] = ws.refresh_claims([article.id])
    claims, problems = corrections.corrected_claims(ws.library, refreshed)
    assert problems == []
    assert next(c for c in claims if "staff shortages" in c["content"])["corrected"]


def test_cli_json_marks_corrected_and_reports_stale(stored, capsys):
    ws, article = stored
    _fix_speaker(ws, article, "staff shortages", "Dr Jane Roe")
    stale = {"action": "reject", "start": 0, "end": 12, "text": "Words gone now"}
    document = corrections.read(ws.library.folder(article.id))
    document["corrections"].append(stale)
    document["future_key"] = {"kept": True}
    corrections.write(ws.library.folder(article.id), document)
    assert main(["claims", article.id, "--json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert any(
        c["corrected"] is True and c["speaker_name"] == "Dr Jane Roe" for c in data["claims"]
    )
    assert data["stale_corrections"][0]["correction"]["text"] == "Words gone now"
    assert "no longer applies" in err
    # A rewrite keeps keys it does not know.
    corrections.add(ws.library, article, corrections.make("reject", article.text, 0, 6))
    assert corrections.read(ws.library.folder(article.id))["future_key"] == {"kept": True}


def test_new_version_of_the_same_text_inherits_corrections(workspace, tmp_path):
    """A re-import under a new version (same URL, same text) keeps the analyst's corrections."""
    note = tmp_path / "a.md"
    body = "---\nsource: https://example.org/a\n---\n" + TEXT
    note.write_text(body, encoding="utf-8")
    [first] = workspace.import_paths([note])
    article = workspace.article(first.id)
    _fix_speaker(workspace, article, "staff shortages", "Dr Jane Roe")
    note.write_text(body + "\n", encoding="utf-8")  # new bytes, same text
    [second] = workspace.import_paths([note])
    assert second.id != first.id
    newer = workspace.article(second.id)
    claims, problems = corrections.corrected_claims(workspace.library, newer)
    assert problems == [] and any(c.get("corrected") for c in claims)


def test_bad_corrections_are_refused_plainly(stored):
    _ws, article = stored
    with pytest.raises(BriefingError):
        corrections.make("speaker", article.text, 0, 5, "  ")
    with pytest.raises(BriefingError):
        corrections.make("reject", article.text, 5, 5000)
    with pytest.raises(BriefingError):
        corrections.make("rename", article.text, 0, 5)


def test_damaged_corrections_file_is_an_error_not_a_crash(stored):
    ws, article = stored
    (ws.library.folder(article.id) / "corrections.json").write_text("{oops", encoding="utf-8")
    with pytest.raises(BriefingError, match="cannot be read"):
        corrections.corrected_claims(ws.library, article)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Aliyev", "Əliyev"),
        ("Ilham Aliyev", "İlham Əliyev"),
        ("President Xi", "Xi"),
        ("José", "Jose"),
    ],
)
def test_names_fold(a, b):
    assert fold(a) == fold(b)


def test_archive_speakers_merge_aliases_and_count(workspace, tmp_path):
    texts = {
        "a.md": "---\npublished: 2020-01-02\n---\nChinese President Xi Jinping said trade would grow.\n",
        "b.md": "---\npublished: 2019-05-01\n---\nPresident Xi said the talks were useful.\n",
        "c.md": "---\npublished: 2021-03-03\n---\nXi said the plan would go ahead in spring.\n\n"
        "President Ilham Aliyev said the border was calm.\n",
        "d.md": "---\npublished: 2021-04-04\n---\nPresident Ilham Əliyev said the talks would resume.\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    workspace.import_paths(sorted(tmp_path.glob("*.md")))
    speakers = archive_speakers(workspace.library)
    xi = next(s for s in speakers if "Xi Jinping" in s.name)
    assert xi.count == 3 and {"Xi", "Xi Jinping"} <= xi.aliases
    assert [c.date for c in xi.claims] == sorted(c.date for c in xi.claims)
    aliyev = [s for s in speakers if fold(s.name).endswith("aliyev")]
    assert len(aliyev) == 1 and aliyev[0].count == 2
