-- Fails when fewer than var('min_unit_classified_share') of unit mentions have a function.
select *
from {{ ref('metrics_unit_classification') }}
where unit_mentions > 0
  and classified_share < {{ var('min_unit_classified_share') }}
