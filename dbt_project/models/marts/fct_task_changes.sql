{{ config(**built_incrementally()) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- Incremental by region (macros/incremental_by_notice.sql): a run rebuilds the regions
-- where a notice was added, changed or removed, since that changes which notices the
-- region compares.
-- Grain: one matched pair of task rows, or one unmatched task row, per region and pair
-- of consecutive years (the newest notice of each year).
with

pairs as (

    select * from {{ changed_rows(ref('int_task_notice_pairs'), 'region_adcode', 'region') }}

),

versions as (

    select * from {{ changed_rows(ref('int_task_versions'), 'region_adcode', 'region') }}

),

matches as (

    select * from {{ changed_rows(ref('int_task_matches'), 'region_adcode', 'region') }}

),

regions as (

    select adcode, region_name from {{ ref('dim_region') }}

),

from_rows as (

    select pairs.notice_pair_id, versions.*
    from pairs
    inner join versions on versions.notice_id = pairs.from_notice_id

),

to_rows as (

    select pairs.notice_pair_id, versions.*
    from pairs
    inner join versions on versions.notice_id = pairs.to_notice_id

),

joined as (

    select
        coalesce(from_rows.notice_pair_id, to_rows.notice_pair_id) as notice_pair_id,
        from_rows.task_row_id as from_task_row_id,
        to_rows.task_row_id as to_task_row_id,
        matches.similarity,
        from_rows.row_in_notice as from_row_in_notice,
        to_rows.row_in_notice as to_row_in_notice,
        from_rows.requirement as from_requirement,
        to_rows.requirement as to_requirement,
        from_rows.section_path as from_section_path,
        to_rows.section_path as to_section_path,
        from_rows.units_text as from_units,
        to_rows.units_text as to_units,
        from_rows.frequency_signature as from_frequencies,
        to_rows.frequency_signature as to_frequencies,
        from_rows.deadline_date as from_deadline_date,
        to_rows.deadline_date as to_deadline_date,
        from_rows.deadline_text as from_deadline_text,
        to_rows.deadline_text as to_deadline_text,
        from_rows.match_text <> to_rows.match_text as text_changed,
        from_rows.section_keys <> to_rows.section_keys as section_changed,
        from_rows.unit_signature <> to_rows.unit_signature as units_changed,
        from_rows.frequency_signature <> to_rows.frequency_signature as cadence_changed,
        case
            -- a date moved by exactly the years between the notices (2017-06-30 →
            -- 2018-06-30) is the same deadline restated for the new year
            when from_rows.deadline_date is not null or to_rows.deadline_date is not null
                then cast(
                    from_rows.deadline_date
                    + to_years(cast(to_rows.notice_year - from_rows.notice_year as integer))
                    as date
                ) is distinct from to_rows.deadline_date
            else from_rows.deadline_text_key is distinct from to_rows.deadline_text_key
        end as deadline_changed
    from from_rows
    inner join matches
        on from_rows.notice_pair_id = matches.notice_pair_id
        and from_rows.task_row_id = matches.from_task_row_id
    inner join to_rows
        on to_rows.notice_pair_id = matches.notice_pair_id
        and to_rows.task_row_id = matches.to_task_row_id

    union all

    select
        from_rows.notice_pair_id,
        from_rows.task_row_id,
        null,
        null,
        from_rows.row_in_notice,
        null,
        from_rows.requirement,
        null,
        from_rows.section_path,
        null,
        from_rows.units_text,
        null,
        from_rows.frequency_signature,
        null,
        from_rows.deadline_date,
        null,
        from_rows.deadline_text,
        null,
        null, null, null, null, null
    from from_rows
    anti join matches
        on from_rows.notice_pair_id = matches.notice_pair_id
        and from_rows.task_row_id = matches.from_task_row_id

    union all

    select
        to_rows.notice_pair_id,
        null,
        to_rows.task_row_id,
        null,
        null,
        to_rows.row_in_notice,
        null,
        to_rows.requirement,
        null,
        to_rows.section_path,
        null,
        to_rows.units_text,
        null,
        to_rows.frequency_signature,
        null,
        to_rows.deadline_date,
        null,
        to_rows.deadline_text,
        null, null, null, null, null
    from to_rows
    anti join matches
        on to_rows.notice_pair_id = matches.notice_pair_id
        and to_rows.task_row_id = matches.to_task_row_id

),

final as (

    select
        md5(
            joined.notice_pair_id || '|' || coalesce(joined.from_task_row_id, '')
            || '|' || coalesce(joined.to_task_row_id, '')
        ) as task_change_id,
        pairs.region_adcode,
        pairs.from_year,
        pairs.to_year,
        pairs.from_notice_id,
        pairs.to_notice_id,
        pairs.from_notice_key,
        pairs.to_notice_key,
        joined.from_task_row_id,
        joined.to_task_row_id,
        joined.from_row_in_notice,
        joined.to_row_in_notice,
        case
            when joined.from_task_row_id is null then 'added'
            when joined.to_task_row_id is null then 'dropped'
            when joined.text_changed or joined.units_changed or joined.cadence_changed
                or joined.deadline_changed then 'changed'
            else 'unchanged'
        end as change_kind,
        joined.units_changed,
        joined.cadence_changed,
        joined.deadline_changed,
        joined.text_changed,
        joined.section_changed,
        cast(joined.similarity as double) as similarity,
        joined.from_requirement,
        joined.to_requirement,
        joined.from_section_path,
        joined.to_section_path,
        nullif(joined.from_units, '') as from_units,
        nullif(joined.to_units, '') as to_units,
        nullif(joined.from_frequencies, '') as from_frequencies,
        nullif(joined.to_frequencies, '') as to_frequencies,
        joined.from_deadline_date,
        joined.to_deadline_date,
        joined.from_deadline_text,
        joined.to_deadline_text,
        -- named as on the other marts, so a dashboard filter on region, year or notice
        -- applies here too: the region's name, and the later notice of the pair
        regions.region_name,
        pairs.to_year as notice_year,
        pairs.to_notice_key as notice_key
    from joined
    inner join pairs on joined.notice_pair_id = pairs.notice_pair_id
    left join regions on pairs.region_adcode = regions.adcode

)

select * from final
