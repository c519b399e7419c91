-- Uphold rate by body region of the item (unspecified where the item names none).
-- n_items, n_upheld, n_overturned, uphold_rate (0-1) and its Wilson 95% interval.
CREATE OR REPLACE VIEW uphold_rate_by_body_region AS
SELECT
    coalesce(body_region, 'unspecified') AS body_region,
    count(*)::BIGINT AS n_items,
    count(*) FILTER (WHERE decision = 'upheld')::BIGINT AS n_upheld,
    count(*) FILTER (WHERE decision = 'overturned')::BIGINT AS n_overturned,
    round(count(*) FILTER (WHERE decision = 'upheld') / count(*), 4)::DOUBLE AS uphold_rate,
    round(wilson_low(count(*) FILTER (WHERE decision = 'upheld'), count(*)), 4)::DOUBLE AS ci_low,
    round(wilson_high(count(*) FILTER (WHERE decision = 'upheld'), count(*)), 4)::DOUBLE AS ci_high
FROM disputed_items
GROUP BY ALL
ORDER BY n_items DESC, 1;
