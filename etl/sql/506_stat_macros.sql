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

-- The sums behind the competition rates (issue 14), an aggregate over award rows of weight (their
-- contracts: a supplier's part of one under a supplier filter), amount, amount_ok (it counts,
-- Method §6), the contract's bids received and procedure family: contracts, those with a published
-- number of bids, with one bid, with a published procedure, without publication or competition, by
-- count and by amount. `unnest` it into columns; the rates divide them (_competition_rates.sql).
CREATE MACRO competition_sums(weight, amount, amount_ok, bids, family) AS {
    'contracts': sum(weight),
    'bids_published': coalesce(sum(weight) FILTER (WHERE bids IS NOT NULL), 0),
    'single_bid': coalesce(sum(weight) FILTER (WHERE bids = 1), 0),
    'procedure_published': coalesce(sum(weight) FILTER (WHERE family <> 'unknown'), 0),
    'no_competition': coalesce(sum(weight) FILTER (WHERE family = 'no_competition'), 0),
    'procedure_amount': sum(amount) FILTER (WHERE amount_ok AND family <> 'unknown'),
    'no_competition_amount':
        coalesce(sum(amount) FILTER (WHERE amount_ok AND family = 'no_competition'), 0)
};

-- The weighted median of `vals` (ascending, no NULL) with their `weights`: the smallest value such
-- that at least half of the weight is at or below it (the median number of bids, counted as the
-- contracts are). NULL for empty lists.
CREATE MACRO weighted_median(vals, weights) AS
    vals[list_position(
        list_transform(
            range(1, len(weights) + 1),
            lambda i: list_sum(weights[1:i]) >= list_sum(weights) / 2 - 1e-9
        ),
        true
    )];

-- « Rente » (issue 14): a supplier holds a buyer's CPV division in a year when it won at least a
-- third of the buyer's counted amount there; three or more consecutive such years make an
-- incumbent (dashboard/sql/incumbents.sql).
CREATE MACRO holds_a_third(amount, total) AS total > 0 AND amount >= total / 3;
CREATE MACRO incumbent_min_years() AS 3;
