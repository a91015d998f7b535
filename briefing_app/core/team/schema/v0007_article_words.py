"""Each article's body words in one vector on its own row, to match and rank word searches.

A search for a word matched the body's stored parts (`search_text`) and ranked each match by
reading its parts again, one index lookup and one large vector per match: a common word cost
hundreds of milliseconds at 10,000 articles. `search_articles.words` holds every distinct
word of the body once (`search_text.words_vector`), with a GIN index: a word or prefix
search finds its articles in the index alone, and ranks them on that one vector.

A phrase still needs the parts. Their one GIN index is split in two: the article bodies'
parts, and every other field's. A phrase found in the bodies then rechecks body parts only, where
the whole index handed it every claim and title part holding the phrase's words as well.

`words_complete` is false where the vector does not hold every word: rows written before this
step (their vector is empty until the next rebuild) and a body with more distinct words than
one vector holds. While any such row exists, searches match on the parts as before, so the
results never depend on it.
"""

SQL = """
ALTER TABLE search_articles ADD COLUMN words tsvector NOT NULL DEFAULT '';
ALTER TABLE search_articles ADD COLUMN words_complete boolean NOT NULL DEFAULT false;
CREATE INDEX search_articles_words ON search_articles USING gin (words);
CREATE INDEX search_articles_incomplete ON search_articles (aid) WHERE NOT words_complete;
DROP INDEX search_text_words;
CREATE INDEX search_text_body_words ON search_text USING gin (tsv)
    WHERE claim = -1 AND field = 'body';
CREATE INDEX search_text_other_words ON search_text USING gin (tsv)
    WHERE claim <> -1 OR field <> 'body';
"""
