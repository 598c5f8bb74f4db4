{{ config(**built_incrementally()) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- Incremental by notice (macros/incremental_by_notice.sql): a run rebuilds the rows of the
-- notices added, changed or removed since the last build, and of every notice when the
-- publications, their sources or the as-of date changed.
-- One row per owed obligation × period that a publication answers: the earliest matching
-- publication attributed to the period. The one home of the matching rule:
--   unit: the publication is listed in a column of the owing unit, or, for a joint task
--     (no 分别), of another lead/responsible unit of the same task row (credited_via
--     co_owner; the unit's own publication wins);
--   topic: the requirement's topic words (seed publication_topic_words, found in the
--     requirement) weigh W; those found in the title weigh M (in the column's topic when the
--     title carries no topic word at all); it matches when
--     M / least(W, var('publication_match_weight_cap')) >= var('publication_match_threshold');
--     a requirement with no topic word matches nothing (fct_obligation_periods: not_assessable);
--   period: a title naming a period of the obligation's cadence (2021年3月, 第一季度, 上半年)
--     answers that period of that year (a sub-annual period of another year answers none);
--     otherwise by date: the period whose grace window holds the date (end < date <= due:
--     the report of the period just ended), else the period holding the date, else, for an
--     annual or one-off obligation, its one period, late, within a year after the due date;
--   dated on or before the as-of date (compliance_as_of), never undated.
with

obligations as (

    select * from {{ changed_rows(ref('int_owed_obligations'), 'notice_id', compliance=true) }}

),

periods as (

    select * from {{ changed_rows(ref('int_obligation_periods'), 'notice_id', compliance=true) }}

),

publication_units as (

    select * from {{ ref('int_publication_units') }} where unit_key is not null

),

words as (

    select word, weight from {{ ref('publication_topic_words') }}

),

publications as (

    select
        publication_id,
        any_value(title order by listing_id) as title,
        any_value(published_on order by listing_id) as published_on,
        any_value(item_url order by listing_id) as item_url,
        any_value(title_period_grain order by listing_id) as title_period_grain,
        any_value(title_period_year order by listing_id) as title_period_year,
        any_value(title_period_index order by listing_id) as title_period_index
    from {{ ref('stg_publication_listings') }}
    group by publication_id
    having any_value(published_on order by listing_id) is not null
        and any_value(published_on order by listing_id) <= {{ compliance_as_of() }}

),

requirement_words as (

    select distinct obligations.requirement, words.word, words.weight
    from (select distinct requirement from obligations where requirement is not null) as obligations
    inner join words on contains(obligations.requirement, words.word)

),

requirement_weights as (

    select requirement, sum(weight) as requirement_weight
    from requirement_words
    group by requirement

),

titles_with_topic as (

    select distinct publications.publication_id
    from publications
    inner join words on contains(publications.title, words.word)

),

co_owners as (

    select distinct task_row_id, unit_key from obligations

),

unit_candidates as (

    -- the owing unit's own columns
    select
        obligations.obligation_id,
        publication_units.publication_id,
        publication_units.topic,
        'own' as credited_via
    from obligations
    inner join publication_units on obligations.unit_key = publication_units.unit_key

    union all

    -- a co-owner's columns, for a joint task
    select
        obligations.obligation_id,
        publication_units.publication_id,
        publication_units.topic,
        'co_owner' as credited_via
    from obligations
    inner join co_owners
        on obligations.task_row_id = co_owners.task_row_id
        and obligations.unit_key <> co_owners.unit_key
    inner join publication_units on co_owners.unit_key = publication_units.unit_key
    where not obligations.owed_separately

),

scored as (

    select
        unit_candidates.obligation_id,
        unit_candidates.publication_id,
        unit_candidates.credited_via,
        sum(requirement_words.weight) filter (
            where
                case
                    when titles_with_topic.publication_id is not null
                        then contains(publications.title, requirement_words.word)
                    else contains(coalesce(unit_candidates.topic, ''), requirement_words.word)
                end
        ) as matched_weight,
        any_value(requirement_weights.requirement_weight) as requirement_weight
    from unit_candidates
    inner join obligations on unit_candidates.obligation_id = obligations.obligation_id
    inner join publications on unit_candidates.publication_id = publications.publication_id
    inner join requirement_words on obligations.requirement = requirement_words.requirement
    inner join requirement_weights on obligations.requirement = requirement_weights.requirement
    left join titles_with_topic on publications.publication_id = titles_with_topic.publication_id
    group by unit_candidates.obligation_id, unit_candidates.publication_id,
        unit_candidates.credited_via, unit_candidates.topic

),

topic_matches as (

    select
        obligation_id,
        publication_id,
        -- a unit's own publication before a co-owner's; the best score
        case when bool_or(credited_via = 'own') then 'own' else 'co_owner' end
            as credited_via,
        max(
            coalesce(matched_weight, 0)
            / least(requirement_weight, {{ var('publication_match_weight_cap') }})
        ) as topic_score
    from scored
    group by obligation_id, publication_id
    having max(
        coalesce(matched_weight, 0)
        / least(requirement_weight, {{ var('publication_match_weight_cap') }})
    ) >= {{ var('publication_match_threshold') }}

),

attributed as (

    select
        topic_matches.obligation_id,
        obligations.notice_id,
        topic_matches.publication_id,
        topic_matches.credited_via,
        topic_matches.topic_score,
        publications.published_on,
        periods.obligation_period_id,
        periods.period_index,
        periods.due_date,
        case
            when publications.title_period_grain = periods.period_grain
                and publications.title_period_year = obligations.notice_year
                then case when periods.period_index = publications.title_period_index then 0 end
            when publications.title_period_grain = periods.period_grain
                and periods.period_grain not in ('annual', 'one_off')
                then null
            when publications.published_on > periods.period_end
                and publications.published_on <= periods.due_date then 1
            when publications.published_on between periods.period_start and periods.period_end
                then 2
            when periods.period_grain in ('annual', 'one_off')
                and publications.published_on > periods.due_date
                and publications.published_on <= periods.due_date + interval 365 day then 3
        end as attribution_rank
    from topic_matches
    inner join publications on topic_matches.publication_id = publications.publication_id
    inner join obligations on topic_matches.obligation_id = obligations.obligation_id
    inner join periods on topic_matches.obligation_id = periods.obligation_id

),

one_period_each as (

    -- a publication answers one period of an obligation: the best-ranked, the earliest
    select *
    from attributed
    where attribution_rank is not null
    qualify row_number() over (
        partition by obligation_id, publication_id
        order by attribution_rank, period_index
    ) = 1

),

final as (

    -- the earliest publication answering the period, the unit's own first
    select
        obligation_period_id,
        obligation_id,
        notice_id,
        publication_id,
        published_on,
        credited_via,
        cast(topic_score as double) as topic_score,
        case
            when attribution_rank = 0 then 'title'
            else 'date'
        end as attributed_by
    from one_period_each
    qualify row_number() over (
        partition by obligation_period_id
        order by case credited_via when 'own' then 0 else 1 end, published_on, publication_id
    ) = 1

)

select * from final
