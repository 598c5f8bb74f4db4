{{ config(**built_incrementally(refresh={'unit_name': 'unit_name', 'unit_function': 'unit_function'})) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- depends_on: {{ ref('int_units_touched') }}
-- depends_on: {{ ref('int_units_qualified') }}
-- depends_on: {{ ref('stg_notices') }}
{{ config(post_hook=task_match_batch_hooks(markers=2)) }}
-- Incremental by region (macros/incremental_by_notice.sql), as fct_task_changes; the unit's
-- name is dim_unit's, over every notice: the post-hook brings it up to date on the rows
-- not rebuilt.
-- Grain: one canonical unit × role × task it gained or lost, per region and pair of
-- consecutive years. A unit gains a task when the task is new, or when it was matched
-- and the unit did not hold it in that role the year before; it loses one the other way.
-- Alias renames keep the canonical unit (unit_key), so they gain and lose nothing.
--
-- A full build runs region batch by region batch, as int_task_match_candidates does
-- (macros/task_match_batches.sql): a task change and its units lie in one region, and at
-- 30,000 notices the one statement (3.0 M task changes carrying their requirement texts,
-- 12.8 M unit rows, 10.5 M rows out) failed with DuckDB's "Out of Memory" at the 4 GB limit
-- (docs/scaling.md, "The increment at 30,000 notices, cut").
with

changes as (

    select * from {{ changed_rows(ref('fct_task_changes'), 'region_adcode', 'region') }}
    where {{ in_region_batch('region_adcode') }}

),

units as (

    select distinct task_row_id, unit_key, unit_role
    from {{ ref('int_units_qualified') }}
    where {{ in_changed_regions('notice_id') }}
      and {{ in_region_batch_notices('notice_id') }}

),

unit_names as (

    -- the unit's most used region-qualified spelling names it: dim_unit's name
    select unit_key, unit_name, unit_function from {{ ref('dim_unit') }}

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
