-- One row per notice: the counts of agg_data_quality_by_region at the grain of a notice,
-- so that a dashboard filter on one notice (or region, or year) narrows the data-quality
-- charts as it narrows the others. Counts add up; shares are re-divided from sums.
with

notices as (

    select * from {{ ref('dim_notice') }}

),

final as (

    select
        notices.notice_id,
        notices.notice_key,
        notices.region_adcode,
        notices.region_name,
        coalesce(notices.notice_year, 0) as notice_year,
        cast(notices.task_rows as bigint) as task_rows,
        cast(notices.task_rows_quarantined as bigint) as task_rows_quarantined,
        -- the notice's mention counts as dim_notice holds them (int_notice_unit_classification)
        notices.unit_mentions,
        notices.unclassified_mentions,
        -- rows whose table has unit columns but that name none (no_units): warned, and in
        -- no fact row
        cast(notices.task_rows_without_units as bigint) as task_rows_without_units
    from notices

)

select * from final
