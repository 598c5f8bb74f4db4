{{ config(**built_incrementally()) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- Incremental by region (macros/incremental_by_notice.sql), as int_task_versions it reads:
-- a run rebuilds the pairs of the regions where a notice was added, changed or removed
-- (the window below never looks past a region), not a window over every notice.
-- One row per region and pair of consecutive years that both have a notice: the notice
-- of each year is compared with the region's latest earlier one (a year without a
-- notice is skipped, so 2017 → 2019 is a pair when 2018 is missing).
with

notices as (

    select distinct
        notice_id,
        notice_key,
        region_adcode,
        notice_year
    from {{ ref('int_task_versions') }}
    where {{ changed_only('region_adcode', 'region') }}

),

sequenced as (

    select
        region_adcode,
        lag(notice_id) over by_year as from_notice_id,
        lag(notice_key) over by_year as from_notice_key,
        lag(notice_year) over by_year as from_year,
        notice_id as to_notice_id,
        notice_key as to_notice_key,
        notice_year as to_year
    from notices
    window by_year as (partition by region_adcode order by notice_year)

),

final as (

    select
        md5(from_notice_id || '|' || to_notice_id) as notice_pair_id,
        region_adcode,
        from_year,
        to_year,
        from_notice_id,
        to_notice_id,
        from_notice_key,
        to_notice_key
    from sequenced
    where from_notice_id is not null

)

select * from final
