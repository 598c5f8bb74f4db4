{{ config(**built_incrementally()) }}
{{ config(post_hook=task_match_batch_hooks()) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- Incremental by year pair (macros/incremental_by_notice.sql, scope 'pair'): a run
-- compares again the pairs of int_task_notice_pairs that hold an added notice, and every
-- pair of a region where a notice was changed or removed; a region's other pairs compare
-- the same two notices as before. (By region, a notice added to a region of ten years
-- compared all nine pairs again for the one or two that are new.)
-- One row per pair of task rows (one in each notice of a year pair) whose requirements
-- are similar enough to be the same task: character-bigram Dice similarity of the
-- year-free text at or above var('task_match_threshold').
--
-- Bigrams, not edit distance: Chinese has no spaces, and a two-character window is the
-- smallest unit that carries meaning (公开, 财政, 预算). Dice over bigram sets tolerates an
-- inserted clause or 加强 → 进一步加强 better than an edit distance, which charges every
-- inserted character. It is also computed by an equi-join on (year pair, bigram) and an
-- aggregate, so only rows that share a bigram are ever paired: no n × m string function.
-- The pairs are int_task_notice_pairs': a notice with its region's latest earlier one
-- only, never every notice of a region with every other.
--
-- A full build runs in var('task_match_region_batches') batches of regions (a region's
-- rows are only ever paired with its own): this statement builds the first and a
-- post-hook inserts each other one (macros/task_match_batches.sql). The join's working
-- set grows with the square of the rows a bigram common to most rows (公开, 信息) pairs,
-- and built at once it did not fit: OOM-killed at 17.7 GB with DuckDB's default limit at
-- 6,000 notices, out of memory under a 4 GB limit at 10,000. An incremental build takes
-- the year pairs to compare again in one statement.
with

pairs as (

    select * from {{ ref('int_task_notice_pairs') }}
    where {{ changed_only('notice_pair_id', 'pair') }}
      and {{ in_region_batch('region_adcode') }}

),

versions as (

    -- the rows of the notices of those pairs only
    select * from {{ ref('int_task_versions') }}
    where {{ changed_only('region_adcode', 'region') }}
      and {{ in_region_batch('region_adcode') }}
      and notice_id in (select from_notice_id from pairs union select to_notice_id from pairs)

),

keyed as (

    -- Integer keys for the join and its aggregate, and each row's distinct bigrams as a
    -- list of integers (a character pair as two code points): the join of the bigrams
    -- shared by the rows of a notice pair makes ~50,000 rows a pair (27 M for the 100
    -- regions of a 100-notice increment at 30,000 notices), and grouping them by the
    -- pair's and rows' string ids, on string bigrams, was three quarters of the statement
    -- (measured in docs/scaling.md, "The increment at 30,000 notices, cut").
    select
        task_row_id,
        notice_id,
        row_number() over (order by task_row_id) as row_key,
        dense_rank() over (order by notice_id) as notice_key,
        case
            -- a one-character text is its own token (negative: never a pair's code)
            when length(match_text) < 2 then [-unicode(match_text) - 1]
            else list_distinct(list_transform(
                list_zip(code_points[:-2], code_points[2:]),
                lambda chars: chars[1]::bigint * 1114112 + chars[2]
            ))
        end as bigrams
    from (
        select
            task_row_id,
            notice_id,
            match_text,
            list_transform(string_split(match_text, ''), lambda c: unicode(c)) as code_points
        from versions
        where match_text <> ''
    ) as coded

),

bigrams as (

    select row_key, notice_key, len(bigrams) as row_bigrams, unnest(bigrams) as bigram
    from keyed

),

pair_keys as (

    select
        pairs.notice_pair_id,
        from_notices.notice_key as from_notice_key,
        to_notices.notice_key as to_notice_key
    from pairs
    inner join (select distinct notice_id, notice_key from keyed) as from_notices
        on pairs.from_notice_id = from_notices.notice_id
    inner join (select distinct notice_id, notice_key from keyed) as to_notices
        on pairs.to_notice_id = to_notices.notice_id

),

from_bigrams as materialized (

    -- each earlier notice's bigrams addressed to the later notice of its pair, first:
    -- materialized, so that DuckDB cannot join the two sides on the bigram alone (every
    -- row of a region batch with every other sharing 公开) and only then keep the pairs'
    -- notices, the order it chose for a full build's batch, whose filter on the region
    -- hash made it expect a few rows
    select
        pair_keys.to_notice_key,
        bigrams.row_key,
        bigrams.row_bigrams,
        bigrams.bigram
    from pair_keys
    inner join bigrams on pair_keys.from_notice_key = bigrams.notice_key

),

shared as materialized (

    -- materialized: the threshold is applied before the few rows left meet their ids
    -- (left to itself DuckDB joined the 5.7 M row pairs to the rows first)
    select
        from_bigrams.row_key as from_row_key,
        to_bigrams.row_key as to_row_key,
        any_value(from_bigrams.row_bigrams) as from_bigrams,
        any_value(to_bigrams.row_bigrams) as to_bigrams,
        count(*) as shared_bigrams
    from from_bigrams
    inner join bigrams as to_bigrams
        on from_bigrams.to_notice_key = to_bigrams.notice_key
        and from_bigrams.bigram = to_bigrams.bigram
    group by from_bigrams.row_key, to_bigrams.row_key
    having
        2.0 * count(*) / (any_value(from_bigrams.row_bigrams) + any_value(to_bigrams.row_bigrams))
        >= {{ var('task_match_threshold') }}

),

scored as (

    -- a row pair lies in one notice pair: its two notices name it
    select
        pair_keys.notice_pair_id,
        from_keyed.task_row_id as from_task_row_id,
        to_keyed.task_row_id as to_task_row_id,
        2.0 * shared.shared_bigrams / (shared.from_bigrams + shared.to_bigrams) as similarity
    from shared
    inner join keyed as from_keyed on shared.from_row_key = from_keyed.row_key
    inner join keyed as to_keyed on shared.to_row_key = to_keyed.row_key
    inner join pair_keys
        on from_keyed.notice_key = pair_keys.from_notice_key
        and to_keyed.notice_key = pair_keys.to_notice_key

),

final as (

    select
        scored.notice_pair_id,
        pairs.region_adcode,
        scored.from_task_row_id,
        scored.to_task_row_id,
        from_rows.row_in_notice as from_row_in_notice,
        to_rows.row_in_notice as to_row_in_notice,
        scored.similarity,
        -- the share of the section path the two rows have in common from the top (1 =
        -- same section, 0 = different top-level sections)
        len(list_filter(
            range(1, least(len(from_rows.section_keys), len(to_rows.section_keys)) + 1),
            lambda depth: from_rows.section_keys[1:depth] = to_rows.section_keys[1:depth]
        )) / greatest(len(from_rows.section_keys), len(to_rows.section_keys), 1) as section_affinity,
        abs(from_rows.relative_position - to_rows.relative_position) as position_gap
    from scored
    inner join pairs on scored.notice_pair_id = pairs.notice_pair_id
    inner join versions as from_rows on scored.from_task_row_id = from_rows.task_row_id
    inner join versions as to_rows on scored.to_task_row_id = to_rows.task_row_id

)

select * from final
