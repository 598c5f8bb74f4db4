-- A calendar spine from 1 January of the earliest notice year (or date seen) to
-- 31 December of the latest, so every publish date and deadline has its row.
with

notices as (

    select * from {{ ref('stg_notices') }}

),

task_rows as (

    select * from {{ ref('stg_task_rows') }}

),

dates_seen as (

    select publish_date as day from notices where publish_date is not null
    union all
    select make_date(notice_year, 1, 1) from notices where notice_year is not null
    union all
    select make_date(notice_year, 12, 31) from notices where notice_year is not null
    union all
    select deadline_date from task_rows where deadline_date is not null

),

bounds as (

    select
        make_date(year(coalesce(min(day), current_date)), 1, 1) as first_day,
        make_date(year(coalesce(max(day), current_date)), 12, 31) as last_day
    from dates_seen

),

spine as (

    select cast(unnest(generate_series(first_day, last_day, interval 1 day)) as date) as date_day
    from bounds

),

final as (

    select
        date_day,
        year(date_day) as year,
        quarter(date_day) as quarter,
        month(date_day) as month,
        day(date_day) as day_of_month,
        isodow(date_day) as iso_day_of_week,
        weekofyear(date_day) as iso_week,
        strftime(date_day, '%Y-%m') as year_month,
        cast(month(date_day) as varchar) || '月' as month_name_zh,
        isodow(date_day) >= 6 as is_weekend,
        date_day = last_day(date_day) as is_month_end
    from spine

)

select * from final
