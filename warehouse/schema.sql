-- Contract 2: the raw layer. Written only by warehouse/; read by dbt sources.
-- Idempotent: safe to run on every connect.
create schema if not exists raw;

create table if not exists raw.documents (
    document_id     varchar primary key,      -- sha256 of the bytes
    source_id       varchar not null,
    url             varchar not null,         -- URL, or the path for a dir source
    original_name   varchar,                  -- file name as the source gave it (display only)
    landing_path    varchar,                  -- where the bytes are stored (by sha256)
    fetched_at      timestamptz not null,
    content_type    varchar,                  -- sniffed from the bytes: application/pdf, text/html, ...
    bytes           bigint,
    status          varchar not null,         -- fetched | extracted | quarantined | failed | unpacked
    error_kind      varchar,                  -- why it failed (status failed only): ErrorKind
    error_message   varchar,
    parser_version  varchar,
    extracted_at    timestamptz,
    loaded_at       timestamptz,
    notice_context  varchar                   -- JSON: what the notice page linking the file says
);
-- Warehouses made before a column existed gain it here (idempotent).
alter table raw.documents add column if not exists notice_context varchar;

-- The format the extractor read the bytes as (pdf, html, docx, doc, xlsx, xls), or the
-- type it could not read (ofd, zip, png, ...); added after the first release.
alter table raw.documents add column if not exists format varchar;

-- What a document that did load says (status extracted or quarantined): the kind of its
-- first extraction problem, no_task_table, or superseded (extract.vocabulary.NoteKind).
-- A quarantined document's reasons are raw.notices.dq_reasons and raw.task_rows.dq_reasons.
-- Added after the first release: warehouse/db.py moves older notes out of error_kind.
alter table raw.documents add column if not exists note_kind varchar;
alter table raw.documents add column if not exists note_message varchar;

-- The order documents were registered in: sources in the order sources.yml declares
-- them, each source's files in the order it lists them, later fetches after earlier ones.
-- Between two documents of one notice the later one wins (warehouse/load.py); fetched_at
-- is a clock reading and two files fetched within one second would tie on it, or not,
-- depending on where the second boundary falls. Older warehouses are numbered on connect
-- (warehouse/db.py).
alter table raw.documents add column if not exists fetch_seq bigint;

-- A member of an archive (.zip, .rar, .7z, opened at registration): the document_id of
-- the archive holding it and its path inside the archive (a label, never a path on
-- disk; extract/sources/archives.py). The archive itself is `unpacked`.
alter table raw.documents add column if not exists parent_document_id varchar;
alter table raw.documents add column if not exists member_path varchar;

-- Fetch faults that never produced a document (a portal down, a 404, a foreign redirect).
-- One row per (source_id, url, error_kind): a fault seen again is updated, not repeated.
create table if not exists raw.fetch_faults (
    source_id       varchar not null,
    url             varchar not null,
    fetched_at      timestamptz not null,     -- last seen
    error_kind      varchar not null,
    error_message   varchar,                  -- as last seen
    first_seen_at   timestamptz,
    times_seen      integer
);
alter table raw.fetch_faults add column if not exists first_seen_at timestamptz;
alter table raw.fetch_faults add column if not exists times_seen integer;

create table if not exists raw.notices (
    notice_id       varchar primary key,
    document_id     varchar not null,
    title           varchar,
    doc_number      varchar,
    issuer          varchar,
    publish_date    date,
    year            integer,
    province        varchar,
    prefecture      varchar,
    county          varchar,
    region_adcode   varchar,
    table_title     varchar,
    columns         varchar[],
    has_task_table  boolean,
    body            varchar,
    row_count       integer,
    dq_status       varchar,                  -- ok | quarantined
    dq_reasons      varchar[],
    parser_version  varchar,
    loaded_at       timestamptz
);

create table if not exists raw.task_rows (
    notice_id               varchar not null,
    row                     integer not null,
    document_id             varchar not null,
    seq                     varchar,
    section                 varchar[],
    requirement             varchar,
    lead_units_text         varchar,
    responsible_units_text  varchar,
    deadline_text           varchar,
    lead_units              varchar[],
    responsible_units       varchar[],
    cooperating_units       varchar[],
    frequencies             varchar[],
    deadline_date           date,
    dq_status               varchar not null, -- ok | warn | quarantined
    dq_reasons              varchar[],
    loaded_at               timestamptz,
    primary key (notice_id, row)
);

create table if not exists raw.load_runs (
    run_id              varchar primary key,
    started_at          timestamptz not null,
    finished_at         timestamptz,
    trigger             varchar,              -- cli | airflow | reprocess | bench
    documents_fetched   integer,
    documents_extracted integer,
    documents_failed    integer,
    documents_quarantined integer,
    notices_loaded      integer,
    task_rows_loaded    integer,
    fetch_seconds       double,
    extract_seconds     double,
    load_seconds        double,
    transform_seconds   double,
    publish_seconds     double,
    status              varchar               -- running | success | failed
);

-- Seconds LibreOffice spent converting .doc/.wps files in the run (summed over documents).
alter table raw.load_runs add column if not exists convert_seconds double;

-- How a task row was printed (extract.vocabulary.Layout): table, or prose (a paragraph of
-- a 工作要点). Rows loaded before the column existed are table rows (NULL, read as table
-- by stg_task_rows).
alter table raw.task_rows add column if not exists layout varchar;

-- What a document is (extract.vocabulary.NoticeKind): notice, or interpretation (a 解读 or
-- 图解 that restates a notice and yields no rows). NULL before the column existed: notice.
alter table raw.notices add column if not exists kind varchar;
-- What units published on their portal columns (栏目), read by extract/sources/publications.py.
-- One row per item as one column lists it; an item re-posted in two columns is two rows
-- with one publication_id. Upserted by (source_id, column_url, item_url): fetches are
-- incremental and only add what is new.
create table if not exists raw.publication_listings (
    source_id           varchar not null,
    column_url          varchar not null,
    item_url            varchar not null,
    publication_id      varchar not null,     -- same title and date in the source: one publication
    column_path         varchar,              -- 县财政局 > 财政预决算 (declared or the page's breadcrumb)
    unit_name           varchar,              -- the column's unit as the notices name it
    topic               varchar,              -- the column's topic, if known
    region_adcode       varchar,              -- the source's government
    title               varchar not null,
    published_on        date,                 -- null: no date in the listing nor on the page
    date_source         varchar,              -- listing | page
    title_period_grain  varchar,              -- the period the title names: monthly, quarterly, ...
    title_period_year   integer,
    title_period_index  integer,
    listing_page        integer,              -- page of the listing it was first read from
    fetched_at          timestamptz not null,
    loaded_at           timestamptz,
    primary key (source_id, column_url, item_url)
);

-- The publication sources of sources.yml, as the compliance marts need them.
create table if not exists raw.publication_sources (
    source_id       varchar primary key,
    region_adcode   varchar,
    grace_days      integer,                  -- null: the marts' default (dbt var)
    columns         integer,
    loaded_at       timestamptz
);
