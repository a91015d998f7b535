"""The live preview: pause-based rendering, scroll kept, footnotes shown, nothing remote loaded."""

from __future__ import annotations

import base64
import http.server
import threading

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from briefing_app.core.settings import Settings
from briefing_app.gui.brief_rendering import make_renderer, preview_css
from briefing_app.gui.preview import BriefPreview, decode_data_url
from tests.gui.brief_helpers import SAMPLE_KEY, add_sample_article

PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture
def http_server():
    """A local HTTP server on 127.0.0.1 that counts every request it receives."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (stdlib override)
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG_1X1)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def _preview(qtbot, render) -> BriefPreview:
    preview = BriefPreview(render)
    preview.resize(500, 300)
    qtbot.addWidget(preview)
    preview.show()
    return preview


def test_render_waits_for_a_pause(qtbot):
    """Changes are rendered once, after the pause, with the latest text."""
    calls: list[str] = []
    preview = _preview(qtbot, lambda text: calls.append(text) or f"<p>{text}</p>")
    preview.schedule("a")
    preview.schedule("ab")
    preview.schedule("abc")
    assert calls == [] and preview.is_pending()
    with qtbot.waitSignal(preview.rendered, timeout=3000):
        pass
    assert calls == ["abc"]
    assert preview.document_text() == "abc"


def test_pause_grows_with_the_render_cost(qtbot):
    """A slow render lengthens the pause before the next one (bounded)."""
    import time

    preview = _preview(qtbot, lambda text: time.sleep(0.3) or "<p>x</p>")
    preview.render_now("x")
    preview.schedule("y")
    assert 500 <= preview.pause_ms() <= 1500


def test_scroll_position_is_kept(qtbot):
    """Re-rendering keeps the reader where they were."""
    long_html = "".join(f"<p>paragraph {n}</p>" for n in range(300))
    preview = _preview(qtbot, lambda text: long_html + text)
    preview.render_now("")
    bar = preview.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    middle = bar.value()
    preview.render_now("<p>one more</p>")
    assert bar.value() == middle


def test_render_failure_is_reported_not_raised(qtbot):
    """A renderer error is signalled; the previous preview stays."""

    def broken(text):
        raise ValueError("bad brief")

    preview = _preview(qtbot, broken)
    with qtbot.waitSignal(preview.render_failed) as blocker:
        preview.render_now("x")
    assert "bad brief" in blocker.args[0]


def test_preview_shows_the_footnote_of_a_citation(qtbot, workspace):
    """A citation of a library article renders as a numbered note with the paragraph locator."""
    add_sample_article(workspace)
    preview = _preview(qtbot, make_renderer(workspace, Settings()))
    preview.render_now(f"# Gas\n\nA “gas union” [@{SAMPLE_KEY}, ¶1].\n")
    text = preview.document_text()
    assert "“gas union.”1" in text  # the note number after the punctuation (CMOS 14.26, 6.9)
    assert "Emil Avdaliani, “Kazakhstan's Expanding Multi-Vector Foreign Policy,”" in text
    assert "¶1" in text
    assert "Bibliography" in text


def test_preview_shows_the_footnote_for_the_seed(qtbot, seeded):
    """The imported seed article is cited as a footnote in the preview."""
    [article] = seeded.articles()
    preview = _preview(qtbot, make_renderer(seeded, Settings()))
    preview.render_now(f"Akchulakov on the “gas union” [@{article.key}, ¶1].\n")
    text = preview.document_text()
    assert "Avdaliani" in text
    assert "¶1" in text
    assert "unknown source" not in text


def test_preview_never_requests_a_remote_url(qtbot, workspace, http_server):
    """Remote images, style sheets and links in a brief cause zero requests to a live server."""
    base, hits = http_server
    brief = (
        f"---\ntitle: Hostile\n---\n\n![chart]({base}/image.png)\n\n"
        f'<img src="{base}/raw.png"><link rel="stylesheet" href="{base}/style.css">\n\n'
        f"[a link]({base}/page) and <{base}/auto>\n\n"
        f'<p style="background: url({base}/bg.png)">styled</p>\n'
    )
    preview = _preview(qtbot, make_renderer(workspace, Settings()))
    preview.render_now(brief)
    qtbot.wait(300)
    assert hits == []


def test_preview_refuses_remote_resources_even_in_raw_html(qtbot, http_server):
    """Should a renderer ever emit remote <img> or CSS, the preview itself refuses to load it."""
    base, hits = http_server
    html = (
        f'<p>x<img src="{base}/a.png"></p><p style="background-image: url({base}/b.png)">y</p>'
        f'<table background="{base}/c.png"><tr><td>z</td></tr></table>'
    )
    preview = _preview(qtbot, lambda text: html)
    preview.render_now("")
    qtbot.wait(300)
    assert hits == []
    assert f"{base}/a.png" in preview.refused_urls


def test_data_urls_and_local_files_load(qtbot, tmp_path):
    """data: images and files next to the brief are allowed: they are local."""
    (tmp_path / "chart.png").write_bytes(PNG_1X1)
    preview = _preview(qtbot, lambda text: text)
    preview.set_base_dir(tmp_path)
    assert preview.loadResource(2, QUrl("chart.png")) == PNG_1X1
    data_url = "data:image/png;base64," + base64.b64encode(PNG_1X1).decode()
    assert preview.loadResource(2, QUrl(data_url)) == PNG_1X1
    assert preview.loadResource(2, QUrl("https://example.org/x.png")) is None
    assert decode_data_url("data:text/plain,a%20b") == b"a b"
    assert decode_data_url("not-a-data-url") is None


def test_links_open_only_on_click_and_only_for_http(qtbot, monkeypatch):
    """http(s) links open in the browser when clicked; other schemes are refused; #notes scroll."""
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True
    )
    preview = _preview(qtbot, lambda text: text)
    preview.render_now('<p><a href="https://example.org/a">web</a></p>')
    assert opened == []  # rendering alone opens nothing
    preview.anchorClicked.emit(QUrl("https://example.org/a"))
    with qtbot.waitSignal(preview.link_refused) as blocker:
        preview.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert blocker.args == ["file:///etc/passwd"]
    preview.anchorClicked.emit(QUrl("#fn1"))
    assert opened == ["https://example.org/a"]


def test_preview_css_follows_the_palette(qtbot):
    """The preview style sheet takes the palette's text colour (dark mode stays legible)."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#202020"))
    assert "body { color: #eeeeee;" in preview_css(palette)
