-- BM25 search over the index of sql/search/build.sql (loaded by pipeline/search.py).
-- Parameters: $query (the words; any document holding one of them is a candidate), $required (phrases
-- every result must contain, from the query's "quoted" parts), $boost (a phrase whose holders rank first:
-- the query itself when it has two or more words), $decision, $category, $year (filters or NULL), $limit.
-- score = sum over query terms t of idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avg_len)),
-- idf(t) = ln(1 + (n_docs - df + 0.5) / (df + 0.5)). A case summary passes the decision or category
-- filter when one of its case's items does. Texts are read only for documents that hold every word of
-- a phrase (to check the phrase) and for the results (for the snippet).
-- __REQUIRED_PHRASES__ is replaced by pipeline/search.py with one test per quoted phrase,
-- regexp_matches(text, search_phrase_regex($required_0::VARCHAR)) AND ..., or true: a pattern given as a
-- parameter is compiled once, a pattern computed per row (from a list) would be compiled for every text.
WITH q AS (
    SELECT DISTINCT term FROM (SELECT unnest(search_split($query::VARCHAR)) AS term)
    WHERE length(term) > 1 AND term NOT IN (SELECT word FROM search_stopwords)
),
rq AS (  -- indexed words of the required phrases: a result holds them all
    SELECT DISTINCT term FROM (SELECT unnest(search_split(array_to_string($required::VARCHAR[], ' '))) AS term)
    WHERE length(term) > 1 AND term NOT IN (SELECT word FROM search_stopwords)
),
bq AS (  -- indexed words of the boosted phrase
    SELECT DISTINCT term FROM (SELECT unnest(search_split(coalesce($boost::VARCHAR, ''))) AS term)
    WHERE length(term) > 1 AND term NOT IN (SELECT word FROM search_stopwords)
),
qt AS (
    SELECT v.term, ln(1 + (st.n_docs - v.df + 0.5) / (v.df + 0.5)) AS idf, st.k1, st.b, st.avg_len,
           v.term IN (SELECT term FROM rq) AS in_required, v.term IN (SELECT term FROM bq) AS in_boost
    FROM search_vocab v JOIN q USING (term), search_stats st
),
scored AS (
    SELECT t.doc_id,
           sum(qt.idf * t.tf * (qt.k1 + 1) / (t.tf + qt.k1 * (1 - qt.b + qt.b * d.len / qt.avg_len))) AS score,
           count(*) AS n_terms,
           count(*) FILTER (WHERE qt.in_required) AS n_required,
           count(*) FILTER (WHERE qt.in_boost) AS n_boost
    FROM search_terms t JOIN qt USING (term) JOIN search_docs d USING (doc_id)
    GROUP BY t.doc_id
),
candidates AS (
    SELECT s.*, d.kind, d.item_id, d.case_id,
           len($required::VARCHAR[]) > 0 AS check_required,
           $boost::VARCHAR IS NOT NULL AND s.n_boost = (SELECT count(*) FROM bq) AS check_boost
    FROM scored s
    JOIN search_docs d USING (doc_id)
    JOIN cases c ON c.case_id = d.case_id
    LEFT JOIN disputed_items i ON i.item_id = d.item_id
    WHERE s.n_required = (SELECT count(*) FROM rq)
      AND ($year::INTEGER IS NULL OR year(c.decision_date) = $year::INTEGER)
      AND ($decision::VARCHAR IS NULL
           OR (d.kind = 'rationale' AND i.decision = $decision::VARCHAR)
           OR (d.kind = 'summary' AND d.case_id IN (SELECT case_id FROM disputed_items WHERE decision = $decision::VARCHAR)))
      AND ($category::VARCHAR IS NULL
           OR (d.kind = 'rationale' AND lower(i.service_category) = lower($category::VARCHAR))
           OR (d.kind = 'summary' AND d.case_id IN (
                   SELECT case_id FROM disputed_items WHERE lower(service_category) = lower($category::VARCHAR))))
),
texts AS (  -- the text of the documents whose phrases must be checked
    SELECT k.doc_id, k.check_required, k.check_boost,
           lower(CASE WHEN k.kind = 'rationale' THEN i.rationale ELSE c.case_summary END) AS text
    FROM candidates k
    LEFT JOIN disputed_items i ON i.item_id = k.item_id
    LEFT JOIN cases c ON k.kind = 'summary' AND c.case_id = k.case_id
    WHERE k.check_required OR k.check_boost
),
phrases AS (
    SELECT doc_id,
           NOT check_required OR (__REQUIRED_PHRASES__) AS has_required,
           check_boost AND coalesce(regexp_matches(text, search_phrase_regex($boost::VARCHAR)), false) AS phrase_match
    FROM texts
),
ranked AS (
    SELECT k.*, coalesce(p.phrase_match, false) AS phrase_match
    FROM candidates k LEFT JOIN phrases p USING (doc_id)
    WHERE NOT k.check_required OR p.has_required
    ORDER BY phrase_match DESC, k.score DESC, k.case_id, k.item_id NULLS LAST
    LIMIT $limit::INTEGER
)
SELECT r.doc_id, r.score, r.n_terms, r.phrase_match, r.kind, r.item_id, r.case_id,
       i.treatment, i.decision, i.service_category, c.case_outcome, year(c.decision_date) AS decision_year,
       CASE WHEN r.kind = 'rationale' THEN i.rationale ELSE c.case_summary END AS text
FROM ranked r
JOIN cases c ON c.case_id = r.case_id
LEFT JOIN disputed_items i ON i.item_id = r.item_id
ORDER BY r.phrase_match DESC, r.score DESC, r.case_id, r.item_id NULLS LAST;
