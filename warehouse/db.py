"""Connections to the warehouse file; the raw schema is (re)created on every connect."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

SCHEMA_SQL = Path(__file__).with_name("schema.sql")

# Added after Contract 2 was first shipped: applied on every connect, so a warehouse
# built by an older version gains them in place.
MIGRATIONS_SQL = """
alter table raw.load_runs add column if not exists command varchar;
alter table raw.load_runs add column if not exists pid integer;
alter table raw.load_runs add column if not exists error_kind varchar;
alter table raw.load_runs add column if not exists error_message varchar;
-- Which raw version the marts were built from (see warehouse/versions.py).
create table if not exists raw.build_state (
    target          varchar primary key,      -- marts | snapshot
    raw_version     varchar not null,
    built_at        timestamptz not null
);
-- Notes (raw.documents.note_kind) were once kept in error_kind: a document that loaded
-- (extracted or quarantined) never carries an error, so what it holds there is a note, and
-- `superseded` (a loaded document whose notice a newer one took) is a note whatever the
-- status. Once moved, no row matches any more (idempotent).
update raw.documents
set note_kind = error_kind, note_message = error_message, error_kind = null, error_message = null
where error_kind is not null
  and (status in ('extracted', 'quarantined') or error_kind = 'superseded');
-- Documents registered before fetch_seq existed are numbered in their old order (fetched_at,
-- then document_id), after any already numbered. Once numbered, no row matches (idempotent).
update raw.documents
set fetch_seq = numbered.seq
from (
    select
        document_id,
        (select coalesce(max(fetch_seq), 0) from raw.documents)
            + row_number() over (order by fetched_at, document_id) as seq
    from raw.documents
    where fetch_seq is null
) as numbered
where raw.documents.document_id = numbered.document_id;
"""


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the warehouse at `path`, with the Contract 2 `raw` schema.

    DuckDB allows one writing process per file; a second process gets an IOException.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        con.execute(MIGRATIONS_SQL)
    except Exception:
        con.close()
        raise
    return con


def one_row(con: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> tuple[Any, ...]:
    """The single row of a query that always gives one (an aggregate)."""
    row = con.execute(sql, params).fetchone()
    if row is None:
        raise LookupError(f"no row from: {sql.strip().splitlines()[0]}")
    return row
