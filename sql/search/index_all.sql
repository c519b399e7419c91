-- Index every rationale and case summary of a freshly built database in one pass (the full build;
-- update.sql re-indexes the affected cases of an in-place update). Same documents, tokens and
-- statistics as update.sql applied to every case, at a fraction of the cost: each text is tokenized
-- once, and document frequencies and lengths are counted once from the postings. Memory stays
-- within the connection's memory_limit (DuckDB spills the aggregation to disk beyond it).
--
-- doc_id: rowid + 1 for a rationale, (number of items) + rowid + 1 for a summary; the tables were
-- just filled by inserts, so rowids are dense and the ids unique.

INSERT INTO search_terms
SELECT term, doc_id, count(*)::INTEGER AS tf
FROM (
    SELECT (rowid + 1)::INTEGER AS doc_id, unnest(search_split(rationale)) AS term
    FROM disputed_items WHERE coalesce(rationale, '') <> ''
)
WHERE length(term) > 1 AND term NOT IN (SELECT word FROM search_stopwords)
GROUP BY ALL;

INSERT INTO search_terms
SELECT term, doc_id, count(*)::INTEGER AS tf
FROM (
    SELECT ((SELECT coalesce(max(rowid), -1) + 1 FROM disputed_items) + rowid + 1)::INTEGER AS doc_id,
           unnest(search_split(case_summary)) AS term
    FROM cases WHERE coalesce(case_summary, '') <> ''
)
WHERE length(term) > 1 AND term NOT IN (SELECT word FROM search_stopwords)
GROUP BY ALL;

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
