-- $buyer's main CPV division (buyers table) and its weighted contracts under the filters: where
-- similar_buyers looks for its peers.
WITH
-- include: _filtered_facts

SELECT
    (SELECT main_cpv_division FROM buyers WHERE buyer_id = $buyer) AS main_cpv_division,
    coalesce(sum(weight_sum), 0) AS contracts
FROM filtered;
