{{ config(**built_incrementally(refresh={'unit_name': 'unit_name', 'unit_function': 'unit_function'})) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- depends_on: {{ ref('int_units_touched') }}
-- depends_on: {{ ref('int_units_qualified') }}
-- Incremental by region (macros/incremental_by_notice.sql): a run recounts the regions of
-- the notices whose compliance it rebuilt; the unit's names are dim_unit's, brought up to
-- date by the post-hook on the rows not recounted.
-- Grain: one canonical unit × region × notice year: its obligation-periods by status and
-- its compliance rate (kept / due, where due = kept + late + missed; late is on record
-- but not kept). Additive counts; the rates are recomputed from the counts when rolled up.
with

periods as (

    select * from {{ changed_rows(ref('fct_obligation_periods'), 'region_adcode', 'region', compliance=true) }}

),

units as (

    select unit_key, unit_name, unit_function from {{ ref('dim_unit') }}

),

regions as (

    select adcode, region_name from {{ ref('dim_region') }}

),

counted as (

    select
        unit_key,
        region_adcode,
        notice_year,
        count(distinct obligation_id) as obligations,
        count(*) filter (where compliance_status = 'kept') as periods_kept,
        count(*) filter (where compliance_status = 'late') as periods_late,
        count(*) filter (where compliance_status = 'missed') as periods_missed,
        count(*) filter (where compliance_status = 'not_due') as periods_not_due,
        count(distinct obligation_id) filter (where compliance_status = 'not_assessable')
            as obligations_not_assessable
    from periods
    group by unit_key, region_adcode, notice_year

),

final as (

    select
        md5(counted.unit_key || '|' || counted.region_adcode || '|'
            || coalesce(cast(counted.notice_year as varchar), '')) as unit_compliance_key,
        counted.unit_key,
        units.unit_name,
        units.unit_function,
        counted.region_adcode,
        regions.region_name,
        counted.notice_year,
        cast(counted.obligations as integer) as obligations,
        cast(counted.periods_kept + counted.periods_late + counted.periods_missed as integer)
            as periods_due,
        cast(counted.periods_kept as integer) as periods_kept,
        cast(counted.periods_late as integer) as periods_late,
        cast(counted.periods_missed as integer) as periods_missed,
        cast(counted.periods_not_due as integer) as periods_not_due,
        cast(counted.obligations_not_assessable as integer) as obligations_not_assessable,
        case
            when counted.periods_kept + counted.periods_late + counted.periods_missed > 0
                then round(
                    counted.periods_kept::double
                    / (counted.periods_kept + counted.periods_late + counted.periods_missed),
                    4
                )
        end as compliance_rate,
        case
            when counted.periods_kept + counted.periods_late + counted.periods_missed > 0
                then round(
                    (counted.periods_kept + counted.periods_late)::double
                    / (counted.periods_kept + counted.periods_late + counted.periods_missed),
                    4
                )
        end as on_record_rate
    from counted
    left join units on counted.unit_key = units.unit_key
    left join regions on counted.region_adcode = regions.adcode

)

select * from final
