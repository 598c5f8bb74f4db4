-- One row per canonical unit an incremental run must recount (macros/incremental_by_notice.sql):
-- the units the changed notices name now, and those they named before this run (read from
-- int_units_qualified as the last build left it: this model runs before it is rebuilt,
-- which depends on it). dim_unit recounts these units only, and the marts that copy a
-- unit's display name refresh it for these units only.
{%- set held = adapter.get_relation(
    database=this.database, schema=this.schema, identifier='int_units_qualified'
) %}
with

changed as (

    select notice_id from {{ ref('int_notices_changed') }} where content_changed

),

{% if held is none or flags.FULL_REFRESH %}
final as (

    -- a first or full build recounts every unit anyway
    select cast(null as varchar) as unit_key
    where false

)
{% else %}
named_before as (

    select distinct unit_key
    from {{ held }}
    where notice_id in (select notice_id from changed)

),

-- the mentions as they will be: the same rule as int_units_qualified's, on the changed
-- notices' mentions only, would duplicate it; instead the units named now are added by
-- dim_unit itself from the rebuilt int_units_qualified (see dim_unit)
final as (

    select unit_key from named_before

)
{% endif %}

select * from final
