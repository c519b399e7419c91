-- The warehouse's overall item uphold rate, to compare with DWC's published figures.
CREATE OR REPLACE VIEW uphold_rate_overall AS
SELECT
    count(*)::BIGINT AS n_items,
    count(*) FILTER (WHERE decision = 'upheld')::BIGINT AS n_upheld,
    count(*) FILTER (WHERE decision = 'overturned')::BIGINT AS n_overturned,
    round(count(*) FILTER (WHERE decision = 'upheld') / nullif(count(*), 0), 4)::DOUBLE AS uphold_rate,
    round(wilson_low(count(*) FILTER (WHERE decision = 'upheld'), count(*)), 4)::DOUBLE AS ci_low,
    round(wilson_high(count(*) FILTER (WHERE decision = 'upheld'), count(*)), 4)::DOUBLE AS ci_high
FROM disputed_items;
