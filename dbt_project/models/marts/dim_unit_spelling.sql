{{ config(**built_incrementally(refresh={'canonical_unit': 'canonical_unit', 'is_collective': 'is_collective'})) }}
-- depends_on: {{ ref('int_notices_changed') }}
-- depends_on: {{ ref('int_units_touched') }}
-- depends_on: {{ ref('stg_notices') }}
{{ config(post_hook=task_match_batch_hooks(markers=2)) }}
-- Incremental by region (macros/incremental_by_notice.sql): a run rebuilds the regions
-- where a notice was added, changed or removed; the canonical unit's name is dim_unit's,
-- brought up to date by the post-hook on the rows not rebuilt.
-- A full build runs region batch by region batch (macros/task_match_batches.sql): at
-- 30,000 notices the one statement (12.8 M mentions joined to 12.8 M qualified units) ran
-- out of DuckDB's 4 GB beside int_task_versions on dbt's other thread.
-- The canonical map as data: one row per printed unit text (its part, when the text names
-- several units) in one issuing region, qualified, with the canonical unit it resolves to
-- and why. What an analyst reads to check that no merge widened, narrowed or dropped a
-- printed unit.
with

mentions as (

    select * from {{ changed_rows(ref('int_unit_mentions'), 'region_adcode', 'region') }}
    where {{ in_region_batch('region_adcode') }}

),

qualified as (

    select * from {{ ref('int_units_qualified') }}
    where {{ in_changed_regions('notice_id') }}
      and {{ in_region_batch_notices('notice_id') }}

),

classified as (

    select * from {{ ref('int_unit_names_classified') }}

),

aliases as (

    select * from {{ ref('unit_aliases') }}

),

units as (

    select unit_key, canonical_unit, is_collective, member_kind, member_kind_en
    from {{ ref('dim_unit') }}

),

regions as (

    select adcode, region_name from {{ ref('dim_region') }}

),

joined as (

    select
        mentions.region_adcode,
        mentions.unit_text_printed,
        mentions.unit_part_number,
        mentions.unit_parts_in_text,
        qualified.unit_name_normalised,
        qualified.unit_name_qualified,
        qualified.unit_key,
        qualified.level_prefix,
        qualified.prefix_inherited,
        qualified.matched_alias,
        qualified.match_type,
        qualified.unit_function,
        qualified.unit_kind,
        qualified.is_classified,
        qualified.is_single_body,
        classified.is_narrowed,
        classified.keyword_remainder,
        coalesce(alias_row.is_single_body, false) as alias_is_single_body,
        mentions.notice_id
    from qualified
    inner join mentions
        on qualified.task_row_id = mentions.task_row_id
        and qualified.unit_role = mentions.unit_role
        and qualified.unit_position = mentions.unit_position
    left join classified
        on mentions.unit_name_normalised = classified.unit_name_normalised
        and mentions.place_pattern = classified.place_pattern
    left join aliases as alias_row
        on qualified.matched_alias = alias_row.alias
        and qualified.match_type = alias_row.match_type

),

spellings as (

    select
        region_adcode,
        unit_text_printed,
        unit_part_number,
        unit_name_qualified,
        unit_key,
        any_value(unit_parts_in_text) as unit_parts_in_text,
        any_value(unit_name_normalised) as unit_name_normalised,
        any_value(matched_alias) as matched_alias,
        any_value(match_type) as match_type,
        any_value(unit_function) as unit_function,
        any_value(unit_kind) as unit_kind,
        bool_or(is_classified) as is_classified,
        bool_or(is_single_body) as is_single_body,
        bool_or(alias_is_single_body) as alias_is_single_body,
        bool_or(coalesce(is_narrowed, false)) as is_narrowed,
        any_value(keyword_remainder) as keyword_remainder,
        bool_or(prefix_inherited) as prefix_inherited,
        any_value(level_prefix) filter (where prefix_inherited) as inherited_prefix,
        count(*) as mentions,
        count(distinct notice_id) as notices
    from joined
    group by region_adcode, unit_text_printed, unit_part_number, unit_name_qualified, unit_key

),

