-- One row per task row × role × unit as printed (the three unit lists exploded).
with

task_rows as (

    -- only rows that passed validation (int_task_rows_admitted): a quarantined row's
    -- "units" are noise that must not fail the unit tests below and stop the publish
    select * from {{ ref('int_task_rows_admitted') }}

),

notices as (

    select * from {{ ref('stg_notices') }}

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
        exploded.task_row_id,
        exploded.notice_id,
        exploded.row_in_notice,
        exploded.unit_role,
        cast(exploded.unit_position as integer) as unit_position,
        exploded.unit_name_printed,
        {{ normalise_unit_name('exploded.unit_name_printed') }} as unit_name_normalised,
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
        exploded.dq_status as task_row_dq_status,
        notices.dq_status as notice_dq_status

    from exploded
    inner join notices on exploded.notice_id = notices.notice_id
    left join place_names on exploded.notice_id = place_names.notice_id
    where nullif(trim(exploded.unit_name_printed), '') is not null

)

select * from final
