"""Each claim's claim and speaker words in a vector of its own, as v0007 did for articles.

A claim search for a common word read and ranked the claim and speaker parts of every
matching claim (about 35 claims an article): over a second at 10,000 articles.
`search_claims.claim_words` and `speaker_words` hold each field's distinct words
(`search_text.words_vector`), with GIN indexes: a claim search for words or prefixes finds its
claims in the indexes and ranks them on these two short vectors, kept on the claim's row.

`words_complete` is false for rows written before this step (until the next rebuild) and
for a claim with more distinct words than a vector holds; while any such claim exists, claim
searches match on the parts as before.
"""

SQL = """
ALTER TABLE search_claims ADD COLUMN claim_words tsvector NOT NULL DEFAULT '';
ALTER TABLE search_claims ADD COLUMN speaker_words tsvector NOT NULL DEFAULT '';
ALTER TABLE search_claims ADD COLUMN words_complete boolean NOT NULL DEFAULT false;
CREATE INDEX search_claims_claim_words ON search_claims USING gin (claim_words);
CREATE INDEX search_claims_speaker_words ON search_claims USING gin (speaker_words);
CREATE INDEX search_claims_incomplete ON search_claims (aid) WHERE NOT words_complete;
"""
