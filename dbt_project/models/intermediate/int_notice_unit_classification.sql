{{ config(**built_incrementally()) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- Incremental by notice (macros/incremental_by_notice.sql): a run rebuilds the rows of the
-- notices added, changed or removed since the last build.
-- One row per notice with unit mentions: how many of its mentions resolved to a
-- canonical function, and whether it meets var('min_unit_classified_share'). The target
-- is judged per notice (never over the whole warehouse), so three notices of junk unit
-- names are flagged themselves instead of failing a global test and stopping the publish
-- of every other notice; dim_notice and agg_data_quality_by_region show the flag.
with

units as (

    select * from {{ changed_rows(ref('int_units_qualified'), 'notice_id') }}

),

counted as (

    select
        notice_id,
        count(*) as unit_mentions,
        count(*) filter (where not is_classified) as unclassified_mentions
    from units
    group by notice_id

),

final as (

    select
        notice_id,
        unit_mentions,
        unclassified_mentions,
        round(unclassified_mentions / unit_mentions, 4) as unclassified_share,
        (unit_mentions - unclassified_mentions) / unit_mentions
            >= {{ var('min_unit_classified_share') }} as meets_unit_classification_target
    from counted

)

select * from final
