-- One row per notice: the level of government that issued it. 国务院 (or its general
-- office) is national; a government or its general office (人民政府, 政府办公室/厅) issues
-- at its region's level (a municipality such as 北京市 is provincial); any other office
-- (山东省教育厅, 县财政局, 教育部) is a department.
with

notices as (

    select notice_id, issuer, province, prefecture, county from {{ ref('stg_notices') }}

),

named as (

    select
        notice_id,
        regexp_replace(coalesce(issuer, ''), '\s', '', 'g') as issuer_name,
        province,
        prefecture,
        county
    from notices

),

final as (

    select
        notice_id,
        case
            when issuer_name in ('国务院', '国务院办公厅') then 'national'
            when issuer_name <> ''
                and not regexp_matches(issuer_name, '(人民政府|政府办公室|政府办公厅|政府办)$')
                then 'department'
            when county is not null then 'county'
            when prefecture is not null and prefecture <> coalesce(province, '') then 'prefecture'
            when province is not null then 'provincial'
            else 'unknown'
        end as issuing_level
    from named

)

select * from final
