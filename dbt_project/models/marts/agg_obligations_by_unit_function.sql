{{ config(**built_incrementally()) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- Incremental by region (macros/incremental_by_notice.sql): a run recounts the regions
-- where a notice was added, changed or removed.
-- One row per issuing region × notice year × unit function × unit level.
-- The obligation counts add up across rows; distinct_task_rows and distinct_units are
-- distinct within this grain and must not be summed across functions or levels.
with

obligations as (

    select * from {{ ref('fct_disclosure_obligations') }}
    where {{ changed_only('region_adcode', 'region') }}

),

units as (

    select * from {{ ref('dim_unit') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

aggregated as (

    select
        obligations.region_adcode,
        obligations.notice_year,
        coalesce(units.unit_function, '未分类') as unit_function,
        units.unit_level,
        count(*) as obligations,
        count(*) filter (where obligations.unit_role = 'lead') as lead_obligations,
        count(*) filter (where obligations.unit_role = 'responsible') as responsible_obligations,
        count(*) filter (where obligations.unit_role = 'cooperating') as cooperating_obligations,
        count(*) filter (where obligations.periods_per_year is not null) as periodic_obligations,
        count(distinct obligations.task_row_id) as distinct_task_rows,
        count(distinct obligations.unit_key) as distinct_units
    from obligations
    inner join units on obligations.unit_key = units.unit_key
    group by 1, 2, 3, 4

),

final as (

    select
        aggregated.region_adcode,
        regions.region_name,
        aggregated.notice_year,
        aggregated.unit_function,
        aggregated.unit_level,
        aggregated.obligations,
        aggregated.lead_obligations,
        aggregated.responsible_obligations,
        aggregated.cooperating_obligations,
        aggregated.periodic_obligations,
        aggregated.distinct_task_rows,
        aggregated.distinct_units
    from aggregated
    left join regions on aggregated.region_adcode = regions.adcode

)

select * from final
