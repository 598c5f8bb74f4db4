{{ config(**built_incrementally(keep_names=true)) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- depends_on: {{ ref('int_units_touched') }}
-- Incremental by unit (macros/incremental_by_notice.sql): a run recounts the units the
-- notices it rebuilt name now or named before (int_units_touched), over all their mentions;
-- their names before it, kept first (int_unit_names_before), tell the marts which units'
-- names changed.
with

units as (

    select * from {{ ref('int_units_qualified') }}
    where {{ changed_only('unit_key', 'unit') }}

),

notices as (

    select notice_id, notice_year from {{ ref('stg_notices') }}

),

regions as (

    select adcode, region_name from {{ ref('dim_region') }}

),

groups as (

    select * from {{ ref('unit_groups') }}

),

name_counts as (

    select
        unit_key,
        unit_name_qualified,
        count(*) as mentions
    from units
    group by unit_key, unit_name_qualified

),

display_names as (

    -- the qualified spelling used most often names the unit; ties go to the shorter one
    select unit_key, unit_name_qualified as unit_name
    from name_counts
    qualify row_number() over (
        partition by unit_key
        order by mentions desc, length(unit_name_qualified), unit_name_qualified
    ) = 1

),

aggregated as (

    select
        units.unit_key,
        any_value(units.unit_function) as unit_function,
        any_value(units.unit_function_en) as unit_function_en,
        any_value(units.unit_kind) as unit_kind,
        any_value(units.unit_level) as unit_level,
        any_value(units.unit_region_adcode) as unit_region_adcode,
        bool_and(units.is_classified) as is_classified,
        bool_and(units.is_single_body) as is_single_body,
        -- text joined with 、 (a unit name never holds one: lists are split on it), not a
        -- list: BI tools read a list as an untyped blob
        string_agg(distinct units.unit_name_printed, '、' order by units.unit_name_printed)
            as aliases_seen,
        count(distinct units.unit_name_printed) as alias_count,
        string_agg(distinct units.unit_name_qualified, '、' order by units.unit_name_qualified)
            as qualified_names_seen,
        count(*) as mentions,
        count(distinct units.notice_id) as notices,
        min(notices.notice_year) as first_year,
        max(notices.notice_year) as last_year
    from units
    left join notices on units.notice_id = notices.notice_id
    group by units.unit_key

),

final as (

    select
        aggregated.unit_key,
        -- the unit independent of spelling: its government and function (宁阳县 发展改革);
        -- bodies a function does not single out keep their qualified name
        case
            when aggregated.is_single_body
                then concat_ws(' ', regions.region_name, aggregated.unit_function)
            else display_names.unit_name
        end as canonical_unit,
        display_names.unit_name,
        aggregated.unit_function,
        aggregated.unit_function_en,
        aggregated.unit_kind,
        aggregated.unit_level,
        aggregated.unit_region_adcode,
        regions.region_name as unit_region_name,
        aggregated.is_classified,
        aggregated.aliases_seen,
        aggregated.alias_count,
        aggregated.qualified_names_seen,
        aggregated.mentions,
        aggregated.notices,
        aggregated.first_year,
        aggregated.last_year,
        -- a collective stands for every member of a kind (各乡镇（街道）, 县直各部门); a
        -- group only for those concerned (相关镇（街区）, 县政府有关部门): neither is one body
        coalesce(groups.group_scope = 'every', false) as is_collective,
        groups.group_scope,
        groups.member_kind,
        groups.member_kind_en
    from aggregated
    inner join display_names on aggregated.unit_key = display_names.unit_key
    left join regions on aggregated.unit_region_adcode = regions.adcode
    left join groups
        on aggregated.unit_kind = 'collective'
        and aggregated.unit_function = groups.function

)

select * from final
