{{ config(**built_incrementally(delete=false)) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- Incremental (macros/incremental_by_notice.sql): a run classifies the names of the
-- notices it rebuilds that are not classified yet. A name's classification depends only on
-- the name, the place pattern and the seeds (a change of seeds rebuilds in full), so rows
-- are never rebuilt; a name no longer mentioned stays, harmless: it is only ever joined
-- from the mentions.
-- One row per distinct (normalised unit name, notice place pattern): the unit's core name
-- and its canonical function from the unit_aliases seed. Classifying distinct names, not
-- mentions, keeps the keyword join small however many task rows there are.
with

mentions as (

    select * from {{ ref('int_unit_mentions') }}

),

aliases as (

    select * from {{ ref('unit_aliases') }}

),

groups as (

    select * from {{ ref('unit_groups') }}

),

names as (

    select distinct
        unit_name_normalised,
        place_pattern,
        county_short
    from mentions
    where {{ changed_only('notice_id') }}
    {% if is_incremental() %}
        and not exists (
            select 1
            from {{ this }} as held
            where held.unit_name_normalised = mentions.unit_name_normalised
              and held.place_pattern = mentions.place_pattern
        )
    {% endif %}

),

cores as (

    select
        unit_name_normalised,
        place_pattern,
        county_short,
        place_stripped,
        -- the core drops the level prefix too: 县财政局, 市财政局 and 宁阳县财政局 → 财政局
        case
            when {{ printed_level_prefix('place_stripped') }} is not null
                then substr(place_stripped, 2)
            else place_stripped
        end as core_name
    from (
        select
            unit_name_normalised,
            place_pattern,
            county_short,
            case
                when place_pattern = '' then unit_name_normalised
                else regexp_replace(unit_name_normalised, place_pattern, '', 'g')
            end as place_stripped
        from names
    ) as stripped

),

candidates as (

    -- exact matches, most specific spelling first: the core, then the name without its
    -- place, then the name as printed (市直有关部门 is an alias in its own right)
    select unit_name_normalised, place_pattern, core_name as candidate, 1 as candidate_rank
    from cores
    union all
    select unit_name_normalised, place_pattern, place_stripped, 2
    from cores
    union all
    select unit_name_normalised, place_pattern, unit_name_normalised, 3
    from cores

),

exact_matches as (

    select
        candidates.unit_name_normalised,
        candidates.place_pattern,
        aliases.alias as matched_alias,
        'exact' as match_type,
        aliases.function,
        aliases.function_en,
        aliases.unit_kind,
        aliases.is_single_body,
        candidates.candidate_rank as match_rank
    from candidates
    inner join aliases
        on aliases.match_type = 'exact'
        and candidates.candidate = aliases.alias

),

pattern_matches as (

    -- Chinese unit names put the head noun last (科技学院 is a 学院, 水务集团 a 集团), so
    -- the alias that ends furthest right wins, then the longest one
    select
        cores.unit_name_normalised,
        cores.place_pattern,
        aliases.alias as matched_alias,
        aliases.match_type,
        aliases.function,
        aliases.function_en,
        aliases.unit_kind,
        aliases.is_single_body,
        10 as match_rank,
        strpos(cores.core_name, aliases.alias) + length(aliases.alias) as alias_end,
        length(aliases.alias) as alias_length
    from cores
    inner join aliases
        on (aliases.match_type = 'suffix' and ends_with(cores.core_name, aliases.alias))
        or (aliases.match_type = 'keyword' and contains(cores.core_name, aliases.alias))

),

ranked as (

    select
        unit_name_normalised, place_pattern, matched_alias, match_type, function,
        function_en, unit_kind, is_single_body,
        match_rank, 0 as alias_end, 0 as alias_length
    from exact_matches
    union all
    select
        unit_name_normalised, place_pattern, matched_alias, match_type, function,
        function_en, unit_kind, is_single_body,
        match_rank, alias_end, alias_length
    from pattern_matches

),

best as (

    select *
    from ranked
    qualify row_number() over (
        partition by unit_name_normalised, place_pattern
        order by match_rank, alias_end desc, alias_length desc, matched_alias
    ) = 1

),

kept_meaning as (

    -- a merge may join spellings of one unit, never widen, narrow or drop one:
    -- * a narrowing qualifier (相关, 有关, 涉及: "those concerned") never takes a collective
    --   that stands for every member (各): 相关镇（街区） is not 各镇（街区）, and takes the
    --   group's narrowed function instead (seeds/unit_groups.csv);
    -- * a keyword found inside a longer name (县财政事务服务中心) gives the function, but the
    --   name is merged with the function's one body only when what follows the keyword is
    --   a bare head (局, 委, 办, 中心…); otherwise it stays a unit of its own
    select
        best.unit_name_normalised,
        best.place_pattern,
        best.matched_alias,
        best.match_type,
        coalesce(narrowed.function, best.function) as function,
        coalesce(narrowed.function_en, best.function_en) as function_en,
        best.unit_kind,
        case
            when best.match_type = 'keyword'
                and not regexp_matches(
                    substr(cores.core_name, cast(best.alias_end as integer)),
                    '^(局|委|办|委员会|办公室|中心|服务中心|管理局|管理中心|事务局|工作局)?$'
                )
                then false
            else best.is_single_body
        end as is_single_body,
        narrowed.function is not null as is_narrowed,
        case
            when best.match_type = 'keyword'
                then substr(cores.core_name, cast(best.alias_end as integer))
        end as keyword_remainder
    from best
    inner join cores
        on best.unit_name_normalised = cores.unit_name_normalised
        and best.place_pattern = cores.place_pattern
    left join groups as every_group
        on best.function = every_group.function
        and every_group.group_scope = 'every'
        and regexp_matches(best.unit_name_normalised, '相关|有关|涉及')
    left join groups as narrowed
        on every_group.narrowed_function = narrowed.function

),

final as (

    select
        cores.unit_name_normalised,
        cores.place_pattern,
        -- name features the qualification needs, computed here once per distinct name
        -- rather than once per mention (a per-row regex pattern is slow on 1M mentions)
        {{ printed_level_prefix('cores.unit_name_normalised') }} as printed_prefix,
        cores.unit_name_normalised <> cores.place_stripped as names_a_place,
        coalesce(contains(cores.unit_name_normalised, cores.county_short), false)
            as names_own_county,
        cores.core_name,
        best.matched_alias,
        best.match_type,
        best.function as unit_function,
        best.function_en as unit_function_en,
        best.unit_kind,
        coalesce(best.is_single_body, false) as is_single_body,
        best.function is not null as is_classified,
        coalesce(best.is_narrowed, false) as is_narrowed,
        best.keyword_remainder
    from cores
    left join kept_meaning as best
        on cores.unit_name_normalised = best.unit_name_normalised
        and cores.place_pattern = best.place_pattern

)

select * from final
