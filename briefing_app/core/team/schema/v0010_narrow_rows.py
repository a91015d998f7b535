"""Search rows narrowed: an article's text and claim details out of line, its rank vector kept.

Step v0009 raised `search_articles`'s `toast_tuple_target` to 4000 so that the rank vector
(`STORAGE MAIN`) would stay on the row. It stays without that: PostgreSQL moves a `MAIN`
column out of line only when the row would not fit in a page. What the raised target kept on
the row besides was the text (`paragraphs`, some 2 KB) and the claims' details (`claims`),
read only for the page of hits and by index writes: a row took 3.4 KB, and at 100,000
articles a search for a common word read 43,600 pages for its 98,700 matches. Under the
default target they go out of line, and the same search reads 28,300.

The table is rewritten once (`CLUSTER`, which may run in the migration's transaction), so
that the rows stored under the raised target are narrowed too.
"""

SQL = """
ALTER TABLE search_articles RESET (toast_tuple_target);
CLUSTER search_articles USING search_articles_pkey;
"""
