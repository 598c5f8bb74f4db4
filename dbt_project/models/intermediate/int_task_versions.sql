{{ config(**built_incrementally()) }}
-- depends_on: {{ ref('int_notices_changed') }}
{{ config(post_hook=task_match_batch_hooks(markers=1)) }}
-- Incremental by region and year (macros/incremental_by_notice.sql): a run rebuilds the
-- years of a region where a notice was added, changed or removed, now or as this table
-- held it: a row depends on its notice and on which notice stands for its region and year,
-- nothing else. (By region, a notice added to a region of ten years rebuilt all ten years'
-- rows, their requirement keys and unit signatures: 16.8 s of a 100-notice increment at
-- 3,000 notices; docs/scaling.md, "The 30,000-notice warehouse in one piece".)
-- A full build runs region batch by region batch (macros/task_match_batches.sql), as the
-- candidates do: a region's years are ranked among themselves, and at 30,000 notices the
-- one statement (the unit signatures of 12.8 M unit rows, the keys of 3.3 M task rows) ran
-- out of DuckDB's 4 GB beside dim_unit_spelling on dbt's other thread.
-- One row per task row of the notice that stands for its region and year (the newest
-- revision), with the keys the year-over-year matching compares: the requirement text
-- without years and punctuation, the section path without numbering, the canonical
-- units with their roles, the cadence labels and the deadline.
with

notices as (

    select * from {{ ref('stg_notices') }}
    -- a quarantined notice failed validation; an unknown region (000000) or year cannot
    -- be placed in a region's sequence of years
    where dq_status <> 'quarantined'
      and notice_year is not null
      and region_adcode <> '000000'
      and {{ in_changed_years('region_adcode', 'notice_year') }}
      and {{ in_region_batch('region_adcode') }}

),

documents as (

    select document_id, fetch_seq from {{ ref('stg_documents') }}

),

task_rows as (

    select * from {{ ref('stg_task_rows') }}
    where dq_status <> 'quarantined'
      and notice_id in (select notice_id from notices)

),

units as (

    select * from {{ ref('int_units_qualified') }}
    where task_row_id in (select task_row_id from task_rows)

),

notice_rows as (

    select notice_id, count(*) as task_rows
    from task_rows
    group by notice_id

),

revisions as (

    -- within one year the newest revision stands for the year: latest publish date, then
    -- the last registered file (fetch_seq: declared order, never a clock reading)
    select
        notices.notice_id,
        notices.notice_key,
        notices.region_adcode,
        notices.notice_year,
        notices.title,
        notices.doc_number,
        notice_rows.task_rows,
        row_number() over (
            partition by notices.region_adcode, notices.notice_year
            order by
                notices.publish_date desc nulls last,
                documents.fetch_seq desc nulls last,
                notices.notice_id
        ) as revision_rank
    from notices
    inner join notice_rows on notices.notice_id = notice_rows.notice_id
    left join documents on notices.document_id = documents.document_id

),

unit_signatures as (

    -- the canonical units of a row with their roles: an alias rename (县发改局 →
    -- 县发展和改革局) keeps the unit_key, so it keeps the signature
    select
        task_row_id,
        string_agg(distinct unit_key || ':' || unit_role, ',' order by unit_key || ':' || unit_role)
            as unit_signature,
        string_agg(distinct unit_name_qualified || '（' || unit_role || '）', '、'
            order by unit_name_qualified || '（' || unit_role || '）') as units_text
    from units
    group by task_row_id

),

final as (

    select
        task_rows.task_row_id,
        task_rows.notice_id,
        revisions.notice_key,
        revisions.region_adcode,
        revisions.notice_year,
        revisions.title as notice_title,
        revisions.doc_number,
        task_rows.row_in_notice,
        -- where the row sits in its table, 0 to 1: near-identical tasks pair in order
        (task_rows.row_in_notice - 1) / greatest(revisions.task_rows - 1, 1) as relative_position,
        task_rows.section_path,
        list_transform(task_rows.section, lambda heading: {{ section_heading_key('heading') }})
            as section_keys,
        task_rows.requirement,
        {{ task_match_text('task_rows.requirement') }} as match_text,
        coalesce(unit_signatures.unit_signature, '') as unit_signature,
        coalesce(unit_signatures.units_text, '') as units_text,
        array_to_string(list_sort(list_distinct(task_rows.frequencies)), ',') as frequency_signature,
        task_rows.deadline_date,
        task_rows.deadline_text,
        {{ task_match_text('task_rows.deadline_text') }} as deadline_text_key
    from task_rows
    inner join revisions
        on task_rows.notice_id = revisions.notice_id
        and revisions.revision_rank = 1
    left join unit_signatures on task_rows.task_row_id = unit_signatures.task_row_id

)

select * from final
