{{ config(**built_incrementally()) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- Incremental by region (macros/incremental_by_notice.sql): a run recounts the regions
-- where a notice was added, changed or removed.
-- One row per issuing region × notice year × frequency label.
-- The obligation counts add up across rows; distinct_task_rows and distinct_units are
-- distinct within this grain (a task row with two cadences is in two rows), so summing
-- them over frequencies over-counts: the names say so.
with

obligations as (

    select * from {{ ref('fct_disclosure_obligations') }}
    where {{ changed_only('region_adcode', 'region') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

frequencies as (

    select * from {{ ref('dim_frequency') }}

),

aggregated as (

    select
        region_adcode,
        notice_year,
        frequency_label,
        count(*) as obligations,
        count(*) filter (where unit_role = 'lead') as lead_obligations,
        count(*) filter (where unit_role = 'responsible') as responsible_obligations,
        count(*) filter (where unit_role = 'cooperating') as cooperating_obligations,
        count(distinct task_row_id) as distinct_task_rows,
        count(distinct unit_key) as distinct_units
    from obligations
    group by region_adcode, notice_year, frequency_label

),

final as (

    select
        aggregated.region_adcode,
        regions.region_name,
        regions.province as region_province,
        regions.prefecture as region_prefecture,
        regions.county as region_county,
        regions.level as region_level,
        aggregated.notice_year,
        aggregated.frequency_label,
        frequencies.frequency_name_zh,
        frequencies.periods_per_year,
        aggregated.obligations,
        aggregated.lead_obligations,
        aggregated.responsible_obligations,
        aggregated.cooperating_obligations,
        aggregated.distinct_task_rows,
        aggregated.distinct_units
    from aggregated
    left join regions on aggregated.region_adcode = regions.adcode
    left join frequencies on aggregated.frequency_label = frequencies.frequency_label

)

select * from final
