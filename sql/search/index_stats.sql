-- Documents, document frequencies and collection statistics of a full build, counted from the postings
-- index_rationales.sql and index_summaries.sql wrote (doc_ids as defined there).

INSERT INTO search_docs
SELECT s.doc_id, s.item_id, s.case_id, s.kind, coalesce(l.len, 0)::INTEGER AS len
FROM (
    SELECT (rowid + 1)::INTEGER AS doc_id, item_id, case_id, 'rationale' AS kind
    FROM disputed_items WHERE coalesce(rationale, '') <> ''
    UNION ALL
    SELECT ((SELECT coalesce(max(rowid), -1) + 1 FROM disputed_items) + rowid + 1)::INTEGER, NULL, case_id, 'summary'
    FROM cases WHERE coalesce(case_summary, '') <> ''
) s
LEFT JOIN (SELECT doc_id, sum(tf) AS len FROM search_terms GROUP BY doc_id) l USING (doc_id);

INSERT INTO search_vocab SELECT term, count(*)::INTEGER AS df FROM search_terms GROUP BY term;

CREATE OR REPLACE TABLE search_stats AS
SELECT count(*)::BIGINT AS n_docs, coalesce(avg(len), 0)::DOUBLE AS avg_len,
       1.2::DOUBLE AS k1, 0.75::DOUBLE AS b, now() AS built_at
FROM search_docs;
