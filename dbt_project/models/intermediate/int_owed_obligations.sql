-- One row per obligation a unit owes: task row × canonical unit × cadence, for the units
-- that must act (lead or responsible; a cooperating unit owes nothing of its own). A unit
-- named both lead and responsible owes it once. A task of several units is owed by each
-- (分别): each is judged on its own publications; the co-owners of a joint task (no 分别)
-- may be credited with each other's publication (int_publication_matches).
-- Built on fct_disclosure_obligations, the home of the obligation grain and its units.
with

obligations as (

    select * from {{ ref('fct_disclosure_obligations') }}
    where unit_role in ('lead', 'responsible')

),

task_rows as (

    select task_row_id, lead_units_text, responsible_units_text
    from {{ ref('stg_task_rows') }}

),

owed as (

    select *
    from obligations
    qualify row_number() over (
        partition by task_row_id, unit_key, frequency_label
        order by case unit_role when 'lead' then 1 else 2 end, unit_position
    ) = 1

),

final as (

    select
        owed.obligation_id,
        owed.task_row_id,
        owed.notice_id,
        owed.notice_key,
        owed.region_adcode,
        owed.notice_year,
        owed.publish_date,
        owed.unit_key,
        owed.unit_role,
        owed.unit_name_qualified,
        owed.frequency_label,
        owed.deadline_date,
        owed.requirement,
        coalesce(
            contains(task_rows.lead_units_text, '分别')
            or contains(task_rows.responsible_units_text, '分别')
            or contains(owed.requirement, '分别'),
            false
        ) as owed_separately
    from owed
    left join task_rows on owed.task_row_id = task_rows.task_row_id

)

select * from final
