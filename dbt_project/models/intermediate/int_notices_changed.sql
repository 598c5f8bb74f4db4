-- One row per notice the models built by notice must rebuild in this run
-- (macros/incremental_by_notice.sql): added, changed or removed since the fingerprints
-- the last complete build recorded (int_notices_built). On a first build, or with
-- --full-refresh, every notice is added. region_adcode is where the notice is now,
-- built_region_adcode where it was: the change models rebuild both regions.
-- content_changed: its rows or key changed (every model built by notice);
-- compliance_changed: that, or the publications or as-of date changed (the compliance
-- models).
{%- set built = adapter.get_relation(
    database=this.database, schema=this.schema, identifier='int_notices_built'
) %}
with

current_notices as (

    select * from {{ ref('int_notice_fingerprints') }}

),

{% if built is none or flags.FULL_REFRESH %}
final as (

    select
        notice_id,
        region_adcode,
        cast(null as varchar) as built_region_adcode,
        'added' as change,
        true as content_changed,
        true as compliance_changed
    from current_notices

)
{% else %}
built_notices as (

    select * from {{ built }}

),

compared as (

    select
        coalesce(current_notices.notice_id, built_notices.notice_id) as notice_id,
        current_notices.region_adcode,
        built_notices.region_adcode as built_region_adcode,
        case
            when built_notices.notice_id is null then 'added'
            when current_notices.notice_id is null then 'removed'
            when current_notices.fingerprint <> built_notices.fingerprint then 'changed'
            when current_notices.compliance_fingerprint <> built_notices.compliance_fingerprint
                then 'compliance_inputs_changed'
        end as change
    from current_notices
    full outer join built_notices on current_notices.notice_id = built_notices.notice_id

),

final as (

    select
        notice_id,
        region_adcode,
        built_region_adcode,
        change,
        change <> 'compliance_inputs_changed' as content_changed,
        true as compliance_changed
    from compared
    where change is not null

)
{% endif %}

select * from final
