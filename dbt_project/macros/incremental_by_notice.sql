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
    {%- if scope == 'unit' -%}
        (select unit_key from {{ ref('int_units_touched') }}
         union
         select unit_key from {{ changed_rows(ref('int_units_qualified'), 'notice_id', 'notice', compliance) }})
    {%- elif scope == 'region' -%}
        (select region_adcode from {{ changed }} where {{ flag }} and region_adcode is not null
         union
         select built_region_adcode from {{ changed }}
         where {{ flag }} and built_region_adcode is not null)
    {%- elif scope == 'pair' -%}
        {#- The year pairs (int_task_notice_pairs, already rebuilt in this run) to compare
            again: in a region where a notice was changed or removed, every pair (a year
            that moved, or a notice gone, makes a pair of two notices that did not change);
            where notices were only added, the pairs holding one of them. Every other pair
            of the region compares the same two unchanged notices as before. An added
            notice in the middle of a region's years replaces one pair by two: the old
            pair is no longer in int_task_notice_pairs, and `delete_changed` deletes it. -#}
        (select notice_pair_id from {{ ref('int_task_notice_pairs') }}
         where region_adcode in {{ changed_keys('region', compliance) }}
           and (region_adcode in (
                    select region_adcode from {{ changed }}
                    where {{ flag }} and change <> 'added' and region_adcode is not null
                    union
                    select built_region_adcode from {{ changed }}
                    where {{ flag }} and change <> 'added' and built_region_adcode is not null)
                or from_notice_id in (select notice_id from {{ changed }} where change = 'added')
                or to_notice_id in (select notice_id from {{ changed }} where change = 'added')))
    {%- else -%}
        (select notice_id from {{ changed }} where {{ flag }})
    {%- endif -%}
{%- endmacro %}

{#- The rows of `relation` (a ref) of what changed, to select from: on an incremental run,
    the copy of the rows the model appended in this invocation when it is built by the same
    column and scope (those rows, exactly: it deleted and re-inserted them), read instead
    of scanning the whole table for them; else the model restricted by `changed_only`
    (every row on a full build). -#}
{% macro changed_rows(relation, column, scope='notice', compliance=false) -%}
    {%- set kept = none -%}
    {%- if is_incremental() and rebuilt_by(relation.identifier) == (column, scope, compliance) -%}
        {%- set kept = rebuilt_rows(relation) -%}
    {%- endif -%}
    {%- if kept is not none -%}
        {{ kept }}
    {%- else -%}
        (select * from {{ relation }} where {{ changed_only(column, scope, compliance) }})
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

{#- The models built by notice, region, region and year, or year pair: the column their rows
    are deleted by, the scope of that column, and whether they are compliance models (rebuilt for every notice
    when the publications or the as-of date changed). The pre-hook and the tests read it. -#}
{% macro rebuilt_by(identifier) -%}
    {%- set models = {
        'int_task_rows_admitted': ('notice_id', 'notice', false),
        'int_unit_mentions': ('notice_id', 'notice', false),
        'int_units_qualified': ('notice_id', 'notice', false),
        'int_task_row_frequencies': ('notice_id', 'notice', false),
        'int_notice_unit_classification': ('notice_id', 'notice', false),
        'int_owed_obligations': ('notice_id', 'notice', false),
        'fct_disclosure_obligations': ('notice_id', 'notice', false),
        'dim_unit': ('unit_key', 'unit', false),
        'dim_unit_spelling': ('region_adcode', 'region', false),
        'int_task_versions': ('region_adcode', 'year', false),
        'int_task_notice_pairs': ('region_adcode', 'region', false),
        'int_task_match_candidates': ('notice_pair_id', 'pair', false),
        'int_task_matches': ('notice_pair_id', 'pair', false),
        'fct_task_changes': ('region_adcode', 'region', false),
        'fct_unit_task_changes': ('region_adcode', 'region', false),
        'agg_obligations_by_region_frequency': ('region_adcode', 'region', false),
        'agg_obligations_by_unit_function': ('region_adcode', 'region', false),
        'agg_expected_publications_per_year': ('region_adcode', 'region', false),
        'int_obligation_periods': ('notice_id', 'notice', true),
        'int_publication_matches': ('notice_id', 'notice', true),
        'fct_obligation_periods': ('notice_id', 'notice', true),
        'fct_unit_compliance': ('region_adcode', 'region', true),
    } -%}
    {{ return(models.get(identifier)) }}
{%- endmacro %}

{#- Pre-hook: delete the rows of what changed (nothing on a full build). -#}
{% macro delete_changed(relation) -%}
    {%- set key = rebuilt_by(relation.identifier) -%}
    {%- if key is none -%}
        {{ exceptions.raise_compiler_error(relation.identifier ~ " is not in rebuilt_by()") }}
    {%- endif -%}
    {%- if is_incremental() and key[1] == 'pair' -%}
        {#- the pairs compared again, and the pairs of the changed regions that are gone -#}
        delete from {{ relation }}
        where region_adcode in {{ changed_keys('region', key[2]) }}
          and (
            {{ key[0] }} in {{ changed_keys(key[1], key[2]) }}
            or {{ key[0] }} not in (select notice_pair_id from {{ ref('int_task_notice_pairs') }})
          )
    {%- elif is_incremental() and key[1] == 'year' -%}
        {#- the years of a region where a notice was added, changed or removed, as they are
            now and as this table holds them (a notice that moved, or is gone), kept for the
            model's query (`in_changed_years`): the rows of those years go -#}
        {%- set years = changed_years_relation(relation) -%}
        create or replace table {{ years }} as
        select distinct region_adcode, notice_year from {{ ref('stg_notices') }}
        where notice_id in {{ changed_keys('notice', key[2]) }}
          and region_adcode is not null and notice_year is not null
        union
        select distinct region_adcode, notice_year from {{ relation }}
        where notice_id in {{ changed_keys('notice', key[2]) }};
        delete from {{ relation }} as target
        using {{ years }} as years
        where target.region_adcode = years.region_adcode
          and target.notice_year = years.notice_year
    {%- elif is_incremental() -%}
        delete from {{ relation }}
        where {{ key[0] }} in {{ changed_keys(key[1], key[2]) }}
    {%- endif -%}
{%- endmacro %}

{#- Where a model built by region and year (`rebuilt_by`: scope 'year') keeps the years its
    pre-hook found changed, in the schema of the rebuilt rows. -#}
{% macro changed_years_relation(relation) -%}
    {{ return(relation.incorporate(path={
        'schema': rebuilt_rows_schema(), 'identifier': relation.identifier ~ '__years'
    })) }}
{%- endmacro %}

{#- A predicate keeping the rows of the years the pre-hook of a model built by region and
    year found changed (`delete_changed`), on an incremental run; true otherwise. -#}
{% macro in_changed_years(region_column, year_column) -%}
    {%- if is_incremental() -%}
        {#- renamed: an unqualified column given would otherwise bind to the years' own -#}
        exists (
            select 1
            from (
                select region_adcode as changed_region_adcode, notice_year as changed_notice_year
                from {{ changed_years_relation(this) }}
            ) as years
            where years.changed_region_adcode = {{ region_column }}
              and years.changed_notice_year = {{ year_column }}
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- The relation a data test reads (dbt's get_where_subquery, with its `where` config):
    on an incremental build, the tests of a model built by notice or by region read the
    rows this run rebuilt, not the whole table: the copy the `rebuilt` strategy kept of
    them (a table of the increment's size, where finding them in the model itself meant
    scanning the whole table in every test), else (a model created in this run, not
    appended to) its rows of the changed notices. The rows not rebuilt passed the same tests
    when they were built, and every key these tests check is unique within a notice or a
    region (it hashes the task row, hence the notice), so what they check still holds of
    the whole table. A full build (--full-refresh, or no build recorded yet) tests all. -#}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set key = rebuilt_by(relation.identifier) -%}
    {%- set changed = none -%}
    {%- if key is not none and execute and not flags.FULL_REFRESH -%}
        {%- set changed = adapter.get_relation(
            database=relation.database, schema='intermediate', identifier='int_notices_changed'
        ) -%}
    {%- endif -%}
    {%- set rebuilt = none -%}
    {%- if changed is not none -%}
        {%- set rebuilt = rebuilt_rows(relation) -%}
    {%- endif -%}
    {%- if rebuilt is not none -%}
        {%- set filtered -%}
            (select * from {{ rebuilt }}{% if where %} where ({{ where }}){% endif %}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- elif changed is not none -%}
        {%- set flag = 'compliance_changed' if key[2] else 'content_changed' -%}
        {%- if key[1] == 'unit' -%}
            {%- set scope -%}
                {{ key[0] }} in (
                    select unit_key from {{ changed.incorporate(path={'identifier': 'int_units_touched'}) }}
                    union
                    select unit_key from {{ changed.incorporate(path={'identifier': 'int_units_qualified'}) }}
                    where notice_id in (select notice_id from {{ changed }} where {{ flag }})
                )
            {%- endset -%}
        {%- elif key[1] in ('region', 'year', 'pair') -%}
            {#- a model built by year pair, or by region and year: the rows of the changed
                regions (a superset) -#}
            {%- set scope -%}
                {{ 'region_adcode' if key[1] == 'pair' else key[0] }} in (
                    select region_adcode from {{ changed }} where {{ flag }}
                    union
                    select built_region_adcode from {{ changed }} where {{ flag }}
                )
            {%- endset -%}
        {%- else -%}
            {%- set scope -%}
                {{ key[0] }} in (select notice_id from {{ changed }} where {{ flag }})
            {%- endset -%}
        {%- endif -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ scope }}{% if where %} and ({{ where }}){% endif %}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- elif where -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}

{#- Post-hook: copy names that are not the notice's own (a unit's display name, its most
    used spelling over every notice, can change when other notices are added) from the
    dimension onto rows the run did not rebuild, for the units whose names dim_unit changed
    in this run (int_unit_names_before): the only ones whose rows can hold an older name.
    `columns` maps the relation's column to the dimension's; `key` is unit_key.
    Not an UPDATE: DuckDB rewrites, at the next checkpoint, every column an update touched
    in every row group it touched, and a unit's rows lie in row groups all over the table,
    so a few renamed units cost a rewrite of the whole column (1.06 s against 0.44 s on the
    5,000-notice fact table, growing with it). The rows are inserted again with the
    dimension's names, then the old ones deleted (a delete is a bitmap at the checkpoint):
    after the insert only the old rows still differ from the dimension.
    The units whose rows differ are found first, into a temporary table, reading only the
    key and the named columns; the insert and the delete then read the rows of those units
    only. Selecting `target.*` of every row of the units recounted read every column of them
    (1.46 M rows of fct_obligation_periods for a 100-notice increment at 30,000 notices:
    7.6 CPU s for the insert and the delete when no name had changed, 0.8 s this way; a
    subquery instead of the table is merged back into the insert's scan by DuckDB's
    common-subplan optimizer; docs/scaling.md, "The increment at 30,000 notices, cut").
    Searching the table for rows of every unit recounted still scanned its unit keys (the
    units are spread over every row group): 10 s of a 100-notice increment at 30,000
    notices for the fact table. So the search is for the units whose names changed only,
    and when none did (most increments), nothing runs at all (docs/scaling.md, "The
    30,000-notice warehouse in one piece"). -#}
{% macro refresh_from_dimension(relation, dimension, key, columns) -%}
    {%- if is_incremental() and execute -%}
        {%- set renamed = renamed_units(dimension, columns.values()) -%}
        {%- set found = run_query('select count(*) from (' ~ renamed ~ ')') -%}
        {%- if found.columns[0].values()[0] > 0 -%}
        {%- set differs -%}
            target.{{ key }} in ({{ renamed }})
            and ({% for mine, theirs in columns.items() %}target.{{ mine }} is distinct from source.{{ theirs }}{{ " or " if not loop.last }}{% endfor %})
        {%- endset -%}
        {%- set stale = relation.identifier ~ '__stale_' ~ key -%}
        create or replace temporary table {{ stale }} as
        select distinct target.{{ key }}
        from {{ relation }} as target
        inner join {{ dimension }} as source on target.{{ key }} = source.{{ key }}
        where {{ differs }};
        insert into {{ relation }} by name
        select target.* replace ({% for mine, theirs in columns.items() %}source.{{ theirs }} as {{ mine }}{{ ", " if not loop.last }}{% endfor %})
        from {{ relation }} as target
        inner join {{ dimension }} as source on target.{{ key }} = source.{{ key }}
        where target.{{ key }} in (select {{ key }} from {{ stale }})
          and {{ differs }};
        delete from {{ relation }} as target
        using {{ dimension }} as source
        where target.{{ key }} = source.{{ key }}
          and target.{{ key }} in (select {{ key }} from {{ stale }})
          and {{ differs }};
        drop table {{ stale }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- The columns of dim_unit the marts copy (refresh_from_dimension): what
    int_unit_names_before keeps of a unit. -#}
{% macro unit_name_columns() -%}
    {{ return(['canonical_unit', 'unit_name', 'unit_function', 'unit_level', 'is_collective']) }}
{%- endmacro %}

{#- Where dim_unit keeps, for the units a run recounts, their names as they were before it
    (its pre-hook, keep_unit_names_before), each row marked with the dbt invocation that
    kept it; the last node of a complete build (int_notices_built) drops it. Bookkeeping,
    in the intermediate schema. -#}
{% macro unit_names_before() -%}
    {{ return(api.Relation.create(
        database=this.database,
        schema=generate_schema_name('intermediate', none) | trim,
        identifier='int_unit_names_before',
    )) }}
{%- endmacro %}

{#- dim_unit's pre-hook, before its rows of the units recounted are deleted: keep those
    rows' names. -#}
{% macro keep_unit_names_before(relation) -%}
    {%- if is_incremental() -%}
        {%- set before = unit_names_before() -%}
        {%- set names = unit_name_columns() | join(', ') -%}
        create table if not exists {{ before }} as
        select unit_key, {{ names }}, '' as invocation_id from {{ relation }} where false;
        insert into {{ before }}
        select unit_key, {{ names }}, '{{ invocation_id }}' as invocation_id
        from {{ relation }}
        where unit_key in {{ changed_keys('unit') }}
    {%- endif -%}
{%- endmacro %}

{#- The units whose rows in a mart may hold an older name than dim_unit's (`names`, the
    dimension's columns the mart copies), as a query: those dim_unit recounted in this
    invocation whose names it changed, or no longer holds; and every unit kept by an
    earlier invocation, which did not complete (the last node drops them): the marts it
    rebuilt may hold the names it gave, not those it kept, so they are searched. With no
    names kept at all (dim_unit not built incrementally in this invocation), every unit
    the run recounted. -#}
{% macro renamed_units(dimension, names) -%}
    {%- set before = unit_names_before() -%}
    {%- for name in names -%}
        {%- if name not in unit_name_columns() -%}
            {{ exceptions.raise_compiler_error(name ~ " is not in unit_name_columns()") }}
        {%- endif -%}
    {%- endfor -%}
    {#- asked of the database, not dbt's relation cache: dim_unit's pre-hook made the table
        in this invocation, after the cache was filled -#}
    {%- set held = run_query(
        "select count(*) from information_schema.tables where table_schema = '"
        ~ before.schema ~ "' and table_name = '" ~ before.identifier ~ "'"
    ) -%}
    {%- if held.columns[0].values()[0] == 0 -%}
        select unit_key from {{ changed_keys('unit') }}
    {%- else -%}
        select before.unit_key
        from {{ before }} as before
        left join {{ dimension }} as now on before.unit_key = now.unit_key
        where before.invocation_id <> '{{ invocation_id }}'
           or now.unit_key is null
           {%- for name in names %}
           or before.{{ name }} is distinct from now.{{ name }}
           {%- endfor %}
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

{#- Whether the model being built exists already (int_notices_built keeps it on a partial
    build). -#}
{% macro is_incremental_relation_held() -%}
    {%- if not execute -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set held = adapter.get_relation(
        database=this.database, schema=this.schema, identifier=this.identifier
    ) -%}
    {{ return(held is not none) }}
{%- endmacro %}

{#- The config of every model built by notice, region or unit, in one place:
    `{{ config(**built_incrementally()) }}`. Append (the pre-hook `delete_changed` deletes
    the rows of what changed first; strategy `rebuilt` keeps a copy of the rows appended,
    which the data tests read), and a change of columns fails the run rather than
    keep rows of the old shape (a changed project rebuilds in full anyway). `refresh`, the
    columns a post-hook copies from dim_unit (`refresh_from_dimension`); `delete=false` for
    a model whose rows are never rebuilt (int_unit_names_classified); `keep_names=true`
    for dim_unit, whose pre-hook keeps the names it is about to recount
    (keep_unit_names_before). -#}
{% macro built_incrementally(refresh=none, delete=true, keep_names=false) -%}
    {%- set settings = {
        'materialized': 'incremental',
        'incremental_strategy': 'append',
        'on_schema_change': 'fail',
    } -%}
    {%- if delete -%}
        {%- do settings.update({
            'incremental_strategy': 'rebuilt',
            'pre_hook': ['{{ drop_rebuilt_rows(this) }}']
                + (['{{ keep_unit_names_before(this) }}'] if keep_names else [])
                + ['{{ delete_changed(this) }}'],
        }) -%}
    {%- endif -%}
    {%- if refresh -%}
        {%- set pairs = [] -%}
        {%- for mine, theirs in refresh.items() -%}
            {%- do pairs.append("'" ~ mine ~ "': '" ~ theirs ~ "'") -%}
        {%- endfor -%}
        {%- do settings.update({'post_hook': "{{ refresh_from_dimension(this, ref('dim_unit'), 'unit_key', {" ~ pairs | join(', ') ~ "}) }}"}) -%}
    {%- endif -%}
    {{ return(settings) }}
{%- endmacro %}

{#- The schema of the copies of the rows each model built by notice, region or unit
    appended in its last incremental run (never published: the snapshot copies the marts). -#}
{% macro rebuilt_rows_schema() -%}
    {{- return('rebuilt') -}}
{%- endmacro %}

{#- on-run-start (dbt_project.yml): the schema of the copies, made before any node runs
    (made by the models themselves, two on dbt's two threads conflict in DuckDB's
    catalog). -#}
{% macro create_rebuilt_rows_schema() -%}
    create schema if not exists {{ target.database }}.{{ rebuilt_rows_schema() }}
{%- endmacro %}

{#- Pre-hook: the copy of a model's last appended rows goes before the model is built (a
    full build keeps none). -#}
{% macro drop_rebuilt_rows(relation) -%}
    {%- set kept = relation.incorporate(path={'schema': rebuilt_rows_schema()}) -%}
    {%- do adapter.cache_dropped(kept) -%}
    drop table if exists {{ kept }}
{%- endmacro %}

{#- Incremental strategy `rebuilt`: dbt's append (insert the rows the model's query made,
    held in dbt's temporary table), and a copy of them in the `rebuilt` schema under the
    model's name, which the model's data tests read (default__get_where_subquery): the
    rows this run rebuilt, exactly, in a table the size of the increment. -#}
{% macro get_incremental_rebuilt_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set kept = target.incorporate(path={'schema': rebuilt_rows_schema()}) -%}
    {{ get_incremental_append_sql(arg_dict) }};
    create or replace table {{ kept }} as select * from {{ arg_dict['temp_relation'] }}
    {%- do adapter.cache_added(kept) -%}
{%- endmacro %}

{#- The copy of the rows `relation` appended in this dbt invocation, or none: the model
    must be selected in this invocation (a copy left by another, e.g. under `dbt test`
    alone or another layer of the DAG, is not this run's increment, so the caller reads
    the model instead) and have appended (a model created in this run keeps no copy).
    Read from dbt's relation cache, which the pre-hook and the strategy keep up to date,
    not by a query per data test. -#}
{% macro rebuilt_rows(relation) -%}
    {%- if not execute
        or ('model.' ~ project_name ~ '.' ~ relation.identifier) not in selected_resources -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(adapter.get_relation(
        database=relation.database, schema=rebuilt_rows_schema(), identifier=relation.identifier
    )) }}
{%- endmacro %}

{#- The marts built by notice, region or unit that this invocation does not build (a
    partial selection): int_notices_built then keeps what the last complete build held. -#}
{% macro marts_left_out() -%}
    {%- set left_out = [] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model' and rebuilt_by(node.name) is not none
                and node.original_file_path.startswith('models/marts/')
                and node.unique_id not in selected_resources -%}
                {%- do left_out.append(node.name) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(left_out) }}
{%- endmacro %}

{#- int_notices_built's post-hook: a complete build has brought every mart's names up to
    date with dim_unit, so the names kept before it are dropped (a partial build keeps
    them: the marts it left out may still hold them). -#}
{% macro forget_unit_names_before() -%}
    {%- if execute and not marts_left_out() -%}
        drop table if exists {{ unit_names_before() }}
    {%- endif -%}
{%- endmacro %}
