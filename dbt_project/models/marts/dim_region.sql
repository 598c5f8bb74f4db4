-- The administrative divisions (the seed extract/ resolves regions against) plus an
-- unknown member for notices whose region could not be resolved.
with

regions as (

    select * from {{ ref('administrative_divisions') }}

),

renamed as (

    select
        lpad(cast(adcode as varchar), 6, '0') as adcode,
        province,
        prefecture,
        county,
        level,
        coalesce(county, prefecture, province) as region_name,
        concat_ws('', province, prefecture, county) as region_full_name
    from regions

),

unknown_member as (

    -- notices whose region could not be resolved keep their facts under this member
    select
        '000000' as adcode,
        cast(null as varchar) as province,
        cast(null as varchar) as prefecture,
        cast(null as varchar) as county,
        'unknown' as level,
        '未知地区' as region_name,
        '未知地区' as region_full_name

),

final as (

    select * from renamed
    union all
    select * from unknown_member

)

select * from final
