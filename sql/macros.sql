-- Wilson score interval (95%) for k successes out of n.
CREATE MACRO wilson_low(k, n) AS CASE WHEN n = 0 THEN NULL ELSE
    ((k / n) + 1.96 * 1.96 / (2 * n) - 1.96 * sqrt((k / n) * (1 - k / n) / n + 1.96 * 1.96 / (4 * n * n)))
    / (1 + 1.96 * 1.96 / n) END;
CREATE MACRO wilson_high(k, n) AS CASE WHEN n = 0 THEN NULL ELSE
    ((k / n) + 1.96 * 1.96 / (2 * n) + 1.96 * sqrt((k / n) * (1 - k / n) / n + 1.96 * 1.96 / (4 * n * n)))
    / (1 + 1.96 * 1.96 / n) END;
