with

labels as (

    select * from {{ ref('frequency_labels') }}

),

final as (

    select
        label as frequency_label,
        name_zh as frequency_name_zh,
        name_en as frequency_name_en,
        cast(periods_per_year as integer) as periods_per_year,
        is_periodic,
        sort_order
    from labels

)

select * from final
