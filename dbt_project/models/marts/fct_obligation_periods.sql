{{ config(**built_incrementally(refresh={'unit_function': 'unit_function'})) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- depends_on: {{ ref('int_units_touched') }}
-- depends_on: {{ ref('int_units_qualified') }}
-- Incremental by notice (macros/incremental_by_notice.sql): a run rebuilds the rows of the
-- notices added, changed or removed since the last build, and of every notice when the
-- publications, their sources or the as-of date changed.
-- The unit's function is dim_unit's: the post-hook brings it up to date on the rows not
-- rebuilt.
-- Grain: one owed obligation (task row × unit × cadence, lead or responsible) × one period;
-- an obligation without periods is one row with no period, not_assessable, and why.
-- Statuses (extract/vocabulary.ComplianceStatus): kept (a matching publication dated on or
-- before the due date), late (after it), missed (due by the as-of date, nothing), not_due.
with

obligations as (

    select * from {{ changed_rows(ref('int_owed_obligations'), 'notice_id', compliance=true) }}

),

periods as (

    select * from {{ changed_rows(ref('int_obligation_periods'), 'notice_id', compliance=true) }}

),

matches as (

    select * from {{ changed_rows(ref('int_publication_matches'), 'notice_id', compliance=true) }}

),

words as (

    select word from {{ ref('publication_topic_words') }}

),

publications as (

    select publication_key, title, published_on, url, unit_name
    from {{ ref('dim_publication') }}

),

units as (

    select unit_key, unit_function from {{ ref('dim_unit') }}

),

regions as (

    select adcode, region_name from {{ ref('dim_region') }}

),

topical as (

    select distinct obligations.obligation_id
    from obligations
    inner join words on contains(obligations.requirement, words.word)

),

assessable as (

    select
        obligations.*,
        case
            when obligations.frequency_label not in (
                'monthly', 'quarterly', 'semiannual', 'annual', 'every_5_days', 'weekly',
                'one_off'
            ) then 'cadence_without_periods'
            when obligations.frequency_label = 'one_off' and obligations.deadline_date is null
                then 'no_deadline'
            when obligations.notice_year is null then 'no_notice_year'
            when topical.obligation_id is null then 'no_topic_word'
        end as not_assessable_reason
    from obligations
    left join topical on obligations.obligation_id = topical.obligation_id

),

with_periods as (

    select
        assessable.*,
        periods.obligation_period_id,
        periods.period_index,
        periods.period_start,
        periods.period_end,
        periods.grace_days,
        periods.due_date
    from assessable
    left join periods
        on assessable.obligation_id = periods.obligation_id
        and assessable.not_assessable_reason is null

),

judged as (

    select
        with_periods.*,
        matches.publication_id as publication_key,
        matches.credited_via,
        matches.attributed_by,
        matches.topic_score,
        case
            when with_periods.not_assessable_reason is not null then 'not_assessable'
            when with_periods.obligation_period_id is null then 'not_assessable'
            when matches.publication_id is not null
                and matches.published_on <= with_periods.due_date then 'kept'
            when matches.publication_id is not null then 'late'
            when with_periods.due_date > {{ compliance_as_of() }} then 'not_due'
            else 'missed'
        end as compliance_status,
        coalesce(
            with_periods.not_assessable_reason,
            case when with_periods.obligation_period_id is null then 'no_period_after_notice' end
        ) as not_assessable_reason_final
    from with_periods
    left join matches on with_periods.obligation_period_id = matches.obligation_period_id

),

final as (

    select
        coalesce(judged.obligation_period_id, md5(judged.obligation_id || '|none'))
            as obligation_period_id,
        judged.obligation_id,
        judged.task_row_id,
        judged.notice_id,
        judged.notice_key,
        judged.region_adcode,
        judged.notice_year,
        judged.unit_key,
        judged.unit_name_qualified,
        judged.unit_role as owing_role,
        judged.frequency_label,
        judged.requirement,
        judged.period_index,
        judged.period_start,
        judged.period_end,
        judged.grace_days,
        judged.due_date,
        judged.compliance_status,
        judged.not_assessable_reason_final as not_assessable_reason,
        judged.publication_key,
        publications.title as publication_title,
        publications.published_on as publication_date,
        publications.url as publication_url,
        publications.unit_name as publication_unit_name,
        judged.credited_via,
        judged.attributed_by,
        judged.topic_score,
        case
            when judged.compliance_status = 'late'
                then cast(date_diff('day', judged.due_date, publications.published_on) as integer)
        end as days_late,
        {{ compliance_as_of() }} as as_of_date,
        -- the region's and the unit function's names on the row, as on
        -- fct_disclosure_obligations: the dashboard's filters apply without a join
        regions.region_name,
        units.unit_function
    from judged
    left join publications on judged.publication_key = publications.publication_key
    left join regions on judged.region_adcode = regions.adcode
    left join units on judged.unit_key = units.unit_key

)

select * from final
