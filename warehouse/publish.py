"""Publish the read-only snapshot analysts and BI tools open (reporting.duckdb).

The snapshot is written beside the target and renamed over it (atomic on one
filesystem): a reader that has the old file open keeps reading the old version, and a
new open sees the new one; nobody ever sees half a copy.

Two ways to take a consistent snapshot, both while holding the warehouse:
- `analysts` (what the pipeline publishes): only the schemas analysts need
  (`ANALYST_SCHEMAS`, the marts), copied table by table with their comments into a new
  file, so BI users never read `raw.*` (error messages, URLs, file names of the load).
- `file` (the default of this function, for a whole-warehouse backup): CHECKPOINT (the
  WAL is folded into the file), then copy the file. No one else can write meanwhile:
  another process cannot open the file, and the pipeline is the single writer in its
  own process.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import duckdb

Method = Literal["file", "analysts"]

# What reporting.duckdb holds when the pipeline publishes: the marts (dimensions, facts,
# aggregates, metrics), which is also all the dbt docs and the Superset dashboard read.
ANALYST_SCHEMAS = ("marts",)


class PublishError(RuntimeError):
    pass


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _snapshot_by_file(con: duckdb.DuckDBPyConnection, warehouse_path: Path, tmp: Path) -> None:
    con.execute("checkpoint")
    wal = warehouse_path.with_name(warehouse_path.name + ".wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise PublishError(f"{wal} is not empty after CHECKPOINT: another transaction is open")
    shutil.copyfile(warehouse_path, tmp)


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _snapshot_schemas(
    con: duckdb.DuckDBPyConnection, tmp: Path, schemas: tuple[str, ...] = ANALYST_SCHEMAS
) -> None:
    """Copy only `schemas` into a new file: each table and view as a table, with the table
    and column comments dbt's persist_docs wrote (BI tools show them as descriptions).

    A new file, not a copy with the other schemas dropped: dropped tables leave their
    bytes in the file's free blocks.
    """
    alias = f"snapshot_{uuid.uuid4().hex[:8]}"
    con.execute(f"attach '{tmp}' as {alias}")
    try:
        relations = con.execute(
            "select schema_name, table_name, comment from duckdb_tables()"
            " where database_name = current_database() and schema_name in ?"
            " union all"
            " select schema_name, view_name, comment from duckdb_views()"
            " where database_name = current_database() and schema_name in ?"
            " order by 1, 2",
            [list(schemas), list(schemas)],
        ).fetchall()
        for schema in schemas:
            con.execute(f'create schema {alias}."{schema}"')
        for schema, table, comment in relations:
            target = f'{alias}."{schema}"."{table}"'
            con.execute(f'create table {target} as select * from "{schema}"."{table}"')
            if comment:
                con.execute(f"comment on table {target} is {_sql_string(comment)}")
            columns = con.execute(
                "select column_name, comment from duckdb_columns() where database_name ="
                " current_database() and schema_name = ? and table_name = ? and comment is"
                " not null",
                [schema, table],
            ).fetchall()
            for column, column_comment in columns:
                con.execute(
                    f'comment on column {target}."{column}" is {_sql_string(column_comment)}'
                )
    finally:
        con.execute(f"detach {alias}")


def _verify(tmp: Path) -> None:
    # A snapshot that does not open is never published.
    check = duckdb.connect(str(tmp), read_only=True)
    try:
        check.execute("select count(*) from information_schema.tables").fetchone()
    finally:
        check.close()


def publish(
    warehouse_path: Path,
    reporting_path: Path,
    *,
    method: Method = "analysts",
    schemas: tuple[str, ...] = ANALYST_SCHEMAS,
    before_rename: Callable[[], None] | None = None,
) -> Path:
    """Copy the warehouse to a temp file beside `reporting_path`, then rename it over it.

    A kill before the rename leaves the old snapshot in place and a `.<name>.*.tmp` file
    that the next run removes (pipeline.publishing.clean_stale_temp_files); `before_rename` is
    called with the verified copy in place (a test pauses there).

    Opens the warehouse read-write: inside the pipeline's process this shares the
    pipeline's own database instance; from another process it fails while a writer runs.
    Returns `reporting_path`.
    """
    warehouse_path, reporting_path = Path(warehouse_path), Path(reporting_path)
    if not warehouse_path.exists():
        raise PublishError(f"no warehouse at {warehouse_path}")
    reporting_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = reporting_path.with_name(
        f".{reporting_path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    )
    try:
        con = duckdb.connect(str(warehouse_path))
        try:
            if method == "file":
                _snapshot_by_file(con, warehouse_path, tmp)
            elif method == "analysts":
                _snapshot_schemas(con, tmp, schemas)
            else:
                raise ValueError(f"unknown publish method {method!r}")
        finally:
            con.close()
        _verify(tmp)
        _fsync(tmp)
        if before_rename is not None:
            before_rename()
        os.replace(tmp, reporting_path)
        _fsync(reporting_path.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        with contextlib.suppress(FileNotFoundError):
            tmp.with_name(tmp.name + ".wal").unlink()
    return reporting_path
