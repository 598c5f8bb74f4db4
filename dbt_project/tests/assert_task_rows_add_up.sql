-- Every task row of a notice that passed is either in the fact table, quarantined, or a
-- row without units (warned: with no unit it yields no obligation). A row that is none
-- of these would vanish silently: dim_notice.task_rows and the tasks an analyst counts in
-- the fact table must agree by construction.
with

notices as (

    select * from {{ ref('dim_notice') }}
    where dq_status = 'ok'

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
    notices.task_rows_without_units
from notices
left join facts on notices.notice_id = facts.notice_id
where notices.task_rows
    <> coalesce(facts.task_rows_in_facts, 0)
    + notices.task_rows_quarantined
    + notices.task_rows_without_units
