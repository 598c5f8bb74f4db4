{#- Incremental by notice: the one home of how the large models are rebuilt after a load.

    int_notice_fingerprints holds, for every notice, a fingerprint of what it is made of
    (its raw row and task rows, never a load time: the same content gives the same
    fingerprint in every fresh run). int_notices_changed compares it with the fingerprints
    the last complete build recorded (int_notices_built, the DAG's last node): notices
    added, changed (content, notice_key) or removed. A model incremental by notice deletes
    the rows of those notices (pre-hook, `delete_changed`) and inserts theirs again from
    its inputs restricted to them (`changed_only`); a model incremental by region does the
    same for the regions those notices are or were in (the year-over-year change models:
    a new notice changes which notices its region compares). No mart holds bookkeeping.

    If a run fails before int_notices_built, the next run compares with the older
    fingerprints: it rebuilds a superset of what changed, which is always safe (every
    model deletes and re-inserts whole notices). `--full-refresh` rebuilds everything.

    Strategy `append` with a pre-hook, not dbt's `delete+insert` (which deletes only the
    keys of the new rows): a notice removed, or reloaded with no rows left, must lose its
    rows too. -#}

{#- The notices this run rebuilds, as a subquery (`scope`: 'notice' or 'region'; for the
    compliance models, `compliance=true` also takes every notice when the publications or
    the as-of date changed). -#}
{% macro changed_keys(scope='notice', compliance=false) -%}
    {%- set changed = ref('int_notices_changed') -%}
    {%- set flag = 'compliance_changed' if compliance else 'content_changed' -%}
    {%- if scope == 'region' -%}
        (select region_adcode from {{ changed }} where {{ flag }} and region_adcode is not null
         union
         select built_region_adcode from {{ changed }}
         where {{ flag }} and built_region_adcode is not null)
    {%- else -%}
        (select notice_id from {{ changed }} where {{ flag }})
    {%- endif -%}
{%- endmacro %}

{#- A predicate keeping the rows of what changed on an incremental run; true otherwise. -#}
{% macro changed_only(column, scope='notice', compliance=false) -%}
    {%- if is_incremental() -%}
        {{ column }} in {{ changed_keys(scope, compliance) }}
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook: delete the rows of what changed (nothing on a full build). -#}
{% macro delete_changed(relation, column, scope='notice', compliance=false) -%}
    {%- if is_incremental() -%}
        delete from {{ relation }} where {{ column }} in {{ changed_keys(scope, compliance) }}
    {%- endif -%}
{%- endmacro %}

{#- Post-hook: copy names that are not the notice's own (a unit's display name, its most
    used spelling over every notice, can change when other notices are added) from the
    dimension onto rows the run did not rebuild. `columns` maps the relation's column to
    the dimension's. -#}
{% macro refresh_from_dimension(relation, dimension, key, columns) -%}
    {%- if is_incremental() -%}
        update {{ relation }} as target
        set {% for mine, theirs in columns.items() %}{{ mine }} = source.{{ theirs }}{{ ", " if not loop.last }}{% endfor %}
        from {{ dimension }} as source
        where target.{{ key }} = source.{{ key }}
          and ({% for mine, theirs in columns.items() %}target.{{ mine }} is distinct from source.{{ theirs }}{{ " or " if not loop.last }}{% endfor %})
    {%- endif -%}
{%- endmacro %}

{#- A predicate keeping the rows of the notices in the regions that changed, for models
    incremental by region whose inputs carry no region. -#}
{% macro in_changed_regions(notice_column) -%}
    {%- if is_incremental() -%}
        {{ notice_column }} in (
            select notice_id from {{ ref('stg_notices') }}
            where region_adcode in {{ changed_keys('region') }}
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}
