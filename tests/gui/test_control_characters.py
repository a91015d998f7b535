"""Control characters from an article are shown as visible symbols, never acted on."""

from __future__ import annotations

from briefing_app.core.display import visible_control
from briefing_app.gui.reader import ArticleView
from tests.core.brief.articles import seed_article

HOSTILE_TITLE = "\x1b]0;PWNED\x07\x1b[2JRed alert\u202e"


def test_reader_header_shows_control_characters_as_symbols(qtbot):
    """The title, details and URL of a tampered article: ␛ and ⟨U+202E⟩, not raw escapes."""
    article = seed_article()
    article.metadata.title = HOSTILE_TITLE
    article.metadata.publisher = "Pub\x9b31m"
    view = ArticleView(article)
    qtbot.addWidget(view)
    view.show()
    shown = view.toPlainText()
    header = shown.split("\n", 1)[0]
    assert header == "\u241b]0;PWNED\u2407\u241b[2JRed alert\u27e8U+202E\u27e9"
    assert "\u27e8U+009B\u27e9" in shown
    assert not any(c in shown for c in "\x1b\x07\x9b\u202e")
    assert "\u241b" in view.accessibleName()


def test_visible_control_is_the_terminal_rule_drawn_differently():
    """The GUI rule and the terminal rule pick the same characters."""
    from briefing_app.core.display import UNSAFE, escape_control

    text = "a\x00b\x1fc\x7fd\x85e\u2028f\u202ag\u2069h\ud800i\tj\nk"
    assert UNSAFE.findall(visible_control(text)) == []
    assert UNSAFE.findall(escape_control(text)) == []
    assert visible_control("plain — text ✓") == "plain — text ✓"
