-- One row per issuing region × notice year: how much was held back by validation
-- (quarantined task rows) and how many unit mentions found no function (unclassified).
-- The counts add up; the shares are ratios of this row's counts and do not.
with

notices as (

    select * from {{ ref('dim_notice') }}

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
        cast(sum(task_rows_without_units) as bigint) as task_rows_without_units,
        -- each notice's mention counts (dim_notice, from int_notice_unit_classification),
        -- summed: one row a notice read, not every unit mention of the warehouse
        cast(sum(unit_mentions) as bigint) as unit_mentions,
        cast(sum(unclassified_mentions) as bigint) as unclassified_mentions
    from notices
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
        row_counts.unit_mentions,
        row_counts.unclassified_mentions,
        case when row_counts.unit_mentions > 0
            then round(row_counts.unclassified_mentions / row_counts.unit_mentions, 4)
        end as unclassified_share
    from row_counts
    left join regions on row_counts.region_adcode = regions.adcode

)

select * from final