explained as (

    select
        spellings.*,
        units.canonical_unit,
        units.is_collective,
        -- kept as a unit of its own although its function has one body: the name says more
        -- than the function (what follows the keyword), or no alias matched at all
        not is_classified
            or (match_type = 'keyword' and alias_is_single_body and not is_single_body)
            as needs_review,
        concat_ws(
            '; ',
            case
                when unit_parts_in_text > 1
                    then '文本列出 ' || unit_parts_in_text || ' 个单位，此为第 ' || unit_part_number
                        || ' 个 / the text names ' || unit_parts_in_text || ' units (joined by 和/及/与), this is unit '
                        || unit_part_number
            end,
            case
                when not is_classified
                    then '无别名命中：按印刷名称加地区保留，待复核 / no alias matches: kept as printed, qualified with its region (needs review)'
                when match_type = 'keyword' and alias_is_single_body and not is_single_body
                    then '含关键字「' || matched_alias || '」→ ' || unit_function || '，但其后还有「' || keyword_remainder
                        || '」：单独保留，待复核 / contains "' || matched_alias || '" (' || unit_function
                        || ') followed by "' || keyword_remainder || '": kept as a unit of its own (needs review)'
                when unit_kind = 'collective'
                    then '别名「' || matched_alias || '」 → ' || unit_function || '：'
                        || case when is_collective then '集合称谓，代表每一个' else '群体称谓，仅代表相关的' end
                        || units.member_kind || ' / ' || match_type || ' alias "' || matched_alias || '" → '
                        || unit_function || ': '
                        || case when is_collective then 'a collective, all the ' else 'a group, only the ' end
                        || units.member_kind_en || case when is_collective then '' else ' concerned' end
                when is_single_body
                    then case match_type
                        when 'exact' then '别名「' || matched_alias || '」'
                        when 'suffix' then '以「' || matched_alias || '」结尾'
                        else '含「' || matched_alias || '」'
                    end || ' → ' || unit_function || '：一级政府一个机构，与其他写法合并 / '
                        || match_type || ' alias "' || matched_alias || '" → ' || unit_function
                        || ': one body per government, merged with its other spellings'
                else case match_type
                        when 'exact' then '别名「' || matched_alias || '」'
                        when 'suffix' then '以「' || matched_alias || '」结尾'
                        else '含「' || matched_alias || '」'
                    end || ' → ' || unit_function || '：同职能可有多个单位，按名称区分 / '
                        || match_type || ' alias "' || matched_alias || '" → ' || unit_function
                        || ': several bodies share this function, told apart by name'
            end,
            case
                when is_narrowed
                    then '相关／有关／涉及 为限定，不是“各” / a narrowing qualifier (相关, 有关, 涉及): not the every-member collective'
            end,
            case
                when prefix_inherited
                    then '层级前缀「' || inherited_prefix || '」沿用列表中前一个单位 / level prefix "'
                        || inherited_prefix || '" taken from the previous unit in the list'
            end
        ) as reason
    from spellings
    inner join units on spellings.unit_key = units.unit_key

),

final as (

    select
        explained.region_adcode,
        regions.region_name,
        explained.unit_text_printed,
        explained.unit_part_number,
        explained.unit_parts_in_text,
        explained.unit_name_normalised,
        explained.unit_name_qualified,
        explained.unit_key,
        explained.canonical_unit,
        explained.unit_function,
        explained.unit_kind,
        explained.is_collective,
        explained.match_type,
        explained.matched_alias,
        explained.is_classified,
        explained.is_single_body as merged_by_function,
        explained.is_narrowed,
        explained.needs_review,
        explained.reason,
        explained.mentions,
        explained.notices
    from explained
    left join regions on explained.region_adcode = regions.adcode

)

select * from final
