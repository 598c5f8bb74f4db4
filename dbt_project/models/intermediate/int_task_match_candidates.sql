{{ config(**built_incrementally()) }}
{{ config(post_hook=task_match_batch_hooks()) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- Incremental by region (macros/incremental_by_notice.sql): a run rebuilds the regions
-- where a notice was added, changed or removed, since that changes which notices the
-- region compares.
-- One row per pair of task rows (one in each notice of a year pair) whose requirements
-- are similar enough to be the same task: character-bigram Dice similarity of the
-- year-free text at or above var('task_match_threshold').
--
-- Bigrams, not edit distance: Chinese has no spaces, and a two-character window is the
-- smallest unit that carries meaning (公开, 财政, 预算). Dice over bigram sets tolerates an
-- inserted clause or 加强 → 进一步加强 better than an edit distance, which charges every
-- inserted character. It is also computed by an equi-join on (year pair, bigram) and an
-- aggregate, so only rows that share a bigram are ever paired: no n × m string function.
--
-- A full build runs in var('task_match_region_batches') batches of regions (a region's
-- rows are only ever paired with its own): this statement builds the first and a
-- post-hook inserts each other one (macros/task_match_batches.sql). The join's working
-- set grows with the square of the rows a bigram common to most rows (公开, 信息) pairs,
-- and built at once it did not fit: OOM-killed at 17.7 GB with DuckDB's default limit at
-- 6,000 notices, out of memory under a 4 GB limit at 10,000. An incremental build takes
-- the changed regions in one statement.
with

versions as (

    select * from {{ ref('int_task_versions') }}
    where {{ changed_only('region_adcode', 'region') }}
      and {{ in_region_batch('region_adcode') }}

),

pairs as (

    select * from {{ ref('int_task_notice_pairs') }}
    where {{ changed_only('region_adcode', 'region') }}
      and {{ in_region_batch('region_adcode') }}

),

bigrams as (

    -- distinct bigrams of each row; a one-character text is its own token
    select distinct
        task_row_id,
        notice_id,
        case
            when length(match_text) < 2 then match_text
            else substr(match_text, position, 2)
        end as bigram
    from (
        select
            task_row_id,
            notice_id,
            match_text,
            unnest(range(1, greatest(length(match_text), 2))) as position
        from versions
        where match_text <> ''
    ) as positions

),

bigram_counts as (

    select task_row_id, count(*) as bigrams
    from bigrams
    group by task_row_id

),

shared as (

    select
        pairs.notice_pair_id,
        from_bigrams.task_row_id as from_task_row_id,
        to_bigrams.task_row_id as to_task_row_id,
        count(*) as shared_bigrams
    from pairs
    inner join bigrams as from_bigrams on from_bigrams.notice_id = pairs.from_notice_id
    inner join bigrams as to_bigrams
        on to_bigrams.notice_id = pairs.to_notice_id
        and to_bigrams.bigram = from_bigrams.bigram
    group by all

),

scored as (

    select
        shared.notice_pair_id,
        shared.from_task_row_id,
        shared.to_task_row_id,
        2.0 * shared.shared_bigrams / (from_counts.bigrams + to_counts.bigrams) as similarity
    from shared
    inner join bigram_counts as from_counts on shared.from_task_row_id = from_counts.task_row_id
    inner join bigram_counts as to_counts on shared.to_task_row_id = to_counts.task_row_id

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
    where scored.similarity >= {{ var('task_match_threshold') }}

)

select * from final
