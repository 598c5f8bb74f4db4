with

source as (

    select * from {{ source('raw', 'documents') }}

),

renamed as (

    select
        document_id,
        source_id,
        url as document_url,
        original_name,
        landing_path,
        content_type,
        format as document_format,
        bytes as size_bytes,
        status as document_status,
        error_kind,
        error_message,
        note_kind,
        note_message,
        parser_version,
        fetch_seq,
        cast(fetched_at as timestamp) as fetched_at,
        cast(extracted_at as timestamp) as extracted_at,
        cast(loaded_at as timestamp) as loaded_at

    from source

),

final as (

    select * from renamed

)

select * from final
