"""Where each stored part of a text field starts, so a hit's matched words are read from rows.

`search_text.base` is the field's word position just before the part's first word: a position
p stored in the part's tsvector is the word at base + p of the field (a long field is cut into
overlapping parts, each counting from 1). With it, a search finds the positions of its matched
words in the body of the page's hits with one query over the rows, as the Whoosh backend reads
them from its postings, instead of reading every word of every hit's paragraphs in Python.

Rows written before this step have no base (NULL); for those articles the matched words are
still found in the stored paragraphs, with the same result. A rebuild fills every row.
"""

SQL = """
ALTER TABLE search_text ADD COLUMN base integer;
"""
