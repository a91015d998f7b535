"""Each attribution pattern on sentences written for the purpose."""

from __future__ import annotations

import pytest

from briefing_app.core.claims import extract_claims
from briefing_app.core.claims.sentences import split_sentences
from briefing_app.core.claims.speakers import split_name_role


def reported(text: str) -> list:
    return [c for c in extract_claims(text) if c.kind == "reported"]


def one(text: str):
    claims = reported(text)
    assert len(claims) == 1, [(c.cue, c.content) for c in claims]
    return claims[0]


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        (
            "The finance minister said that the budget would be balanced by 2026.",
            "The finance minister",
            "said",
            "the budget would be balanced by 2026",
        ),
        (
            "Senator Jane Ortiz said the bill had no chance in the House.",
            "Senator Jane Ortiz",
            "said",
            "the bill had no chance in the House",
        ),
        (
            "The talks stalled over grain exports, two diplomats said.",
            "two diplomats",
            "said",
            "The talks stalled over grain exports",
        ),
        (
            "The talks stalled over grain exports, said Anna Berg.",
            "Anna Berg",
            "said",
            "The talks stalled over grain exports",
        ),
        (
            "According to the ministry, exports fell by a third in May.",
            "the ministry",
            "According to",
            "exports fell by a third in May",
        ),
        (
            "Exports fell by a third in May, according to customs data.",
            "customs data",
            "according to",
            "Exports fell by a third in May",
        ),
        (
            "“We will not sign this agreement,” the president told reporters.",
            "the president",
            "told",
            "“We will not sign this agreement,”",
        ),
        (
            "The mayor told the council that the bridge would reopen in June.",
            "The mayor",
            "told",
            "the bridge would reopen in June",
        ),
        (
            "The governor has repeatedly said the plant is safe.",
            "The governor",
            "said",
            "the plant is safe",
        ),
        (
            "Melezia Figueroa, a campaign spokeswoman, said the candidate had left the venue.",
            "Melezia Figueroa, a campaign spokeswoman",
            "said",
            "the candidate had left the venue",
        ),
    ],
)
def test_verb_frames(text, speaker, cue, content):
    """'X said (that) Y', 'Y, X said', 'Y, said X', 'According to X, Y', 'X told Z (that) Y'."""
    claim = one(text)
    assert (claim.speaker.text, claim.cue.text, claim.content.text) == (speaker, cue, content)
    assert text[claim.content.start : claim.content.end] == claim.content.text


def test_colon_frame():
    """'X: Y' at the start of a line names the speaker."""
    claim = one("PENCE: Well, the debate will be about jobs and security.")
    assert claim.speaker.text == "PENCE" and claim.content.text.startswith("Well, the debate")


def test_split_quotation_has_two_parts():
    """'"A," she said. "B."' is one claim with two parts, both direct."""
    claim = one("“The vote is close,” she said. “We need every county.”")
    assert claim.direct and claim.content.text == "“The vote is close,”"
    assert [p.text for p in claim.content_parts] == ["“We need every county.”"]


def test_quotation_spanning_sentences_stays_whole():
    """A quotation of several sentences is not cut at its inner full stops."""
    claim = one("“We tried. We failed. We will try again,” said Omar Haddad.")
    assert claim.content.text == "“We tried. We failed. We will try again,”"
    assert claim.speaker_name == "Omar Haddad"


def test_quotation_across_paragraphs():
    """'X said:' closing a paragraph takes the next paragraph as its content."""
    text = "The ambassador said:\n\n“Our position has not changed since the summit.”"
    claim = one(text)
    assert claim.content.text.startswith("“Our position") and claim.paragraph == 1


def test_coordinated_cues_share_speaker_and_split_content():
    """'X underscored A and pledged B' gives two claims by X."""
    claims = reported(
        "During the visit, the premier underscored the value of trade and pledged to open the border."
    )
    assert [(c.cue.text, c.content.text) for c in claims] == [
        ("underscored", "the value of trade"),
        ("pledged", "to open the border"),
    ]
    assert claims[0].speaker.text == claims[1].speaker.text == "the premier"


def test_second_clause_with_own_speaker_ends_first_content():
    """'X said A, though she acknowledged B': the first content ends at the comma."""
    claims = reported(
        "Figueroa said the campaign planned a protest, though she acknowledged it was unlikely to work."
    )
    assert [c.content.text for c in claims] == [
        "the campaign planned a protest",
        "it was unlikely to work",
    ]


def test_agentless_passive_has_no_speaker():
    """'was read as Y' is reported without a speaker; the clause after 'but' is the author's."""
    claims = extract_claims(
        "The message was read as a warning to its neighbours, but the timing may suggest a domestic audience."
    )
    passive = next(c for c in claims if c.kind == "reported")
    assert passive.speaker is None and passive.cue.text == "was read as"
    assert passive.content.text == "a warning to its neighbours"
    author = next(c for c in claims if c.kind == "assessment")
    assert author.content.text.startswith("the timing") and "may suggest" in author.hedges


def test_reduced_relative_by_agent():
    """'the plan suggested by X' attributes the noun phrase to X."""
    claims = reported(
        "Officials discussed the corridor proposed by Turkish President Recep Erdogan."
    )
    assert any(c.cue.text == "proposed" and c.speaker_name == "Recep Erdogan" for c in claims)


