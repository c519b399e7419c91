-- Uphold rate by the reviewer's license state; an item counts under each state its reviewer lists.
-- n_items, n_upheld, n_overturned, uphold_rate (0-1) and its Wilson 95% interval.
CREATE OR REPLACE VIEW uphold_rate_by_license_state AS
SELECT
    state AS license_state,
    count(*)::BIGINT AS n_items,
    count(*) FILTER (WHERE decision = 'upheld')::BIGINT AS n_upheld,
    count(*) FILTER (WHERE decision = 'overturned')::BIGINT AS n_overturned,
    round(count(*) FILTER (WHERE decision = 'upheld') / count(*), 4)::DOUBLE AS uphold_rate,
    round(wilson_low(count(*) FILTER (WHERE decision = 'upheld'), count(*)), 4)::DOUBLE AS ci_low,
    round(wilson_high(count(*) FILTER (WHERE decision = 'upheld'), count(*)), 4)::DOUBLE AS ci_high
FROM (SELECT i.decision, unnest(r.license_states) AS state FROM disputed_items i JOIN cases c USING (case_id) JOIN reviewers r USING (reviewer_id))
GROUP BY ALL
ORDER BY n_items DESC, 1;
