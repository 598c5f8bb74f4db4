-- Grain: one publication source of sources.yml.
with

source as (

    select * from {{ source('raw_publications', 'publication_sources') }}

),

renamed as (

    select
        source_id,
        coalesce(nullif(trim(region_adcode), ''), '000000') as region_adcode,
        grace_days,
        columns as column_count

    from source

),

final as (

    select * from renamed

)

select * from final
