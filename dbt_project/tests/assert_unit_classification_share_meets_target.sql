-- Lists every notice whose unit mentions fall below var('min_unit_classified_share').
-- A warning, judged per notice: the notice is flagged in dim_notice and counted in
-- agg_data_quality_by_region; a few notices of junk unit names must never stop the
-- publish of all the others.
{{ config(severity='warn') }}
select notice_id, unit_mentions, unclassified_mentions, unclassified_share
from {{ ref('int_notice_unit_classification') }}
where not meets_unit_classification_target
