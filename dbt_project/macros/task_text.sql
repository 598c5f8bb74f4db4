{#- Requirement and section text as the year-over-year matching compares it. -#}

{#- A year (2017, 二〇一七) is replaced by ＃ (full-width: not ASCII punctuation, which goes) before any comparison: every notice restates
    its own year, so 2017年 → 2018年 is no edit. Spaces and punctuation go too (a
    typesetter's （ vs ( or a moved comma is no edit either). -#}
{% macro task_match_text(column) -%}
    regexp_replace(
        regexp_replace(
            regexp_replace(coalesce({{ column }}, ''), '(19|20)[0-9]{2}|[〇零一二三四五六七八九]{4}', '＃', 'g'),
            '[[:space:][:punct:]，。、；：？！“”‘’（）《》〈〉【】〔〕—…·－～　]',
            '',
            'g'
        ),
        '＃+',
        '＃',
        'g'
    )
{%- endmacro %}

{#- A section heading without its numbering (一、 （二） 3. 4．): inserting a section
    renumbers the ones after it, which is no edit of their content. -#}
{% macro section_heading_key(column) -%}
    {{ task_match_text(
        "regexp_replace(" ~ column ~ ", '^[[:space:]]*([（(][一二三四五六七八九十百0-9]+[)）]|[一二三四五六七八九十百0-9]+[.．、])[[:space:]]*', '')"
    ) }}
{%- endmacro %}
