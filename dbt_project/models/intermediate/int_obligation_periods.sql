{{ config(**built_incrementally()) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- Incremental by notice (macros/incremental_by_notice.sql): a run rebuilds the rows of the
-- notices added, changed or removed since the last build, and of every notice when the
-- publications, their sources or the as-of date changed.
-- One row per owed obligation × period. The one home of the period rule:
--   monthly 12 a year, quarterly 4, semiannual 2, annual 1 (calendar months);
--   every_5_days: 73 five-day periods from 1 January, the last one to 31 December;
--   weekly: 52 seven-day periods from 1 January, the last one to 31 December;
--   one_off with a deadline date: one period from the notice's publication (or 1 January)
--   to the deadline.
-- A notice's periods are those of its year that end after its publication date (a notice
-- of 30 June owes no May figures). A period is due `grace` days after its end: the
-- publication source's grace_days for the region, else var('compliance_grace_days');
-- never more than the period's own length, so that the grace windows of consecutive
-- periods never overlap (a five-day period gets at most five days).
-- Cadences without periods (daily, event_driven, continuous, periodic, unspecified, a
-- one_off without a date) get none: fct_obligation_periods marks them not_assessable.
with

obligations as (

    select * from {{ changed_rows(ref('int_owed_obligations'), 'notice_id', compliance=true) }}
    where notice_year is not null

),

grace as (

    select region_adcode, min(grace_days) as grace_days
    from {{ ref('stg_publication_sources') }}
    where grace_days is not null
    group by region_adcode

),

month_grains as (

    select * from (values
        ('monthly', 12, 1),
        ('quarterly', 4, 3),
        ('semiannual', 2, 6),
        ('annual', 1, 12)
    ) as t(frequency_label, periods, months)

),

day_grains as (

    select * from (values
        ('every_5_days', 73, 5),
        ('weekly', 52, 7)
    ) as t(frequency_label, periods, days)

),

month_periods as (

    select
        obligations.obligation_id,
        period_index,
        make_date(obligations.notice_year, (period_index - 1) * month_grains.months + 1, 1)
            as period_start,
        last_day(make_date(obligations.notice_year, period_index * month_grains.months, 1))
            as period_end
    from obligations
    inner join month_grains on obligations.frequency_label = month_grains.frequency_label
    cross join lateral (
        select unnest(range(1, month_grains.periods + 1)) as period_index
    ) as indexes

),

day_periods as (

    select
        obligations.obligation_id,
        period_index,
        cast(
            make_date(obligations.notice_year, 1, 1)
            + to_days(cast((period_index - 1) * day_grains.days as integer)) as date
        ) as period_start,
        case
            when period_index = day_grains.periods then make_date(obligations.notice_year, 12, 31)
            else cast(
                make_date(obligations.notice_year, 1, 1)
                + to_days(cast(period_index * day_grains.days - 1 as integer)) as date
            )
        end as period_end
    from obligations
    inner join day_grains on obligations.frequency_label = day_grains.frequency_label
    cross join lateral (
        select unnest(range(1, day_grains.periods + 1)) as period_index
    ) as indexes

),

deadline_periods as (

    select
        obligation_id,
        1 as period_index,
        least(
            coalesce(publish_date, make_date(notice_year, 1, 1)), deadline_date
        ) as period_start,
        deadline_date as period_end
    from obligations
    where frequency_label = 'one_off' and deadline_date is not null

),

periods as (

    select * from month_periods
    union all
    select * from day_periods
    union all
    select * from deadline_periods

),

final as (

    select
        md5(periods.obligation_id || '|' || cast(periods.period_index as varchar))
            as obligation_period_id,
        periods.obligation_id,
        obligations.notice_id,
        obligations.frequency_label as period_grain,
        cast(periods.period_index as integer) as period_index,
        periods.period_start,
        periods.period_end,
        cast(least(
            coalesce(grace.grace_days, {{ var('compliance_grace_days') }}),
            date_diff('day', periods.period_start, periods.period_end) + 1
        ) as integer) as grace_days,
        cast(
            periods.period_end + to_days(cast(least(
                coalesce(grace.grace_days, {{ var('compliance_grace_days') }}),
                date_diff('day', periods.period_start, periods.period_end) + 1
            ) as integer)) as date
        ) as due_date
    from periods
    inner join obligations on periods.obligation_id = obligations.obligation_id
    left join grace on obligations.region_adcode = grace.region_adcode
    where obligations.publish_date is null or periods.period_end > obligations.publish_date

)

select * from final
