-- One row: how many unit mentions resolved to a canonical function (`notices status`
-- prints the share; the issue's target is ≥ 98 %).
with

units as (

    select * from {{ ref('int_units_qualified') }}

),

final as (

    select
        count(*) as unit_mentions,
        count(*) filter (where is_classified) as classified_mentions,
        count(*) filter (where not is_classified) as unclassified_mentions,
        case when count(*) > 0
            then round(count(*) filter (where is_classified) / count(*), 4)
        end as classified_share,
        case when count(*) > 0
            then round(count(*) filter (where not is_classified) / count(*), 4)
        end as unclassified_share,
        count(distinct unit_name_normalised) as distinct_unit_names,
        -- text joined with 、 (empty when every name is classified), not a list
        coalesce(
            string_agg(distinct unit_name_normalised, '、' order by unit_name_normalised)
                filter (where not is_classified),
            ''
        ) as unclassified_names
    from units

)

select * from final
