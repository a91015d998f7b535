"""Search rows narrowed: an article's text and claim details out of line, what every match
needs kept on the row.

A search reads the row of every match: its rank vector (`rank_words`, step v0009) and its
facet columns. Step v0009 raised `search_articles`'s `toast_tuple_target` to 4000 so that the
rank vector would stay on the row; that kept there the text (`paragraphs`, some 2 KB) and the
claims' details (`claims`) as well, which only the page of hits and the index writes read: a
row took 3.4 KB.

PostgreSQL moves a row's values out of line, largest first, while the row exceeds the target,
down to any value over 24 bytes; a column of `STORAGE MAIN` goes out only when the row would
not fit in a page. So under the default target the short columns every match reads (id, key,
title, dates, languages, collections, the facets) are made `MAIN` too: the text and claims go
out of line and they stay. A row takes about 2.5 KB, and at 100,000 articles a search for a
common word took 8-12% less time (the default target alone, without `MAIN` on the short
columns, sent the authors and titles out of line as well, and took 49% more).

The table is rewritten once (`CLUSTER`, which may run in the migration's transaction), so
that the rows stored before are narrowed too.
"""

_ON_THE_ROW = (
    "aid", "key", "title", "publisher", "published", "paragraph_starts", "supersedes",
    "language", "collection", "f_publisher", "f_author", "f_year", "f_series", "f_date",
    "f_tag", "f_collection",
)  # fmt: skip

SQL = f"""
ALTER TABLE search_articles RESET (toast_tuple_target),
    {", ".join(f"ALTER COLUMN {name} SET STORAGE MAIN" for name in _ON_THE_ROW)};
CLUSTER search_articles USING search_articles_pkey;
"""
