{#- The pre-hook of the marts built incrementally by notice (fct_disclosure_obligations):
    delete the rows `relation` holds for a notice it does not hold as it is now in
    stg_notices (reloaded: loaded_at moved; re-keyed: notice_key changed; gone). The model
    then adds the rows of every notice `relation` does not hold. A full build deletes
    nothing. -#}
{% macro delete_notices_held_otherwise(relation) %}
    {% if is_incremental() %}
        delete from {{ relation }} as held
        where not exists (
            select 1
            from {{ ref('stg_notices') }} as notices
            where notices.notice_id = held.notice_id
              and notices.notice_key = held.notice_key
              and notices.loaded_at is not distinct from held.notice_loaded_at
        )
    {% endif %}
{% endmacro %}
