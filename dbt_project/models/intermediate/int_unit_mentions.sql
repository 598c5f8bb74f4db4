{{ config(**built_incrementally()) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- Incremental by notice (macros/incremental_by_notice.sql): a run rebuilds the rows of the
-- notices added, changed or removed since the last build.
-- One row per task row × role × unit named (the three unit lists exploded; a printed text
-- that names several units, 市政府新闻办和政务服务中心, gives one row per unit).
with

task_rows as (

    -- only rows that passed validation (int_task_rows_admitted): a quarantined row's
    -- "units" are noise that must not fail the unit tests below and stop the publish
    select * from {{ ref('int_task_rows_admitted') }}
    where {{ changed_only('notice_id') }}

),

notices as (

    select * from {{ ref('stg_notices') }}
    where {{ changed_only('notice_id') }}

),

exploded as (

    -- DuckDB zips several unnest() calls in one select: the name and its 1-based position
    {% for role in var('unit_roles') %}
    select
        task_row_id,
        notice_id,
        row_in_notice,
        dq_status,
        '{{ role }}' as unit_role,
        unnest({{ role }}_units) as unit_name_printed,
        unnest(range(1, len({{ role }}_units) + 1)) as unit_position
    from task_rows
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

named_units as (

    select
        *,
        {{ normalise_unit_name('unit_name_printed') }} as unit_text_normalised
    from exploded
    where nullif(trim(unit_name_printed), '') is not null

),

text_parts as (

    -- the units each distinct printed text names (macros/unit_names.sql: unit_parts);
    -- most texts name one, and then the part is the text itself. Split once per distinct
    -- text, not once per mention.
    select
        unit_text_normalised,
        {{ unit_parts('unit_text_normalised') }} as unit_parts
    from (select distinct unit_text_normalised from named_units) as texts

),

unit_parts as (

    select
        named_units.*,
        text_parts.unit_parts,
        unnest(text_parts.unit_parts) as unit_part,
        unnest(range(1, len(text_parts.unit_parts) + 1)) as part_number
    from named_units
    inner join text_parts on named_units.unit_text_normalised = text_parts.unit_text_normalised

),

numbered as (

    -- positions count units named, so the parts of one text keep their printed order
    select
        *,
        row_number() over (
            partition by task_row_id, unit_role order by unit_position, part_number
        ) as named_position
    from unit_parts

),

place_names as (

    select
        notice_id,
        {{ short_place_name('county') }} as county_short,
        {{ short_place_name('prefecture') }} as prefecture_short,
        {{ short_place_name('province') }} as province_short
    from notices

),

final as (

    select
        numbered.task_row_id,
        numbered.notice_id,
        numbered.row_in_notice,
        numbered.unit_role,
        cast(numbered.named_position as integer) as unit_position,
        -- a part of a text naming several units is printed as the part (normalised)
        case
            when len(numbered.unit_parts) > 1 then numbered.unit_part
            else numbered.unit_name_printed
        end as unit_name_printed,
        numbered.unit_part as unit_name_normalised,
        notices.region_adcode,
        notices.region_name,
        notices.province,
        notices.prefecture,
        notices.county,
        -- every spelling of the notice's places, longest first, for stripping and matching
        concat_ws(
            '|',
            notices.county, notices.prefecture, notices.province,
            place_names.county_short, place_names.prefecture_short, place_names.province_short
        ) as place_pattern,
        place_names.county_short,
        numbered.dq_status as task_row_dq_status,
        notices.dq_status as notice_dq_status,
        -- the whole text as printed, its position in the printed list, and which of the
        -- units it names this row is (1 of 1 for most)
        numbered.unit_name_printed as unit_text_printed,
        cast(numbered.unit_position as integer) as printed_position,
        cast(numbered.part_number as integer) as unit_part_number,
        cast(len(numbered.unit_parts) as integer) as unit_parts_in_text

    from numbered
    inner join notices on numbered.notice_id = notices.notice_id
    left join place_names on numbered.notice_id = place_names.notice_id

)

select * from final
