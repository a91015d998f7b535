"""The articles a team library shows: every stored article but those in the trash.

The trash of a team library (step v0003) marks articles instead of moving them, so their tags,
notes and highlights wait for a restore. Everything that lists, finds or reads articles reads
this view; writes go to `articles`. A later step that adds a column to `articles` must create
the view again (a view's `*` is fixed when it is made).
"""

SQL = """
CREATE VIEW live_articles AS
    SELECT * FROM articles
    WHERE NOT EXISTS (SELECT 1 FROM trashed_articles AS t WHERE t.article_id = articles.id);
"""
