-- One row per publication × the canonical unit of a column that lists it, with the unit
-- resolved by the marts' own unit rules: the unit_key the notices of the source's region
-- give that spelling (int_units_qualified), else, for another spelling of a single body
-- (县发改局 for 县发展和改革局), the unit of that function at that government (the
-- unit_aliases seed, exact aliases). A name no notice of the region uses keeps no key:
-- it owes nothing there, so it can count for nothing.
with

listings as (

    select * from {{ ref('stg_publication_listings') }}

),

listed_regions as (

    select distinct region_adcode from listings

),

notice_regions as (

    select notice_id, region_adcode from {{ ref('stg_notices') }}

),

mentions as (

    -- with the region of the notice that names them: a county's notice may name a
    -- prefecture body (市生态环境局宁阳分局) that publishes on the county's portal.
    -- Only the regions some column lists publications of (the joins below match on them):
    -- the mentions of the whole country are not read to resolve a few counties' columns.
    -- Two semi-joins on those few regions, not one `or` of them: each keeps the mentions
    -- table's scan to the rows of the regions listed (none when nothing is listed)
    select units.*, notices.region_adcode as notice_region_adcode
    from {{ ref('int_units_qualified') }} as units
    inner join notice_regions as notices on units.notice_id = notices.notice_id
    where units.notice_id in (
        select notice_id from notice_regions
        where region_adcode in (select region_adcode from listed_regions)
    )

    union all

    select units.*, notices.region_adcode as notice_region_adcode
    from {{ ref('int_units_qualified') }} as units
    inner join notice_regions as notices on units.notice_id = notices.notice_id
    where units.unit_region_adcode in (select region_adcode from listed_regions)
      and (notices.region_adcode in (select region_adcode from listed_regions)) is not true

),

aliases as (

    select alias, function from {{ ref('unit_aliases') }} where match_type = 'exact'

),

regions as (

    select
        adcode,
        level,
        {{ short_place_name('county') }} as county_short,
        {{ short_place_name('prefecture') }} as prefecture_short,
        concat_ws('|', county, prefecture, province) as place_pattern
    from {{ ref('administrative_divisions') }}

),

names as (

    select distinct
        listings.region_adcode,
        listings.unit_name,
        {{ normalise_unit_name('listings.unit_name') }} as unit_name_normalised
    from listings
    where listings.unit_name is not null

),

stripped as (

    select
        names.*,
        regexp_replace(
            names.unit_name_normalised,
            concat_ws('|', nullif(regions.place_pattern, ''), regions.county_short,
                regions.prefecture_short),
            '',
            'g'
        ) as place_stripped,
        case when regions.level = 'county' then 'county' else 'city' end as government_tier
    from names
    left join regions on names.region_adcode = regions.adcode

),

cores as (

    -- 梁山县财政局, 县财政局 and 财政局 share the core 财政局 (市场监管局 keeps its 市)
    select
        stripped.*,
        case
            when {{ printed_level_prefix('place_stripped') }} is not null
                then substr(place_stripped, 2)
            else place_stripped
        end as core_name
    from stripped

),

by_spelling as (

    select
        cores.region_adcode,
        cores.unit_name,
        mentions.unit_key,
        1 as resolution_rank,
        'spelling' as resolved_by,
        count(*) as mentions
    from cores
    inner join mentions
        on mentions.notice_region_adcode = cores.region_adcode
        and (
            mentions.unit_name_normalised = cores.unit_name_normalised
            or mentions.unit_name_qualified = cores.unit_name_normalised
        )
    group by all

),

by_function as (

    select
        cores.region_adcode,
        cores.unit_name,
        mentions.unit_key,
        2 as resolution_rank,
        'function' as resolved_by,
        count(*) as mentions
    from cores
    inner join aliases on aliases.alias = cores.core_name
    inner join mentions
        on mentions.unit_region_adcode = cores.region_adcode
        and mentions.is_single_body
        and mentions.unit_function = aliases.function
        and mentions.unit_level = cores.government_tier
    group by all

),

resolved as (

    select *
    from (select * from by_spelling union all select * from by_function)
    qualify row_number() over (
        partition by region_adcode, unit_name
        order by resolution_rank, mentions desc, unit_key
    ) = 1

),

final as (

    select distinct
        listings.publication_id,
        listings.region_adcode,
        listings.unit_name,
        resolved.unit_key,
        resolved.resolved_by,
        -- the column's topic stands in for a title that carries no topic word (第12期)
        listings.topic
    from listings
    left join resolved
        on listings.region_adcode = resolved.region_adcode
        and listings.unit_name = resolved.unit_name
    where listings.unit_name is not null

)

select * from final
