"""Each article's words used more than once in a short vector on its row, to rank on.

A word search ranked every match on its words vector (step v0007): some 5 KB, stored out of
line (TOAST) and read back in pieces through the TOAST index for each match; that was half
of a search for a common word. `search_articles.rank_words` holds the same vector without
its words used once (class D, about two words in three): some 1.7 KB, kept on the row
(`STORAGE MAIN`; the table's `toast_tuple_target` was raised too, which step v0010 undoes:
it kept the text on the row as well). Generated from `words`, it needs no writer and no
rebuild; adding it rewrites the table once.

`search.Backend` ranks a word, prefix or fuzzy search on it, with weights that give the same
score as the whole vector whenever the article holds every ranked word (`search._score`).
"""

SQL = """
ALTER TABLE search_articles SET (toast_tuple_target = 4000);
ALTER TABLE search_articles ADD COLUMN rank_words tsvector
    GENERATED ALWAYS AS (ts_filter(words, '{A,B,C}')) STORED;
ALTER TABLE search_articles ALTER COLUMN rank_words SET STORAGE MAIN;
"""
