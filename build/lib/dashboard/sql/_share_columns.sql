-- The share columns of the share queries' final SELECT (included after `contracts,`): Method §5,
-- each share over all awards and among classified ones, with the coverage and the sums behind them.
    pme_weight / contracts AS share_count,
    pme_amount / amount_total AS share_amount,
    pme_weight / classified_weight AS share_count_classified,
    pme_amount / classified_amount AS share_amount_classified,
    classified_weight / contracts AS coverage,
    amount_total,
    pme_weight,
    classified_weight,
    pme_amount,
    classified_amount
