{#- The fingerprints the models built by notice now hold (macros/incremental_by_notice.sql):
    the next run's int_notices_changed compares with them. It is the last node of the
    build: it depends on every model built by notice, so a run that fails before them all
    leaves it as it was and the next run rebuilds what it missed. A run that does not build
    every mart built by notice (a partial selection) keeps what it held: the marts it left
    out still hold the older notices. (The marts layer alone, as the Airflow DAG runs it
    after the intermediate layer, builds them all.) In the marts folder (so the marts layer of the Airflow DAG builds it
    last) but in the intermediate schema: bookkeeping, never published. -#}
{{ config(schema='intermediate', post_hook='{{ forget_unit_names_before() }}') }}
-- depends_on: {{ ref('fct_disclosure_obligations') }}
-- depends_on: {{ ref('int_notice_unit_classification') }}
-- depends_on: {{ ref('fct_unit_task_changes') }}
-- depends_on: {{ ref('fct_unit_compliance') }}
-- depends_on: {{ ref('agg_obligations_by_region_frequency') }}
-- depends_on: {{ ref('agg_obligations_by_unit_function') }}
-- depends_on: {{ ref('agg_expected_publications_per_year') }}
-- depends_on: {{ ref('dim_unit_spelling') }}
-- depends_on: {{ ref('dim_unit') }}
{%- set left_out = marts_left_out() %}

{% if left_out and is_incremental_relation_held() %}
-- a partial build (it left out {{ left_out | join(', ') }}): what the last complete build held
select * from {{ this }}
{% elif left_out %}
-- a partial build and no complete one yet: nothing is built, every notice is new next time
select notice_id, notice_key, region_adcode, fingerprint, compliance_fingerprint
from {{ ref('int_notice_fingerprints') }}
where false
{% else %}
select notice_id, notice_key, region_adcode, fingerprint, compliance_fingerprint
from {{ ref('int_notice_fingerprints') }}
{% endif %}
