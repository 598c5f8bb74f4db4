-- One row per issuing region × notice year × layout: the tasks the region's notices set,
-- with units assigned or not. A prose task whose notice names no unit (各级各部门要…) is
-- a task of the region all the same; it has no obligation rows in
-- fct_disclosure_obligations (whose grain is per unit), so it is counted here. A table row
-- that lost its units is neither assigned nor unassigned (a data-quality finding): tasks
-- = assigned + unassigned + such rows. The counts add up across rows. Interpretations set no tasks; quarantined rows are left out, as in
-- fct_disclosure_obligations.
with

task_rows as (

    select * from {{ ref('stg_task_rows') }}
    where dq_status <> 'quarantined'

),

notices as (

    select * from {{ ref('dim_notice') }}
    where notice_kind = 'notice' and dq_status <> 'quarantined'

),

final as (

    select
        notices.region_adcode,
        notices.region_name,
        notices.issuing_level,
        coalesce(notices.notice_year, 0) as notice_year,
        task_rows.layout,
        count(distinct notices.notice_id) as notices,
        count(*) as tasks,
        count(*) filter (
            where len(task_rows.lead_units) + len(task_rows.responsible_units)
            + len(task_rows.cooperating_units) > 0
        ) as assigned_tasks,
        count(*) filter (where task_rows.is_unassigned) as unassigned_tasks
    from task_rows
    inner join notices on task_rows.notice_id = notices.notice_id
    group by 1, 2, 3, 4, 5

)

select * from final
