with

source as (

    select * from {{ source('raw', 'task_rows') }}

),

renamed as (

    select
        notice_id || ':' || cast(row as varchar) as task_row_id,
        notice_id,
        row as row_in_notice,
        document_id,
        seq as printed_seq,
        coalesce(section, []::varchar[]) as section,
        array_to_string(coalesce(section, []::varchar[]), ' > ') as section_path,
        requirement,
        lead_units_text,
        responsible_units_text,
        deadline_text,
        coalesce(lead_units, []::varchar[]) as lead_units,
        coalesce(responsible_units, []::varchar[]) as responsible_units,
        coalesce(cooperating_units, []::varchar[]) as cooperating_units,
        coalesce(frequencies, []::varchar[]) as frequencies,
        deadline_date,
        dq_status,
        coalesce(dq_reasons, []::varchar[]) as dq_reasons,
        -- rows loaded before raw.task_rows.layout existed were all table rows
        coalesce(layout, 'table') as layout,
        -- a prose task whose notice names no unit: the notice's choice, not a reading error
        coalesce(layout, 'table') = 'prose'
            and len(coalesce(lead_units, []::varchar[]))
            + len(coalesce(responsible_units, []::varchar[]))
            + len(coalesce(cooperating_units, []::varchar[])) = 0 as is_unassigned,
        cast(loaded_at as timestamp) as loaded_at

    from source

),

final as (

    select * from renamed

)

select * from final
