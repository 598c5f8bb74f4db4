{#- Unit-name helpers shared by the intermediate models. Kept as SQL expressions (not
    Python) so they run set-based inside DuckDB on millions of mentions. -#}

{#- Half-width brackets to full-width and no whitespace: 县政府有关部门(单位) and
    县政府有关部门（单位） are the same unit as printed by two typesetters. -#}
{% macro normalise_unit_name(column) -%}
    regexp_replace(replace(replace({{ column }}, '(', '（'), ')', '）'), '\s+', '', 'g')
{%- endmacro %}

{#- A place name without its administrative suffix (宁阳县 → 宁阳, 攀枝花市 → 攀枝花), so
    that 人行宁阳县支行 and 宁阳经济开发区 are both recognised as naming the place; a
    two-character name (沛县) keeps its suffix, one character would match too much. -#}
{% macro short_place_name(column) -%}
    case
        when length(regexp_replace({{ column }}, '(自治县|自治旗|自治州|特别行政区|自治区|地区|县|市|区|旗|盟|省)$', '')) >= 2
            then regexp_replace({{ column }}, '(自治县|自治旗|自治州|特别行政区|自治区|地区|县|市|区|旗|盟|省)$', '')
    end
{%- endmacro %}

{#- The level prefix a unit is printed with (县财政局 → 县), or null. 市场监管局 and
    县（区）… start with the character but carry no prefix. -#}
{% macro printed_level_prefix(column) -%}
    case
        when regexp_matches({{ column }}, '^(市场|市县|市、|县区|县（区）|县、|区县|区域|省市|省、)') then null
        when regexp_matches({{ column }}, '^[省市县区]') then left({{ column }}, 1)
    end
{%- endmacro %}

{#- The last character of a unit name (局, 办, 中心, 政府, 部门, 各镇（街区）…), mirroring
    extract/units.py's _NAME_ENDINGS: a conjunction right after one may join two units. -#}
{% macro unit_name_endings() -%}
    局办委室院会心司行部处社馆团站所队府区镇道联协组门位台园场校厅署村庭店）
{%- endmacro %}

{#- The units one printed unit text names, as a list. A text that joins whole unit names
    with 和, 及, 以及 or 与 (市政府新闻办和政务服务中心, 公共资源交易中心及有关…部门) names
    several units; it splits only when every part could be a name on its own: at least
    three characters, ending like a unit name, brackets balanced. So a 和 inside one name
    (县自然资源和规划局, 住房和城乡建设局), a shared qualifier (县政府有关部门和单位: 单位
    alone is no name) and a 、 inside brackets (各县（区、市）人民政府) keep the text whole.
    Nothing is dropped: the parts concatenated with their conjunctions are the text. -#}
{% macro unit_parts(column) -%}
    {%- set candidate -%}
        string_split(
            regexp_replace({{ column }}, '([{{ unit_name_endings() }}])(以及|和|及|与)', '\1' || chr(31), 'g'),
            chr(31)
        )
    {%- endset -%}
    case
        -- most names hold no conjunction: skip the split for them (millions of mentions)
        when not regexp_matches({{ column }}, '以及|和|及|与') then [{{ column }}]
        when len({{ candidate }}) > 1
            and list_bool_and(list_transform(
                {{ candidate }},
                lambda part: length(part) >= 3
                    and regexp_matches(part, '[{{ unit_name_endings() }}]$')
                    and length(replace(part, '（', '')) = length(replace(part, '）', ''))
            ))
            then {{ candidate }}
        else [{{ column }}]
    end
{%- endmacro %}