def test_pronoun_and_description_resolve_to_last_named_speaker():
    """'she' and 'the German leader' resolve back to the named speaker."""
    text = (
        "German Chancellor Petra Vogt said the deal was fair. "
        "She added that talks would resume. The German leader warned that time was short."
    )
    claims = reported(text)
    assert [c.speaker_name for c in claims] == ["Petra Vogt"] * 3
    assert claims[2].speaker_role == "German Chancellor"


def test_surname_resolves_to_full_name():
    """A later surname-only mention takes the full name and role."""
    claims = reported(
        "Stein spokeswoman Melezia Figueroa said the bus left. Figueroa said it returned at noon."
    )
    assert (
        claims[1].speaker_name == "Melezia Figueroa"
        and claims[1].speaker_role == "Stein spokeswoman"
    )


def test_not_reporting_uses():
    """Nouns and modal inferences are not attributions."""
    assert reported("The Central Asian states want more trade with China.") == []
    assert reported("The cited study covered 40 countries and ten years of data.") == []
    assert reported("The timing could indicate that the message was meant for Moscow.") == []


def test_assessment_strips_openers_and_references():
    """An author's sentence loses its connective opener and trailing source reference."""
    claims = extract_claims(
        "Moreover, the region has become far more volatile (Reuters, May 2).", author="A. Writer"
    )
    assert claims[0].kind == "assessment" and claims[0].speaker_name == "A. Writer"
    assert claims[0].content.text == "the region has become far more volatile"


def test_questions_and_short_fragments_are_not_assessments():
    """Questions and fragments are not the author's claims."""
    assert extract_claims("What comes next? Not much.") == []


@pytest.mark.parametrize(
    ("phrase", "name", "role"),
    [
        (
            "Kazakhstani Energy Minister Bolat Akchulakov",
            "Bolat Akchulakov",
            "Kazakhstani Energy Minister",
        ),
        ("Russian President Vladimir Putin", "Vladimir Putin", "Russian President"),
        ("Sen. Elizabeth Warren", "Elizabeth Warren", "Sen."),
        ("The New York Post", "The New York Post", None),
        ("a campaign spokeswoman", None, "campaign spokeswoman"),
    ],
)
def test_split_name_role(phrase, name, role):
    """Titles before a name become the role."""
    assert split_name_role(phrase) == (name, role)


def test_segmenter_keeps_abbreviations_and_quotes():
    """'U.S.', 'Sen.' and quotations do not end sentences; a new capitalised sentence does."""
    text = "Sen. Smith of the U.S. Senate spoke. “We tried. We failed,” he said. He left."
    units = [text[a:b] for a, b in split_sentences(text)]
    assert units == [
        "Sen. Smith of the U.S. Senate spoke.",
        "“We tried. We failed,” he said.",
        "He left.",
    ]


def test_quotation_continuing_into_the_next_paragraph_keeps_its_speaker():
    """A paragraph ending inside a quotation, the next reopening it: one claim, one speaker."""
    text = (
        "Mayor Ana Lima said, “We will rebuild the bridge before winter.\n\n"
        "“The money is there and the crews are ready. Nobody will be left waiting,” she added."
        "\n\n“This is not part of it.”"
    )
    claims = reported(text)
    first = next(c for c in claims if c.content.text.startswith("“We will rebuild"))
    assert first.speaker_name == "Ana Lima"
    assert any(p.text.startswith("“The money is there") for p in first.content_parts) or any(
        c.content.text.startswith("“The money") and c.speaker_name == "Ana Lima" for c in claims
    )
    assert not any("not part of it" in p.text for p in first.content_parts)


def test_continuation_without_a_cue_joins_the_open_quotation():
    text = (
        "Senator Ruth Cole said, “The bill fails the families it was written for.\n\n"
        "“It must be rewritten from the first page.”"
    )
    [claim] = reported(text)
    assert claim.speaker_name == "Ruth Cole"
    assert [p.text for p in claim.content_parts] == ["“It must be rewritten from the first page.”"]


def test_doubled_apostrophes_are_quotation_marks():
    """''Y,'' X said. ''Z'': one quoted claim in two parts, spans on the real text."""
    text = (
        "''There is also great love for the country,'' he said. "
        "''It is a beautiful thing in many respects.''"
    )
    [claim] = reported(text)
    assert claim.content.text == "''There is also great love for the country,''"
    assert [p.text for p in claim.content_parts] == [
        "''It is a beautiful thing in many respects.''"
    ]
    assert claim.speaker.text == "he"


def test_quotation_inside_a_reported_sentence_continues_in_the_next():
    text = "Yet he is a “change agent,” Cole said. “That is exactly what people want right now.”"
    [claim] = reported(text)
    assert claim.speaker_name == "Cole"
    assert claim.content_parts[0].text.startswith("“That is exactly")


def test_name_colon_quotation_inside_a_sentence():
    """'HEADLINE - Jane M. Roe: “…”' is Roe's; 'said via Twitter: “…”' is not Twitter's."""
    claims = reported("EARLY POLLS ARE NOT WRONG - Jane M. Roe: “The samples were too small.”")
    assert claims and claims[0].speaker.text == "Jane M. Roe"
    claims = reported("Regarding the call, Omar Haddad said via Twitter: “It was improper.”")
    assert all(c.speaker_name != "Twitter" for c in claims)


def test_continued_reports_only_before_a_quotation():
    assert reported("Prices continued to rise through the spring and summer.") == []
    [claim] = reported("“We will win,” he continued. ")
    assert claim.cue.text == "continued"
