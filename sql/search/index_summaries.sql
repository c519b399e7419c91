-- Postings of every case summary of a freshly built database: see index_rationales.sql.
--
-- doc_id: (number of items) + rowid + 1, after the rationales' ids; the tables were just filled by
-- inserts, so rowids are dense and the ids unique.

INSERT INTO search_terms
SELECT term, doc_id, count(*)::INTEGER AS tf
FROM (
    SELECT ((SELECT coalesce(max(rowid), -1) + 1 FROM disputed_items) + rowid + 1)::INTEGER AS doc_id,
           unnest(search_split(case_summary)) AS term
    FROM cases WHERE coalesce(case_summary, '') <> ''
)
WHERE length(term) > 1 AND term NOT IN (SELECT word FROM search_stopwords)
GROUP BY ALL;
