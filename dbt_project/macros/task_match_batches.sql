{#- int_task_match_candidates, fct_unit_task_changes, int_task_versions and
    dim_unit_spelling on a full build, region batch by region batch: the one home of how. A
    region's task rows are only ever paired with its own (int_task_notice_pairs pairs the
    notices of one region; a region's years are ranked among themselves; a spelling is
    counted within its region), so building the regions in
    var('task_match_region_batches') disjoint batches, one statement each, gives the same
    rows as one statement over all of them, with a working set that is a batch's, not the
    nation's. The model's own statement builds batch 0 (`in_region_batch`,
    `in_region_batch_notices`); a post-hook per other batch inserts the same compiled query
    with the batch number changed. An incremental build rebuilds only what
    changed, in one statement. -#}

{#- The predicate keeping the rows of batch 0 (the marker lets the hooks find it). -#}
{% macro in_region_batch(column) -%}
    {%- if is_incremental() -%}
        true
    {%- else -%}
        hash({{ column }}) % {{ var('task_match_region_batches') }} = 0 /* region batch */
    {%- endif -%}
{%- endmacro %}

{#- The same for an input that carries notices, not regions: the notices of batch 0's
    regions. -#}
{% macro in_region_batch_notices(notice_column) -%}
    {%- if is_incremental() -%}
        true
    {%- else -%}
        {{ notice_column }} in (
            select notice_id from {{ ref('stg_notices') }}
            where {{ in_region_batch('region_adcode') }}
        )
    {%- endif -%}
{%- endmacro %}

{#- The post-hooks (parse time): one per batch after the first. `markers`: how many batch
    predicates the model's query holds (each is changed). -#}
{% macro task_match_batch_hooks(markers=2) -%}
    {%- set hooks = [] -%}
    {%- for batch in range(1, var('task_match_region_batches')) -%}
        {%- do hooks.append('{{ insert_region_batch(this, ' ~ batch ~ ', ' ~ markers ~ ') }}') -%}
    {%- endfor -%}
    {{ return(hooks) }}
{%- endmacro %}

{#- Insert batch `batch`: the model's compiled query with its batch-0 predicate changed. -#}
{% macro insert_region_batch(relation, batch, markers=2) -%}
    {#- dbt renders hooks at parse time too, before there is a compiled query -#}
    {%- if execute and not is_incremental() and model.get('compiled_code') -%}
        {%- set batches = var('task_match_region_batches') -%}
        {%- set first = '% ' ~ batches ~ ' = 0 /* region batch */' -%}
        {%- set query = model.compiled_code -%}
        {%- if query.count(first) != markers -%}
            {{ exceptions.raise_compiler_error(relation.identifier ~ ": expected the region batch predicate " ~ markers ~ " times") }}
        {%- endif -%}
        insert into {{ relation }}
        select * from (
            {{ query | replace(first, '% ' ~ batches ~ ' = ' ~ batch ~ ' /* region batch */') }}
        ) as region_batch
    {%- endif -%}
{%- endmacro %}
