{{ config(**built_incrementally(refresh={'unit_name': 'unit_name', 'unit_function': 'unit_function', 'unit_level': 'unit_level'})) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- depends_on: {{ ref('int_units_touched') }}
-- depends_on: {{ ref('int_units_qualified') }}
-- Incremental by region (macros/incremental_by_notice.sql): a run recounts the regions
-- where a notice was added, changed or removed.
-- One row per issuing region × canonical unit × notice year: how many publications the
-- unit's periodic obligations (daily … annual) call for in a year. Every role counts: a
-- cooperating unit supplies each release too. Non-periodic labels add nothing.
-- Every measure adds up across units, regions and years.
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
        region_adcode,
        unit_key,
        notice_year,
        count(*) as obligations,
        count(*) filter (where periods_per_year is not null) as periodic_obligations,
        -- BIGINT: sum() of an INTEGER is a HUGEINT, which BI tools read as a float
        cast(coalesce(sum(periods_per_year), 0) as bigint) as expected_publications,
        cast(coalesce(sum(periods_per_year) filter (where unit_role = 'lead'), 0) as bigint)
            as expected_publications_as_lead
    from obligations
    group by region_adcode, unit_key, notice_year

),

final as (

    select
        aggregated.region_adcode,
        regions.region_name,
        aggregated.unit_key,
        units.unit_name,
        units.unit_function,
        units.unit_level,
        aggregated.notice_year,
        aggregated.obligations,
        aggregated.periodic_obligations,
        aggregated.expected_publications,
        aggregated.expected_publications_as_lead
    from aggregated
    inner join units on aggregated.unit_key = units.unit_key
    left join regions on aggregated.region_adcode = regions.adcode

)

select * from final
