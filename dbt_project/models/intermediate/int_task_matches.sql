{{ config(**built_incrementally()) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- depends_on: {{ ref('int_task_notice_pairs') }}
-- Incremental by year pair (macros/incremental_by_notice.sql, scope 'pair'), as the
-- candidates it reads: each pair's matching is its own.
-- One row per matched pair of task rows: each task row of a year pair is matched to at
-- most one row of the other notice (one-to-one).
--
-- Greedy by score, computed set-wise in rounds of mutual best choices: in each round a
-- candidate pair is taken when each row is the other's best among the rows still free.
-- Both sides rank by one total order (score, then the smaller gap in table position,
-- then row numbers), so the best pair left is always mutual and each round takes at least
-- it; it gives exactly what the sequential greedy would. The score is the text similarity
-- plus a small bonus for the same or a nearby section, so a reworded task stays in its
-- section when a near-identical one sits elsewhere, and a task that moved section is
-- still found. assert_task_matching_is_maximal checks that the rounds were enough.
{%- set rounds = var('task_match_rounds') %}
with

candidates as (

    select
        *,
        similarity + {{ var('task_match_section_weight') }} * section_affinity as score
    from {{ changed_rows(ref('int_task_match_candidates'), 'notice_pair_id', 'pair') }}

),

pool_1 as (

    select * from candidates

),

{% for round in range(1, rounds + 1) %}
ranked_{{ round }} as (

    select
        *,
        row_number() over (
            partition by notice_pair_id, from_task_row_id
            order by score desc, position_gap, to_row_in_notice
        ) as rank_from,
        row_number() over (
            partition by notice_pair_id, to_task_row_id
            order by score desc, position_gap, from_row_in_notice
        ) as rank_to
    from pool_{{ round }}

),

matched_{{ round }} as (

    select
        notice_pair_id, region_adcode, from_task_row_id, to_task_row_id, similarity,
        section_affinity, score, {{ round }} as match_round
    from ranked_{{ round }}
    where rank_from = 1 and rank_to = 1

),
{% if not loop.last %}
pool_{{ round + 1 }} as (

    select pool.*
    from pool_{{ round }} as pool
    anti join matched_{{ round }} as by_from
        on pool.notice_pair_id = by_from.notice_pair_id
        and pool.from_task_row_id = by_from.from_task_row_id
    anti join matched_{{ round }} as by_to
        on pool.notice_pair_id = by_to.notice_pair_id
        and pool.to_task_row_id = by_to.to_task_row_id

),
{% endif %}
{% endfor %}

final as (

    {% for round in range(1, rounds + 1) %}
    select * from matched_{{ round }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from final
