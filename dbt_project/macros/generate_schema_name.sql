{#- Build into exactly the configured schema (staging, intermediate, marts, seeds), not
    dbt's default <target_schema>_<custom>: analysts and BI tools query marts.* by name. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
