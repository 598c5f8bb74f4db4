-- Every task row of a notice that passed is either in the fact table, quarantined, a
-- table row without units (warned: with no unit it yields no obligation), or a prose task
-- whose notice names no unit (unassigned: the notice's choice, counted in
-- agg_tasks_by_region). A row that is none of these would vanish silently:
-- dim_notice.task_rows and the tasks an analyst counts must agree by construction.
-- A warning, not an error: one notice whose rows do not add up must never stop the
-- publish of the others (issue 27); the warning names it in every build's output.
{{ config(severity='warn') }}
with

notices as (

    select * from {{ ref('dim_notice') }}
    where dq_status = 'ok'

),

unassigned as (

    select notice_id, count(*) as unassigned_prose_tasks
    from {{ ref('stg_task_rows') }}
    where layout = 'prose' and is_unassigned and dq_status <> 'quarantined'
    group by notice_id

),

facts as (

    select notice_id, count(distinct task_row_id) as task_rows_in_facts
    from {{ ref('fct_disclosure_obligations') }}
    group by notice_id

)

select
    notices.notice_id,
    notices.task_rows,
    coalesce(facts.task_rows_in_facts, 0) as task_rows_in_facts,
    notices.task_rows_quarantined,
    notices.task_rows_without_units,
    coalesce(unassigned.unassigned_prose_tasks, 0) as unassigned_prose_tasks
from notices
left join facts on notices.notice_id = facts.notice_id
left join unassigned on notices.notice_id = unassigned.notice_id
where notices.task_rows
    <> coalesce(facts.task_rows_in_facts, 0)
    + notices.task_rows_quarantined
    + notices.task_rows_without_units
    + coalesce(unassigned.unassigned_prose_tasks, 0)
