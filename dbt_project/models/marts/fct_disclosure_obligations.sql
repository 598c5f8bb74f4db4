{#- Incremental by notice (macros/incremental_by_notice.sql): a run rebuilds the rows of
    the notices added, changed (content or notice_key) or removed since the last build;
    `notices transform --full-refresh` rebuilds all (and is run by itself when the dbt
    project changed). The unit's display name and collective flag come from dim_unit, over
    every notice: the post-hook brings them up to date on the rows not rebuilt.
    tests/dbt/test_incremental_marts.py checks an incremental build equals a full one. -#}
{{ config(**built_incrementally(refresh={'unit_name': 'unit_name', 'unit_is_collective': 'is_collective'})) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- depends_on: {{ ref('int_units_touched') }}
-- depends_on: {{ ref('int_units_qualified') }}

-- Grain: one task row × one canonical unit × one role × one frequency label.
-- Plain types only (text, integers, dates): lists stay in staging and intermediate.
-- Quarantined task rows, and every row of a quarantined notice, are left out: their unit
-- or frequency cells failed validation, so counting them would count noise. They stay in
-- staging.stg_task_rows and are counted in dim_notice.task_rows_quarantined.
with

units as (

    select * from {{ changed_rows(ref('int_units_qualified'), 'notice_id') }}
    where task_row_dq_status <> 'quarantined'
      and notice_dq_status <> 'quarantined'

),

frequencies as (

    select * from {{ changed_rows(ref('int_task_row_frequencies'), 'notice_id') }}

),

task_rows as (

    select * from {{ ref('stg_task_rows') }}
    where {{ changed_only('notice_id') }}

),

notices as (

    select * from {{ ref('stg_notices') }}
    where {{ changed_only('notice_id') }}

),

frequency_labels as (

    select frequency_label, periods_per_year, frequency_name_zh from {{ ref('dim_frequency') }}

),

unit_names as (

    select unit_key, unit_name, is_collective from {{ ref('dim_unit') }}

),

regions as (

    select adcode, province, prefecture, county, region_name from {{ ref('dim_region') }}

),

joined as (

    select
        units.task_row_id,
        units.notice_id,
        units.row_in_notice,
        units.unit_key,
        units.unit_role,
        frequencies.frequency_label,
        units.unit_position,
        units.unit_name_printed,
        units.unit_name_qualified,
        frequencies.frequency_position,
        frequencies.frequency_defaulted,
        units.unit_function,
        units.unit_kind
    from units
    inner join frequencies on units.task_row_id = frequencies.task_row_id

),

deduplicated as (

    -- two spellings of one body in one cell (县退役军人事务局、县退役军人局) are one
    -- obligation; the first printed spelling is kept
    select *
    from joined
    qualify row_number() over (
        partition by task_row_id, unit_key, unit_role, frequency_label
        order by unit_position, frequency_position
    ) = 1

),

final as (

    select
        md5(
            deduplicated.task_row_id || '|' || deduplicated.unit_key || '|'
            || deduplicated.unit_role || '|' || deduplicated.frequency_label
        ) as obligation_id,
        deduplicated.task_row_id,
        deduplicated.notice_id,
        notices.notice_key,
        deduplicated.row_in_notice,
        notices.region_adcode,
        regions.province as region_province,
        regions.prefecture as region_prefecture,
        regions.county as region_county,
        regions.region_name,
        notices.notice_year,
        notices.publish_date,
        deduplicated.unit_key,
        deduplicated.unit_role,
        deduplicated.unit_position,
        deduplicated.unit_name_printed,
        deduplicated.unit_name_qualified,
        deduplicated.frequency_label,
        frequency_labels.periods_per_year,
        deduplicated.frequency_defaulted,
        task_rows.deadline_date,
        task_rows.deadline_text,
        task_rows.printed_seq,
        -- text, not the list: BI tools read a list as an untyped blob
        task_rows.section[1] as top_section,
        task_rows.section_path,
        task_rows.requirement,
        task_rows.layout,
        task_rows.dq_status,
        array_to_string(task_rows.dq_reasons, '; ') as dq_reasons,
        -- the unit's and the cadence's names on the fact row, as the region's are: a BI
        -- filter or chart on them then needs no join (and every chart can obey it)
        unit_names.unit_name,
        deduplicated.unit_function,
        deduplicated.unit_kind,
        unit_names.is_collective as unit_is_collective,
        frequency_labels.frequency_name_zh
    from deduplicated
    inner join task_rows on deduplicated.task_row_id = task_rows.task_row_id
    inner join notices on deduplicated.notice_id = notices.notice_id
    left join frequency_labels
        on deduplicated.frequency_label = frequency_labels.frequency_label
    left join regions on notices.region_adcode = regions.adcode
    left join unit_names on deduplicated.unit_key = unit_names.unit_key

)

select * from final
