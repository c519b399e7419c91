-- Full-text search index over item rationales and case summaries, built inside imr.duckdb at publish
-- time (pipeline/search.py) and queried with BM25 by sql/search/query.sql. Plain SQL: no extension.
--
--   search_docs(doc_id, item_id, case_id, kind, len)  one row per indexed text; kind = rationale | summary,
--                                                     item_id NULL for case summaries, len = indexed tokens
--   search_terms(term, doc_id, tf)                    the inverted index: term frequency per document
--   search_vocab(term, df)                            documents containing each term
--   search_stats(n_docs, avg_len, k1, b, built_at)    collection statistics and the BM25 parameters
--   search_stopwords(word)                            words left out of the index and of queries
--
-- Tokens: lower-cased text split on every run of characters other than a-z and 0-9 (search_split),
-- keeping tokens of two or more characters that are not stopwords. Queries are tokenized the same way.

CREATE OR REPLACE MACRO search_split(s) AS regexp_split_to_array(lower(s), '[^a-z0-9]+');

-- A regular expression matching the words of a phrase in order, separated by anything but letters and
-- digits (so "home-exercise  program" matches the phrase "home exercise program"); NULL for no words.
CREATE OR REPLACE MACRO search_phrase_regex(p) AS
    CASE WHEN trim(regexp_replace(lower(p), '[^a-z0-9]+', ' ', 'g')) = '' THEN NULL
         ELSE '(^|[^a-z0-9])' || replace(trim(regexp_replace(lower(p), '[^a-z0-9]+', ' ', 'g')), ' ', '[^a-z0-9]+')
              || '([^a-z0-9]|$)' END;

CREATE OR REPLACE TABLE search_stopwords AS
SELECT unnest([
    'about', 'above', 'after', 'again', 'against', 'all', 'also', 'am', 'an', 'and', 'any', 'are', 'as', 'at',
    'be', 'because', 'been', 'before', 'being', 'below', 'between', 'both', 'but', 'by', 'can', 'could', 'did',
    'do', 'does', 'doing', 'down', 'during', 'each', 'few', 'for', 'from', 'further', 'had', 'has', 'have',
    'having', 'he', 'her', 'here', 'hers', 'herself', 'him', 'himself', 'his', 'how', 'if', 'in', 'into', 'is',
    'it', 'its', 'itself', 'just', 'me', 'more', 'most', 'my', 'myself', 'nor', 'now', 'of', 'off', 'on',
    'once', 'only', 'or', 'other', 'our', 'ours', 'out', 'over', 'own', 'same', 'she', 'should', 'so', 'some',
    'such', 'than', 'that', 'the', 'their', 'theirs', 'them', 'then', 'there', 'these', 'they', 'this',
    'those', 'through', 'to', 'too', 'under', 'until', 'up', 'very', 'was', 'we', 'were', 'what', 'when',
    'where', 'which', 'while', 'who', 'whom', 'why', 'will', 'with', 'would', 'you', 'your'
]) AS word;
-- 'no' and 'not' are kept: "not medically necessary" is what the letters turn on.

-- Empty index tables; pipeline/search.py fills them in chunks of cases with update.sql, so memory
-- stays bounded whatever the number of letters.
CREATE OR REPLACE TABLE search_terms (term VARCHAR, doc_id INTEGER, tf INTEGER);
CREATE OR REPLACE TABLE search_docs (doc_id INTEGER, item_id VARCHAR, case_id VARCHAR, kind VARCHAR, len INTEGER);
CREATE OR REPLACE TABLE search_vocab (term VARCHAR, df INTEGER);
CREATE OR REPLACE TABLE search_stats AS
SELECT 0::BIGINT AS n_docs, 0::DOUBLE AS avg_len, 1.2::DOUBLE AS k1, 0.75::DOUBLE AS b, now() AS built_at;
