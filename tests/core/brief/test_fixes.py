"""Quick fixes: each failing status proposes the edit it implies, and the fixed brief verifies."""

from __future__ import annotations

from briefing_app.core.brief.fixes import apply_edits, propose_fix
from briefing_app.core.brief.verify import check_brief
from tests.core.brief.articles import SEED_KEY, plain_article, reimported_library, seed_article

K = SEED_KEY


def _library():
    seed = seed_article()
    other = plain_article("doe2020vote", "Council vote", ["The vote will not take place in 2020."])
    return {seed.key: seed, other.key: other}


def _fix_and_recheck(text: str, library):
    (check,) = check_brief(text, library)
    fix = propose_fix(text, check, library)
    fixed = apply_edits(text, fix.edits)
    return check, fix, fixed, [c.status for c in check_brief(fixed, library)]


def test_wrong_locator_fix_cites_the_right_paragraph():
    """`¶3` for words in ¶2 becomes `¶2`; prefix, suffix and the other items stay."""
    text = f"He wrote “heaps of cash” [see @{K}, ¶3, emphasis added; @doe2020vote]."
    check, fix, fixed, statuses = _fix_and_recheck(text, _library())
    assert check.status == "wrong_locator" and (fix.kind, fix.target) == ("locator", "¶2")
    assert fixed == f"He wrote “heaps of cash” [see @{K}, ¶2, emphasis added; @doe2020vote]."
    assert statuses == ["verified"]


def test_wrong_locator_fix_keeps_the_para_style():
    """A `para. 3` locator is corrected in the same style."""
    _, _, fixed, statuses = _fix_and_recheck(f"“heaps of cash” [@{K}, para. 3]", _library())
    assert fixed == f"“heaps of cash” [@{K}, para. 2]" and statuses == ["verified"]


def test_wrong_source_fix_cites_the_article_with_the_words():
    """Words cited to the seed but found in the council article cite that article instead."""
    text = f"“The vote will not take place” [@{K}, ¶1]."
    check, fix, fixed, statuses = _fix_and_recheck(text, _library())
    assert check.status == "wrong_source" and fix.target == "@doe2020vote, ¶1"
    assert fixed == "“The vote will not take place” [@doe2020vote, ¶1]."
    assert statuses == ["verified"]


def test_not_found_fix_shows_the_closest_passage_with_differences_marked():
    """not_found offers the article's own words; the marks cover exactly the differing words."""
    text = f"“China is only an aspiring global power” [@{K}, ¶2]"
    check, fix, fixed, statuses = _fix_and_recheck(text, _library())
    assert check.status == "not_found" and fix.kind == "closest" and fix.paragraph == 2
    assert fix.passage == "China is not only an aspiring global power"
    assert [fix.passage[a:b] for a, b in fix.marks] == ["not"]
    assert fixed == f"“{fix.passage}” [@{K}, ¶2]" and statuses == ["verified"]


def test_changed_since_quoted_fix_requotes_from_the_current_text(tmp_path):
    """The old and current words are both shown; the fix quotes the current ones."""
    lib = reimported_library(tmp_path)
    text = f"“an aspiring global power with heaps of cash” [@{K}, ¶2]"
    check, fix, fixed, statuses = _fix_and_recheck(text, lib)
    assert check.status == "changed_since_quoted" and fix.kind == "requote"
    assert fix.quoted == "an aspiring global power with heaps of cash"
    assert fix.passage == "an aspiring global power with plenty of money,"
    assert fixed == f"“an aspiring global power with plenty of money” [@{K}, ¶2]"
    assert statuses == ["verified"]


def test_blockquote_fix_keeps_its_trailing_citation():
    """A not_found blockquote is replaced line for line, its citation kept and corrected."""
    text = f"> China is only an aspiring global power [@{K}, ¶1]\n"
    check, fix, fixed, statuses = _fix_and_recheck(text, _library())
    assert check.block and fix.kind == "closest"
    assert fixed == f"> China is not only an aspiring global power [@{K}, ¶2]\n"
    assert statuses == ["verified"]


def test_verified_and_uncited_quotations_have_no_fix():
    """Nothing to fix for a verified quotation; an uncited one has no implied edit."""
    library = _library()
    for text in (f"“heaps of cash” [@{K}, ¶2]", "“heaps of cash”"):
        (check,) = check_brief(text, library)
        assert propose_fix(text, check, library) is None
