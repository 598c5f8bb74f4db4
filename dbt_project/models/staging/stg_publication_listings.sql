-- Grain: one item as one column lists it (source × column × item URL).
with

source as (

    select * from {{ source('raw_publications', 'publication_listings') }}

),

renamed as (

    select
        source_id || '|' || column_url || '|' || item_url as listing_id,
        publication_id,
        source_id,
        column_url,
        item_url,
        column_path,
        nullif(trim(unit_name), '') as unit_name,
        nullif(trim(topic), '') as topic,
        coalesce(nullif(trim(region_adcode), ''), '000000') as region_adcode,
        title,
        published_on,
        date_source,
        title_period_grain,
        title_period_year,
        title_period_index,
        listing_page,
        cast(fetched_at as timestamp) as fetched_at,
        cast(loaded_at as timestamp) as loaded_at

    from source

),

final as (

    select * from renamed

)

select * from final
