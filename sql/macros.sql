-- Wilson score interval (95%) for k successes out of n.
CREATE MACRO wilson_low(k, n) AS CASE WHEN n = 0 THEN NULL ELSE
    ((k / n) + 1.96 * 1.96 / (2 * n) - 1.96 * sqrt((k / n) * (1 - k / n) / n + 1.96 * 1.96 / (4 * n * n)))
    / (1 + 1.96 * 1.96 / n) END;
CREATE MACRO wilson_high(k, n) AS CASE WHEN n = 0 THEN NULL ELSE
    ((k / n) + 1.96 * 1.96 / (2 * n) + 1.96 * sqrt((k / n) * (1 - k / n) / n + 1.96 * 1.96 / (4 * n * n)))
    / (1 + 1.96 * 1.96 / n) END;
-- The items of one letter are not independent draws (one reviewer, one file, often one fate): an interval that
-- counts each letter as one unit. y, m: upheld and all items of a group; k: its letters; yy, ym, mm: the sums over
-- its letters of y_i*y_i, y_i*m_i and m_i*m_i. The variance of the ratio y/m across letters (linearization, as
-- survey statistics estimate a rate over clusters) gives the effective number of independent items, which lies
-- between k (every letter's items decided alike) and m (no likeness within a letter); where the variance cannot
-- be estimated (one letter, or all items upheld or all overturned) it is taken as k, the cautious end.
CREATE MACRO case_effective_n(y, m, k, yy, ym, mm) AS CASE
    WHEN m = 0 THEN NULL
    WHEN k <= 1 OR y = 0 OR y = m THEN k::DOUBLE
    WHEN yy - 2 * (y / m) * ym + (y / m) * (y / m) * mm <= 0 THEN m::DOUBLE
    ELSE greatest(k::DOUBLE, least(m::DOUBLE,
        (y / m) * (1 - y / m) / ((k / (k - 1)) * (yy - 2 * (y / m) * ym + (y / m) * (y / m) * mm) / (m * m))))
    END;
-- Wilson 95% interval of the rate y/m at the effective number of items above.
CREATE MACRO case_ci_low(y, m, k, yy, ym, mm) AS
    wilson_low((y / m) * case_effective_n(y, m, k, yy, ym, mm), case_effective_n(y, m, k, yy, ym, mm));
CREATE MACRO case_ci_high(y, m, k, yy, ym, mm) AS
    wilson_high((y / m) * case_effective_n(y, m, k, yy, ym, mm), case_effective_n(y, m, k, yy, ym, mm));
