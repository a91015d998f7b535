"""A small article stored straight into a library, so brief tests need no importer.

Its paragraphs are the seed article's first three paragraphs (shortened), with the hard wraps
joined and the UTF-16 damage undone but the lost apostrophes left as the file has them; the
seed file itself ships in `seeds/`, and tests that need the real import use `seeded`.
"""

from __future__ import annotations

import hashlib

from briefing_app.core.article import Article, article_id
from tests.core.brief.articles import SEED_KEY, seed_metadata

SAMPLE_KEY = SEED_KEY
SAMPLE_PARAGRAPHS = [
    "Recently, Kazakhstani Energy Minister Bolat Akchulakov declared that, while his country "
    "maintains close ties with Russia and Uzbekistan on gas transit, no formal discussions have "
    "been held regarding the possible formation of a gas union, the trilateral initiative "
    "suggested by Russian President Vladimir Putin (Radio Free Europe/Radio Liberty, "
    "November 29). Kazakhstans refusal would not be as surprising had it not been for the "
    "incredible geopolitical upheavals that have begun to transform the wider Eurasian region "
    "since Russias re-invasion of Ukraine in February 2022.",
    "Moreover, Kazakhstan has been emboldened by a strategic relationship that Ukraine, "
    "Georgia or Moldova do not enjoy \u2014namely, its deepening cooperation with Beijing. China is "
    "not only an aspiring global power with heaps of cash, but it also shares a long common "
    "border with Kazakhstan, thus placing Beijing as a necessary counterbalance to Moscow.",
    "Chinas special relationship with Kazakhstan was reflected in Chinese President Xi Jinpings "
    "choice to visit Astana for his first official visit abroad after the COVID-19 pandemic "
    "(Fmprc.gov.cn, September 15). During his trip, the Chinese leader underscored Beijings "
    "support for its neighbors independence and pledged to defend Kazakhstans territorial "
    "integrity.",
]


def add_sample_article(workspace) -> Article:
    """Store the sample article in the workspace's library and return it."""
    original = "\n\n".join(SAMPLE_PARAGRAPHS).encode("utf-8")
    article = Article(
        id=article_id(original),
        sha256=hashlib.sha256(original).hexdigest(),
        key=SAMPLE_KEY,
        metadata=seed_metadata(),
        paragraphs=list(SAMPLE_PARAGRAPHS),
        original_name="original.txt",
        media_type="text/plain",
        imported_at="2026-01-05T10:00:00+00:00",
    )
    with workspace.library.lock:
        workspace.library.add(article, original)
    return article


def sample_tab(qtbot, workspace, settings_path, monkeypatch):
    """A shown BriefTab over a library holding the sample article (error popups recorded)."""
    from briefing_app.core.settings import Settings
    from briefing_app.gui.brief_tab import BriefTab

    add_sample_article(workspace)
    monkeypatch.setattr(BriefTab, "_show_error", lambda self, title, msg: None)
    tab = BriefTab(workspace, Settings(path=settings_path))
    qtbot.addWidget(tab)
    tab.show()
    return tab
