-- The predicates of the place filters (the buyer's département and région), ANDed to a WHERE
-- clause over fact_awards or agg_places (included after its first condition).
    AND ($dept IS NULL OR buyer_department = $dept)
    AND ($region IS NULL OR buyer_region = $region)
