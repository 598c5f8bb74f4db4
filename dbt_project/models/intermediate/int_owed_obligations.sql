{{ config(**built_incrementally()) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- Incremental by notice (macros/incremental_by_notice.sql): a run rebuilds the rows of the
-- notices added, changed or removed since the last build.
-- One row per obligation a unit owes: task row × canonical unit × cadence, for the units
-- that must act (lead or responsible; a cooperating unit owes nothing of its own). A unit
-- named both lead and responsible owes it once. A task of several units is owed by each
-- (分别): each is judged on its own publications; the co-owners of a joint task (no 分别)
-- may be credited with each other's publication (int_publication_matches).
-- Built from the same intermediates as fct_disclosure_obligations, with its exclusions
-- (quarantined rows and notices) and its obligation_id (md5 of task row, unit, role and
-- frequency label), so that every row points at its fact (a relationships test checks
-- it); not from the mart itself, because intermediates build before the marts layer.
with

units as (

    select * from {{ changed_rows(ref('int_units_qualified'), 'notice_id') }}
    where unit_role in ('lead', 'responsible')
      and task_row_dq_status <> 'quarantined'
      and notice_dq_status <> 'quarantined'

),

frequencies as (

    select * from {{ changed_rows(ref('int_task_row_frequencies'), 'notice_id') }}

),

task_rows as (

    select
        task_row_id, requirement, deadline_date, lead_units_text, responsible_units_text
    from {{ ref('stg_task_rows') }}
    where {{ changed_only('notice_id') }}

),

notices as (

    select notice_id, notice_key, region_adcode, notice_year, publish_date
    from {{ ref('stg_notices') }}
    where {{ changed_only('notice_id') }}

),

owed as (

    -- one row per unit and cadence: its lead role first, then its first printed spelling
    select
        units.task_row_id,
        units.notice_id,
        units.unit_key,
        units.unit_role,
        units.unit_name_qualified,
        frequencies.frequency_label
    from units
    inner join frequencies on units.task_row_id = frequencies.task_row_id
    qualify row_number() over (
        partition by units.task_row_id, units.unit_key, frequencies.frequency_label
        order by
            case units.unit_role when 'lead' then 1 else 2 end,
            units.unit_position,
            frequencies.frequency_position
    ) = 1

),

final as (

    select
        md5(
            owed.task_row_id || '|' || owed.unit_key || '|' || owed.unit_role || '|'
            || owed.frequency_label
        ) as obligation_id,
        owed.task_row_id,
        owed.notice_id,
        notices.notice_key,
        notices.region_adcode,
        notices.notice_year,
        notices.publish_date,
        owed.unit_key,
        owed.unit_role,
        owed.unit_name_qualified,
        owed.frequency_label,
        task_rows.deadline_date,
        task_rows.requirement,
        coalesce(
            contains(task_rows.lead_units_text, '分别')
            or contains(task_rows.responsible_units_text, '分别')
            or contains(task_rows.requirement, '分别'),
            false
        ) as owed_separately
    from owed
    inner join task_rows on owed.task_row_id = task_rows.task_row_id
    inner join notices on owed.notice_id = notices.notice_id

)

select * from final
