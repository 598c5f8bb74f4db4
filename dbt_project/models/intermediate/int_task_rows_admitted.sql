{{ config(**built_incrementally()) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- Incremental by notice (macros/incremental_by_notice.sql): a run rebuilds the rows of the
-- notices added, changed or removed since the last build.
-- The task rows every model past staging builds on: rows that passed validation, in
-- notices that passed. A quarantined row (or any row of a quarantined notice) failed
-- validation, so it may hold anything (a unit "1", an unknown cadence, no region): kept
-- out here, it can never fail a test of a later model and stop the publish of the good
-- notices. It stays in stg_task_rows and is counted in dim_notice and
-- agg_data_quality_by_region.
with

task_rows as (

    select * from {{ ref('stg_task_rows') }}
    where {{ changed_only('notice_id') }}

),

notices as (

    select notice_id, dq_status from {{ ref('stg_notices') }}
    where {{ changed_only('notice_id') }}

),

final as (

    select task_rows.*
    from task_rows
    inner join notices on task_rows.notice_id = notices.notice_id
    where task_rows.dq_status <> 'quarantined'
      and notices.dq_status <> 'quarantined'

)

select * from final
