"""Publish the read-only snapshot analysts and BI tools open (reporting.duckdb).

The snapshot is written beside the target and renamed over it (atomic on one
filesystem): a reader that has the old file open keeps reading the old version, and a
new open sees the new one; nobody ever sees half a copy.

Two ways to take a consistent snapshot, both while holding the warehouse:
- `file` (default): CHECKPOINT (the WAL is folded into the file), then copy the file.
  No one else can write meanwhile: another process cannot open the file, and the
  pipeline is the single writer in its own process.
- `export`: ATTACH a new file and COPY FROM DATABASE (a compact logical copy).
bench/ measures both; `file` was several times faster (see the report of issue 5).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import duckdb

Method = Literal["file", "export"]


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


def _snapshot_by_export(con: duckdb.DuckDBPyConnection, tmp: Path) -> None:
    source = con.execute("select current_database()").fetchone()[0]
    alias = f"snapshot_{uuid.uuid4().hex[:8]}"
    con.execute(f"attach '{tmp}' as {alias}")
    try:
        con.execute(f'copy from database "{source}" to {alias}')
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
    method: Method = "file",
    before_rename: Callable[[], None] | None = None,
) -> Path:
    """Copy the warehouse to a temp file beside `reporting_path`, then rename it over it.

    A kill before the rename leaves the old snapshot in place and a `.<name>.*.tmp` file
    that the next run removes (pipeline.steps.clean_stale_temp_files); `before_rename` is
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
            elif method == "export":
                _snapshot_by_export(con, tmp)
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


def timed_publish(warehouse_path: Path, reporting_path: Path, *, method: Method = "file") -> float:
    """publish() and return the seconds it took (for run records and benchmarks)."""
    start = time.perf_counter()
    publish(warehouse_path, reporting_path, method=method)
    return time.perf_counter() - start
