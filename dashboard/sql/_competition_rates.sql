-- The competition rates of a final SELECT over the sums of the DB macro competition_sums (included last): each
-- over the contracts where its field is published, NULL (« non publié ») when none is, with that
-- coverage.
    single_bid / nullif(bids_published, 0) AS single_bid_rate,
    bids_published / nullif(contracts, 0) AS bids_coverage,
    no_competition / nullif(procedure_published, 0) AS no_competition_rate,
    no_competition_amount / nullif(procedure_amount, 0) AS no_competition_amount_rate,
    procedure_published / nullif(contracts, 0) AS procedure_coverage
