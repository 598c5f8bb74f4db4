{#- The date compliance verdicts are made on: var('compliance_as_of') (YYYY-MM-DD), passed
    by `notices transform` as the build date so a build is deterministic; without it, the
    database's current date. A period due after it is not_due; a publication dated after
    it is not evidence yet. -#}
{% macro compliance_as_of() -%}
    {%- set as_of = var('compliance_as_of', none) -%}
    {%- if as_of -%} cast('{{ as_of }}' as date) {%- else -%} current_date {%- endif -%}
{%- endmacro %}
