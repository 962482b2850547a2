-- The 95 % Wilson score interval of a proportion p observed over n (weighted) trials: the one copy
-- of the formula behind every interval on screen (the Acheteurs ranking, the Concurrence page).
-- NULL when n is 0 or NULL.
CREATE MACRO wilson_low(p, n) AS
    CASE WHEN n > 0 THEN
        (p + 1.959964 ^ 2 / (2 * n)
            - 1.959964 * sqrt(p * (1 - p) / n + 1.959964 ^ 2 / (4 * n * n)))
        / (1 + 1.959964 ^ 2 / n)
    END;

CREATE MACRO wilson_high(p, n) AS
    CASE WHEN n > 0 THEN
        (p + 1.959964 ^ 2 / (2 * n)
            + 1.959964 * sqrt(p * (1 - p) / n + 1.959964 ^ 2 / (4 * n * n)))
        / (1 + 1.959964 ^ 2 / n)
    END;

-- Concentration of a buyer's counted amounts over its suppliers (issue 14), from the list of each
-- supplier's amount: the number of suppliers, the share of the top one and of the top 3, and the
-- Herfindahl-Hirschman index (the sum of squared shares: 1.0 for one supplier, 0.5 for two equal
-- ones). NULL shares when no amount counts.
CREATE MACRO concentration(amounts) AS {
    'suppliers': len(amounts),
    'top1_share': list_max(amounts) / nullif(list_sum(amounts), 0),
    'top3_share': list_sum(list_slice(list_sort(list_filter(amounts, lambda a: a IS NOT NULL), 'DESC'), 1, 3))
        / nullif(list_sum(amounts), 0),
    'hhi': list_sum(list_transform(amounts, lambda a: a * a)) / nullif(list_sum(amounts) ^ 2, 0)
};

-- « Rente » (issue 14): a supplier holds a buyer's CPV division in a year when it won at least a
-- third of the buyer's counted amount there; three or more consecutive such years make an
-- incumbent (dashboard/sql/incumbents.sql).
CREATE MACRO holds_a_third(amount, total) AS total > 0 AND amount >= total / 3;
CREATE MACRO incumbent_min_years() AS 3;
