-- Grain: one canonical unit × role × task it gained or lost, per region and pair of
-- consecutive years. A unit gains a task when the task is new, or when it was matched
-- and the unit did not hold it in that role the year before; it loses one the other way.
-- Alias renames keep the canonical unit (unit_key), so they gain and lose nothing.
with

changes as (

    select * from {{ ref('fct_task_changes') }}

),

units as (

    select distinct task_row_id, unit_key, unit_role
    from {{ ref('int_units_qualified') }}

),

unit_names as (

    -- the unit's most used region-qualified spelling names it (as in dim_unit)
    select
        unit_key,
        unit_name_qualified as unit_name,
        unit_function
    from {{ ref('int_units_qualified') }}
    group by unit_key, unit_name_qualified, unit_function
    qualify row_number() over (
        partition by unit_key
        order by count(*) desc, length(unit_name_qualified), unit_name_qualified
    ) = 1

),

gained as (

    select changes.task_change_id, to_units.unit_key, to_units.unit_role, 'gained' as unit_change
    from changes
    inner join units as to_units on changes.to_task_row_id = to_units.task_row_id
    anti join units as from_units
        on changes.from_task_row_id = from_units.task_row_id
        and to_units.unit_key = from_units.unit_key
        and to_units.unit_role = from_units.unit_role

),

lost as (

    select changes.task_change_id, from_units.unit_key, from_units.unit_role, 'lost' as unit_change
    from changes
    inner join units as from_units on changes.from_task_row_id = from_units.task_row_id
    anti join units as to_units
        on changes.to_task_row_id = to_units.task_row_id
        and from_units.unit_key = to_units.unit_key
        and from_units.unit_role = to_units.unit_role

),

events as (

    select * from gained
    union all
    select * from lost

),

final as (

    select
        md5(events.task_change_id || '|' || events.unit_key || '|' || events.unit_role)
            as unit_task_change_id,
        events.task_change_id,
        changes.region_adcode,
        changes.from_year,
        changes.to_year,
        changes.from_notice_key,
        changes.to_notice_key,
        events.unit_key,
        unit_names.unit_name,
        unit_names.unit_function,
        events.unit_role,
        events.unit_change,
        changes.change_kind as task_change_kind,
        case events.unit_change
            when 'gained' then changes.to_requirement
            else changes.from_requirement
        end as requirement,
        case events.unit_change
            when 'gained' then changes.to_section_path
            else changes.from_section_path
        end as section_path
    from events
    inner join changes on events.task_change_id = changes.task_change_id
    left join unit_names on events.unit_key = unit_names.unit_key

)

select * from final
