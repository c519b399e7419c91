-- In-place update of the search index for the cases listed in the temp table _affected(case_id):
-- their old documents and postings go, their current rationales and summary are indexed again, and
-- document frequencies (search_vocab) and collection statistics (search_stats) are adjusted.
-- Loaded by pipeline/search.py::update_index; same tokens as build.sql.

CREATE OR REPLACE TEMP TABLE _gone_docs AS
SELECT doc_id FROM search_docs WHERE case_id IN (SELECT case_id FROM _affected);

CREATE OR REPLACE TEMP TABLE _gone_df AS
SELECT term, count(*)::INTEGER AS n FROM search_terms WHERE doc_id IN (SELECT doc_id FROM _gone_docs) GROUP BY term;

DELETE FROM search_terms WHERE doc_id IN (SELECT doc_id FROM _gone_docs);
DELETE FROM search_docs WHERE doc_id IN (SELECT doc_id FROM _gone_docs);

CREATE OR REPLACE TEMP TABLE _search_src AS
SELECT ((SELECT coalesce(max(doc_id), 0) FROM search_docs) + row_number() OVER ())::INTEGER AS doc_id,
       item_id, case_id, kind, text
FROM (
    SELECT item_id, case_id, 'rationale' AS kind, rationale AS text
    FROM disputed_items WHERE coalesce(rationale, '') <> '' AND case_id IN (SELECT case_id FROM _affected)
    UNION ALL
    SELECT NULL AS item_id, case_id, 'summary' AS kind, case_summary AS text
    FROM cases WHERE coalesce(case_summary, '') <> '' AND case_id IN (SELECT case_id FROM _affected)
);

CREATE OR REPLACE TEMP TABLE _new_terms AS
SELECT term, doc_id, count(*)::INTEGER AS tf
FROM (SELECT doc_id, unnest(search_split(text)) AS term FROM _search_src)
WHERE length(term) > 1 AND term NOT IN (SELECT word FROM search_stopwords)
GROUP BY ALL;

INSERT INTO search_terms SELECT term, doc_id, tf FROM _new_terms;

INSERT INTO search_docs
SELECT s.doc_id, s.item_id, s.case_id, s.kind, coalesce(l.len, 0)::INTEGER AS len
FROM _search_src s LEFT JOIN (SELECT doc_id, sum(tf) AS len FROM _new_terms GROUP BY doc_id) l USING (doc_id);

CREATE OR REPLACE TABLE search_vocab AS
SELECT term, sum(df)::INTEGER AS df
FROM (
    SELECT term, df FROM search_vocab
    UNION ALL SELECT term, -n FROM _gone_df
    UNION ALL SELECT term, count(*)::INTEGER FROM _new_terms GROUP BY term
)
GROUP BY term
HAVING sum(df) > 0;

CREATE OR REPLACE TABLE search_stats AS
SELECT count(*)::BIGINT AS n_docs, coalesce(avg(len), 0)::DOUBLE AS avg_len,
       1.2::DOUBLE AS k1, 0.75::DOUBLE AS b, now() AS built_at
FROM search_docs;

DROP TABLE _gone_docs;
DROP TABLE _gone_df;
DROP TABLE _search_src;
DROP TABLE _new_terms;
