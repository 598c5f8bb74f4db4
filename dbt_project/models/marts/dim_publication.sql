-- Grain: one publication (an item re-posted in several columns of a source is one).
with

listings as (

    select * from {{ ref('stg_publication_listings') }}

),

units as (

    select publication_id, unit_key, resolved_by from {{ ref('int_publication_units') }}

),

unit_names as (

    select unit_key, unit_name as unit_display_name from {{ ref('dim_unit') }}

),

aggregated as (

    select
        publication_id as publication_key,
        any_value(source_id order by listing_id) as source_id,
        any_value(title order by listing_id) as title,
        any_value(published_on order by listing_id) as published_on,
        any_value(date_source order by listing_id) as date_source,
        any_value(item_url order by listing_id) as url,
        any_value(region_adcode order by listing_id) as region_adcode,
        any_value(unit_name order by listing_id) as unit_name,
        any_value(title_period_grain order by listing_id) as title_period_grain,
        any_value(title_period_year order by listing_id) as title_period_year,
        any_value(title_period_index order by listing_id) as title_period_index,
        -- text joined with ' | ', not a list: BI tools read a list as an untyped blob
        string_agg(distinct coalesce(column_path, column_url), ' | ') as column_paths,
        count(*) as columns_listing,
        min(fetched_at) as first_seen_at
    from listings
    group by publication_id

),

first_unit as (

    select publication_id, any_value(unit_key order by unit_key) as unit_key,
        any_value(resolved_by order by unit_key) as unit_resolved_by
    from units
    where unit_key is not null
    group by publication_id

),

final as (

    select
        aggregated.publication_key,
        aggregated.source_id,
        aggregated.title,
        aggregated.published_on,
        aggregated.date_source,
        aggregated.url,
        aggregated.region_adcode,
        aggregated.unit_name,
        first_unit.unit_key,
        unit_names.unit_display_name,
        first_unit.unit_resolved_by,
        aggregated.title_period_grain,
        aggregated.title_period_year,
        aggregated.title_period_index,
        aggregated.column_paths,
        cast(aggregated.columns_listing as integer) as columns_listing,
        aggregated.first_seen_at
    from aggregated
    left join first_unit on aggregated.publication_key = first_unit.publication_id
    left join unit_names on first_unit.unit_key = unit_names.unit_key

)

select * from final
