-- Uphold rate by the year of the decision, in time order (NULL for letters that print no decision date).
-- n_items, n_upheld, n_overturned, uphold_rate (0-1) and its Wilson 95% interval (ci_low, ci_high) counting each
-- item as independent; n_cases, the letters the items come from, and case_ci_low, case_ci_high, the 95% interval
-- counting each letter as one unit (items of one letter share a reviewer and often a fate: see macros.sql), wider
-- where a few letters hold many items; n_partial, the partial authorizations among the items (an upheld one denies
-- only what utilization review did not authorize), and n_partial_upheld, those upheld.
CREATE OR REPLACE VIEW uphold_rate_by_decision_year AS
WITH per_case AS (  -- a letter's items share its decision date and reviewer: its counts are the case's own
    SELECT year(decision_date) AS decision_year, case_id, m, y, p, py
    FROM case_counts()
)
SELECT
    decision_year,
    sum(m)::BIGINT AS n_items,
    sum(y)::BIGINT AS n_upheld,
    (sum(m) - sum(y))::BIGINT AS n_overturned,
    round(sum(y) / nullif(sum(m), 0), 4)::DOUBLE AS uphold_rate,
    round(wilson_low(sum(y), sum(m)), 4)::DOUBLE AS ci_low,
    round(wilson_high(sum(y), sum(m)), 4)::DOUBLE AS ci_high,
    count(case_id)::BIGINT AS n_cases,
    round(case_ci_low(sum(y), sum(m), count(case_id), sum(y * y), sum(y * m), sum(m * m)), 4)::DOUBLE AS case_ci_low,
    round(case_ci_high(sum(y), sum(m), count(case_id), sum(y * y), sum(y * m), sum(m * m)), 4)::DOUBLE AS case_ci_high,
    sum(p)::BIGINT AS n_partial,
    sum(py)::BIGINT AS n_partial_upheld
FROM per_case
GROUP BY ALL
ORDER BY 1 NULLS LAST;
