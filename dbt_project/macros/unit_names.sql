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
