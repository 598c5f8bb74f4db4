{{ config(**built_incrementally()) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- depends_on: {{ ref('int_units_touched') }}  (it reads this table before the rebuild)
-- Incremental by notice (macros/incremental_by_notice.sql): a run rebuilds the rows of the
-- notices added, changed or removed since the last build.
-- One row per unit mention (task row × role × unit as printed), qualified with the notice's
-- region, classified (function, kind) and levelled, with the key of its canonical unit.
with

mentions as (

    select * from {{ changed_rows(ref('int_unit_mentions'), 'notice_id') }}

),

classified as (

    select * from {{ ref('int_unit_names_classified') }}

),

prefixed as (

    select
        mentions.*,
        classified.printed_prefix,
        classified.names_a_place,
        classified.names_own_county,
        classified.core_name,
        classified.matched_alias,
        classified.match_type,
        classified.unit_function,
        classified.unit_function_en,
        classified.unit_kind,
        classified.is_single_body,
        classified.is_classified,
        starts_with(mentions.unit_name_normalised, '各') as is_all_of_kind
    from mentions
    left join classified
        on mentions.unit_name_normalised = classified.unit_name_normalised
        and mentions.place_pattern = classified.place_pattern

),

inherited as (

    -- 市财政局、地税局: an unprefixed unit takes the level prefix of the previous
    -- prefixed unit in the same list (地税局 → 市地税局), unless it names its own place
    select
        *,
        case
            when printed_prefix is null and not names_a_place and not is_all_of_kind
                then last_value(printed_prefix ignore nulls) over (
                    partition by task_row_id, unit_role
                    order by unit_position
                    rows between unbounded preceding and 1 preceding
                )
        end as inherited_prefix
    from prefixed

),

resolved as (

    select
        *,
        coalesce(printed_prefix, inherited_prefix) as level_prefix,
        -- the part after the printed prefix; an inherited prefix leaves the name whole
        case
            when printed_prefix is not null then substr(unit_name_normalised, 2)
            else unit_name_normalised
        end as name_after_prefix
    from inherited

),

tiered as (

    -- which government the prefix points at. 市 means the notice's own government in a
    -- county-level city (寿光市), else the prefecture; in a county notice 市生态环境局梁山分局
    -- (a prefecture body naming the county) is the prefecture's.
    select
        *,
        case
            when level_prefix in ('县', '区') and county is not null then 'county'
            when level_prefix in ('县', '区') then 'city'
            when level_prefix = '市'
                and county is not null
                and ends_with(county, '市')
                and not names_own_county
                then 'county'
            when level_prefix = '市' and prefecture is not null then 'city'
            when level_prefix = '市' then 'county'
            when level_prefix = '省' then 'province'
            when county is not null then 'county'
            when prefecture is not null then 'city'
            when province is not null then 'province'
            -- a notice no region issues (国务院办公厅): its units (财政部) are national
            else 'national'
        end as government_tier
    from resolved

),

qualified as (

    select
        *,
        case
            when level_prefix is null and names_a_place then unit_name_normalised
            else coalesce(
                case government_tier
                    when 'county' then coalesce(county, prefecture, province)
                    when 'city' then coalesce(prefecture, province)
                    when 'province' then province
                end,
                ''
            ) || name_after_prefix
        end as unit_name_qualified,
        case government_tier
            when 'county' then region_adcode
            when 'city' then
                case when county is not null then left(region_adcode, 4) || '00' else region_adcode end
            when 'province' then left(region_adcode, 2) || '0000'
            else region_adcode
        end as unit_region_adcode
    from tiered

),

final as (

    select
        qualified.task_row_id,
        qualified.notice_id,
        qualified.row_in_notice,
        qualified.unit_role,
        qualified.unit_position,
        qualified.unit_name_printed,
        qualified.unit_name_normalised,
        qualified.unit_name_qualified,
        qualified.level_prefix,
        qualified.inherited_prefix is not null as prefix_inherited,
        qualified.unit_region_adcode,
        qualified.core_name,
        qualified.matched_alias,
        qualified.match_type,
        qualified.unit_function,
        qualified.unit_function_en,
        coalesce(qualified.unit_kind, 'unclassified') as unit_kind,
        qualified.is_classified,
        coalesce(qualified.is_single_body, false) as is_single_body,
        case qualified.unit_kind
            when 'vertical' then 'vertical'
            when 'collective' then 'collective'
            when 'town' then 'town'
            else qualified.government_tier
        end as unit_level,
        -- a canonical unit is one body: a function at one level of one government (县发改局
        -- and 县发展改革局 of 宁阳县 are one), or, for bodies a function does not single
        -- out (a town, a college, an unclassified name), the qualified name itself
        md5(
            qualified.unit_region_adcode || '|'
            || case qualified.unit_kind
                when 'vertical' then 'vertical'
                when 'collective' then 'collective'
                when 'town' then 'town'
                else qualified.government_tier
            end || '|'
            || case
                when qualified.is_single_body then 'f:' || qualified.unit_function
                else 'n:' || qualified.unit_name_qualified
            end
        ) as unit_key,
        qualified.task_row_dq_status,
        qualified.notice_dq_status

    from qualified

)

select * from final
