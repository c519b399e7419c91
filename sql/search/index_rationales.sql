-- Postings of every item rationale of a freshly built database (the full build; update.sql re-indexes
-- the affected cases of an in-place update). Runs beside index_summaries.sql (pipeline/search.py), then
-- index_stats.sql counts documents and frequencies from the postings: each text is tokenized once.
-- Memory stays within the connection's memory_limit (DuckDB spills the aggregation to disk beyond it).
--
-- doc_id: rowid + 1; the table was just filled by inserts, so rowids are dense and the ids unique.

INSERT INTO search_terms
SELECT term, doc_id, count(*)::INTEGER AS tf
FROM (
    SELECT (rowid + 1)::INTEGER AS doc_id, unnest(search_split(rationale)) AS term
    FROM disputed_items WHERE coalesce(rationale, '') <> ''
)
WHERE length(term) > 1 AND term NOT IN (SELECT word FROM search_stopwords)
GROUP BY ALL;
