-- Wilson score interval (95%) for k successes out of n.
CREATE MACRO wilson_low(k, n) AS CASE WHEN n = 0 THEN NULL ELSE
    ((k / n) + 1.96 * 1.96 / (2 * n) - 1.96 * sqrt((k / n) * (1 - k / n) / n + 1.96 * 1.96 / (4 * n::DOUBLE * n)))
    / (1 + 1.96 * 1.96 / n) END;
CREATE MACRO wilson_high(k, n) AS CASE WHEN n = 0 THEN NULL ELSE
    ((k / n) + 1.96 * 1.96 / (2 * n) + 1.96 * sqrt((k / n) * (1 - k / n) / n + 1.96 * 1.96 / (4 * n::DOUBLE * n)))
    / (1 + 1.96 * 1.96 / n) END;
-- The items of one letter are not independent draws (one reviewer, one file, often one fate): an interval that
-- counts each letter as one unit. y, m: upheld and all items of a group; k: its letters; yy, ym, mm: the sums over
-- its letters of y_i*y_i, y_i*m_i and m_i*m_i. The variance of the ratio y/m across letters (linearization, as
-- survey statistics estimate a rate over clusters) gives the effective number of independent items, at most m (no
-- likeness within a letter) and at least m*m/mm (Kish's effective size: every letter's items decided alike; k
-- where the letters hold as many items each, fewer where a few letters hold most items). Where the variance cannot
-- be estimated (one letter, or all items upheld or all overturned) it is taken as m*m/mm, the cautious end.
CREATE MACRO case_effective_n(y, m, k, yy, ym, mm) AS CASE
    WHEN m = 0 THEN NULL
    WHEN k <= 1 OR y = 0 OR y = m THEN m::DOUBLE * m / mm
    WHEN yy - 2 * (y / m) * ym + (y / m) * (y / m) * mm <= 0 THEN m::DOUBLE
    ELSE greatest(m::DOUBLE * m / mm, least(m::DOUBLE,
        (y / m) * (1 - y / m) / ((k / (k - 1)) * (yy - 2 * (y / m) * ym + (y / m) * (y / m) * mm) / (m * m))))
    END;
-- The 97.5% quantile of Student's t with df degrees of freedom (a table to 10, Cornish-Fisher beyond: within 0.002).
CREATE MACRO t975(df) AS CASE df WHEN 1 THEN 12.706 WHEN 2 THEN 4.303 WHEN 3 THEN 3.182 WHEN 4 THEN 2.776
    WHEN 5 THEN 2.571 WHEN 6 THEN 2.447 WHEN 7 THEN 2.365 WHEN 8 THEN 2.306 WHEN 9 THEN 2.262 WHEN 10 THEN 2.228
    ELSE 1.96 + (1.96 ^ 3 + 1.96) / (4.0 * df) + (5 * 1.96 ^ 5 + 16 * 1.96 ^ 3 + 3 * 1.96) / (96.0 * df * df)
         + (3 * 1.96 ^ 7 + 19 * 1.96 ^ 5 + 17 * 1.96 ^ 3 - 15 * 1.96) / (384.0 * df * df * df) END;
-- The effective n shrunk for a variance estimated from k letters only (Korn and Graubard: n * (1.96 / t(k-1))^2), so
-- that a rate over a handful of letters gets the wide interval it deserves (one letter: case_ci_low / case_ci_high).
CREATE MACRO case_interval_n(y, m, k, yy, ym, mm) AS
    case_effective_n(y, m, k, yy, ym, mm) * CASE WHEN k >= 2 THEN (1.96 / t975(k - 1)) ^ 2 ELSE 1 END;
-- Wilson 95% interval of the rate y/m at that number of independent items. A rate resting on one letter says nothing
-- of how letters differ (no spread to estimate: t with no degree of freedom is unbounded): its interval is the whole
-- range, 0 to 1, wider than any two letters give.
CREATE MACRO case_ci_low(y, m, k, yy, ym, mm) AS CASE WHEN m > 0 AND k <= 1 THEN 0.0 ELSE
    wilson_low((y / m) * case_interval_n(y, m, k, yy, ym, mm), case_interval_n(y, m, k, yy, ym, mm)) END;
CREATE MACRO case_ci_high(y, m, k, yy, ym, mm) AS CASE WHEN m > 0 AND k <= 1 THEN 1.0 ELSE
    wilson_high((y / m) * case_interval_n(y, m, k, yy, ym, mm), case_interval_n(y, m, k, yy, ym, mm)) END;
-- Every letter with items and its counts (m items, y upheld, p partial authorizations, py of them upheld) beside its
-- decision date and reviewer: the base of the views keyed by what a letter's items share (m and y are the case's own
-- n_items and n_upheld; the few partial authorizations are counted from its items).
CREATE MACRO case_counts() AS TABLE
    SELECT c.case_id, c.decision_date, c.reviewer_id, c.n_items AS m, c.n_upheld AS y,
           coalesce(pa.p, 0) AS p, coalesce(pa.py, 0) AS py
    FROM cases c
    LEFT JOIN (SELECT case_id, count(*) AS p, count(*) FILTER (WHERE decision = 'upheld') AS py  -- the few partial
               FROM disputed_items WHERE is_partial_authorization GROUP BY ALL) pa USING (case_id)
    WHERE c.n_items > 0;
