-- One row per issuing region × notice year: how much was held back by validation
-- (quarantined task rows) and how many unit mentions found no function (unclassified).
-- The counts add up; the shares are ratios of this row's counts and do not.
with

notices as (

    select * from {{ ref('dim_notice') }}

),

units as (

    select * from {{ ref('int_units_qualified') }}

),

notice_years as (

    select notice_id, notice_year from {{ ref('stg_notices') }}

),

regions as (

    select adcode, region_name from {{ ref('dim_region') }}

),

row_counts as (

    select
        region_adcode,
        coalesce(notice_year, 0) as notice_year,
        count(*) as notices,
        count(*) filter (where dq_status = 'quarantined') as notices_quarantined,
        count(*) filter (where not meets_unit_classification_target)
            as notices_below_unit_target,
        cast(sum(task_rows) as bigint) as task_rows,
        cast(sum(task_rows_quarantined) as bigint) as task_rows_quarantined,
        cast(sum(task_rows_without_units) as bigint) as task_rows_without_units
    from notices
    group by 1, 2

),

mention_counts as (

    select
        notices.region_adcode,
        coalesce(notice_years.notice_year, 0) as notice_year,
        count(*) as unit_mentions,
        count(*) filter (where not units.is_classified) as unclassified_mentions
    from units
    inner join notices on units.notice_id = notices.notice_id
    inner join notice_years on units.notice_id = notice_years.notice_id
    group by 1, 2

),

final as (

    select
        row_counts.region_adcode,
        regions.region_name,
        row_counts.notice_year,
        row_counts.notices,
        row_counts.notices_quarantined,
        row_counts.notices_below_unit_target,
        row_counts.task_rows,
        row_counts.task_rows_quarantined,
        row_counts.task_rows_without_units,
        case when row_counts.task_rows > 0
            then round(row_counts.task_rows_quarantined / row_counts.task_rows, 4)
        end as quarantined_share,
        coalesce(mention_counts.unit_mentions, 0) as unit_mentions,
        coalesce(mention_counts.unclassified_mentions, 0) as unclassified_mentions,
        case when mention_counts.unit_mentions > 0
            then round(mention_counts.unclassified_mentions / mention_counts.unit_mentions, 4)
        end as unclassified_share
    from row_counts
    left join mention_counts
        on row_counts.region_adcode = mention_counts.region_adcode
        and row_counts.notice_year = mention_counts.notice_year
    left join regions on row_counts.region_adcode = regions.adcode

)

select * from final
