-- One row per notice: the counts of agg_data_quality_by_region at the grain of a notice,
-- so that a dashboard filter on one notice (or region, or year) narrows the data-quality
-- charts as it narrows the others. Counts add up; shares are re-divided from sums.
with

notices as (

    select * from {{ ref('dim_notice') }}

),

units as (

    select * from {{ ref('int_units_qualified') }}

),

mention_counts as (

    select
        notice_id,
        count(*) as unit_mentions,
        count(*) filter (where not is_classified) as unclassified_mentions
    from units
    group by notice_id

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
        coalesce(mention_counts.unit_mentions, 0) as unit_mentions,
        coalesce(mention_counts.unclassified_mentions, 0) as unclassified_mentions,
        -- rows whose table has unit columns but that name none (no_units): warned, and in
        -- no fact row
        cast(notices.task_rows_without_units as bigint) as task_rows_without_units
    from notices
    left join mention_counts on notices.notice_id = mention_counts.notice_id

)

select * from final
