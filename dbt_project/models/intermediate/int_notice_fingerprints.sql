-- One row per notice of stg_notices: a fingerprint of what the models built by notice
-- make of it (macros/incremental_by_notice.sql). Content only, never a load time: its raw
-- row and task rows without loaded_at, and its notice_key (which another notice can
-- change). compliance_fingerprint adds what every notice's compliance verdicts depend on:
-- the publications, the publication sources and the as-of date.
with

notices as (

    select * exclude (loaded_at) from {{ ref('stg_notices') }}

),

task_rows as (

    select * exclude (loaded_at) from {{ ref('stg_task_rows') }}

),

row_hashes as (

    -- a sum is independent of row order, so the fingerprint is too
    select notice_id, sum(hash(task_rows)::hugeint) as rows_hash
    from task_rows
    group by notice_id

),

listings as (

    select * exclude (fetched_at, loaded_at) from {{ ref('stg_publication_listings') }}

),

publication_sources as (

    select * from {{ ref('stg_publication_sources') }}

),

publications_hash as (

    select hash(
        (select coalesce(sum(hash(listings)::hugeint), 0) from listings),
        (select coalesce(sum(hash(publication_sources)::hugeint), 0) from publication_sources),
        cast({{ compliance_as_of() }} as varchar),
        '{{ var("compliance_grace_days") }}|{{ var("publication_match_threshold") }}|{{ var("publication_match_weight_cap") }}'
    ) as publications_hash

),

final as (

    select
        notices.notice_id,
        notices.notice_key,
        notices.region_adcode,
        hash(notices, coalesce(row_hashes.rows_hash, 0)) as fingerprint,
        hash(notices, coalesce(row_hashes.rows_hash, 0), publications_hash.publications_hash)
            as compliance_fingerprint
    from notices
    left join row_hashes on notices.notice_id = row_hashes.notice_id
    cross join publications_hash

)

select * from final
