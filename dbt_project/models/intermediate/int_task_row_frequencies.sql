{{ config(**built_incrementally()) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- Incremental by notice (macros/incremental_by_notice.sql): a run rebuilds the rows of the
-- notices added, changed or removed since the last build.
-- One row per task row × frequency label, in the order the extractor listed them.
with

task_rows as (

    -- only rows that passed validation: a quarantined row's labels may be unknown ones
    select * from {{ changed_rows(ref('int_task_rows_admitted'), 'notice_id') }}

),

exploded as (

    select
        task_row_id,
        notice_id,
        unnest(frequencies) as frequency_label,
        unnest(range(1, len(frequencies) + 1)) as frequency_position,
        false as frequency_defaulted
    from task_rows
    where len(frequencies) > 0

    union all

    -- the extractor always gives a label; a row without one still is an obligation, so
    -- it is kept as unspecified and flagged rather than dropped from the fact table
    select
        task_row_id,
        notice_id,
        'unspecified' as frequency_label,
        1 as frequency_position,
        true as frequency_defaulted
    from task_rows
    where len(frequencies) = 0

),

final as (

    select
        task_row_id,
        notice_id,
        frequency_label,
        cast(frequency_position as integer) as frequency_position,
        frequency_defaulted
    from exploded

)

select * from final
