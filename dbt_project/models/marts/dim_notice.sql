with

notices as (

    select * from {{ ref('stg_notices') }}

),

documents as (

    select * from {{ ref('stg_documents') }}

),

task_rows as (

    select * from {{ ref('stg_task_rows') }}

),

levels as (

    select * from {{ ref('int_notice_levels') }}

),

regions as (

    select adcode, region_name from {{ ref('dim_region') }}

),

unit_classification as (

    select * from {{ ref('int_notice_unit_classification') }}

),

row_counts as (

    select
        notice_id,
        count(*) as task_rows,
        count(*) filter (where dq_status = 'ok') as task_rows_ok,
        count(*) filter (where dq_status = 'warn') as task_rows_warn,
        count(*) filter (where dq_status = 'quarantined') as task_rows_quarantined,
        -- rows that name no unit (their unit cells came out empty): warned, and with no
        -- unit they yield no obligation, so the fact table does not count them
        count(*) filter (where list_contains(dq_reasons, 'no_units')) as task_rows_without_units
    from task_rows
    group by notice_id

),

final as (

    select
        notices.notice_id,
        notices.notice_key,
        notices.document_id,
        notices.title,
        notices.doc_number,
        notices.issuer,
        notices.publish_date,
        notices.notice_year,
        notices.region_adcode,
        -- a notice without a place (the State Council's, or one not resolved) is named as
        -- dim_region names its adcode (未知地区), so every mart and filter says the same
        coalesce(notices.region_name, regions.region_name) as region_name,
        notices.region_level,
        coalesce(levels.issuing_level, 'unknown') as issuing_level,
        notices.notice_kind,
        notices.table_title,
        -- text, not the list: BI tools read a list as an untyped blob
        array_to_string(notices.table_columns, ' | ') as table_columns,
        notices.has_task_table,
        coalesce(row_counts.task_rows, 0) as task_rows,
        coalesce(row_counts.task_rows_ok, 0) as task_rows_ok,
        coalesce(row_counts.task_rows_warn, 0) as task_rows_warn,
        coalesce(row_counts.task_rows_quarantined, 0) as task_rows_quarantined,
        coalesce(row_counts.task_rows_without_units, 0) as task_rows_without_units,
        notices.dq_status,
        array_to_string(notices.dq_reasons, '; ') as dq_reasons,
        -- the unit-classification target, judged per notice (a flag, never a failed build)
        coalesce(unit_classification.unit_mentions, 0) as unit_mentions,
        coalesce(unit_classification.unclassified_mentions, 0) as unclassified_mentions,
        coalesce(unit_classification.meets_unit_classification_target, true)
            as meets_unit_classification_target,
        documents.source_id,
        documents.document_url,
        documents.original_name,
        notices.parser_version
    from notices
    left join row_counts on notices.notice_id = row_counts.notice_id
    left join documents on notices.document_id = documents.document_id
    left join levels on notices.notice_id = levels.notice_id
    left join regions on notices.region_adcode = regions.adcode
    left join unit_classification on notices.notice_id = unit_classification.notice_id

)

select * from final
