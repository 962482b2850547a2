-- The 95 % Wilson interval of a share, wilson_low and wilson_high (included in a SELECT over the
-- columns p, the share; n, the weighted count it is a share of; z, 1.959964).
        (p + z * z / (2 * n) - z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)))
            / (1 + z * z / n) AS wilson_low,
        (p + z * z / (2 * n) + z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)))
            / (1 + z * z / n) AS wilson_high,
