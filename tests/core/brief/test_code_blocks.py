"""Citations and quotations inside code (spans, fenced and indented blocks) are literal text."""

from __future__ import annotations

import pytest

from briefing_app.core.brief.export import export_brief, resolved_markdown
from briefing_app.core.brief.render import render_html
from briefing_app.core.brief.verify import check_brief
from tests.core.brief.articles import SEED_KEY, seed_article

K = SEED_KEY
BRIEF = f"""---
title: Code
---
Write citations like this:

```markdown
“heaps of cash” [@{K}, ¶2]
```

    “a necessary counterbalance” [@{K}, ¶2]

~~~
[@nobody2020none]
~~~

- A list item with code:

  ```
  “a necessary counterbalance” [@{K}]
  ```

Inline: `“heaps of cash” [@{K}]`. The real one: “heaps of cash” [@{K}, ¶2].
"""


@pytest.fixture
def library():
    article = seed_article()
    return {article.key: article}


def test_render_makes_notes_only_outside_code(library):
    """The preview shows code verbatim and makes one note, for the citation outside code."""
    result = render_html(BRIEF, library)
    assert len(result.notes) == 1 and not result.errors
    assert f"[@{K}, ¶2]" in result.html and "[@nobody2020none]" in result.html


def test_export_resolves_only_citations_outside_code(library, tmp_path):
    """Markdown export keeps citations inside code blocks literal; only one footnote is made."""
    markdown, writer = resolved_markdown(BRIEF, library)
    assert markdown.count("[^cite-") == 2  # the reference and its definition
    assert f"“heaps of cash” [@{K}, ¶2]\n```" in markdown
    assert "[@nobody2020none]" in markdown  # an unknown key inside code is not an error
    result = export_brief(BRIEF, library, "md", tmp_path / "out.md")
    assert result.notes == 1


def test_check_ignores_quotations_in_code(library):
    """Only the quotation outside code is checked."""
    checks = check_brief(BRIEF, library)
    assert [(c.quote, c.status) for c in checks] == [("heaps of cash", "verified")]
    assert (
        checks[0].line
        == BRIEF.splitlines().index(
            next(line for line in BRIEF.splitlines() if line.startswith("Inline"))
        )
        + 1
    )


def test_indented_code_after_a_blockquote_is_not_its_citation(library):
    """A citation shown as indented code below a blockquote does not cite the blockquote."""
    text = f"> “heaps of cash”\n\n    [@{K}, ¶2]\n"
    assert [c.status for c in check_brief(text, library)] == ["no_citation"]
