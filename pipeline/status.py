"""`notices status`: what the warehouse holds, read without the writer lock."""

from __future__ import annotations

from typing import Any

from pipeline.settings import Settings


def status(settings: Settings, *, snapshot_first: bool = False) -> dict[str, Any]:
    """What is in the warehouse (falls back to the published snapshot while a load runs).

    ``snapshot_first``: for a command that has just released the warehouse (`notices run`'s
    closing report): a command waiting for the writer lock may be opening the warehouse
    read-write at that moment, and a read-only connection held by this one would make it
    fail as warehouse_busy; the snapshot the run just published holds the same."""
    import duckdb

    from warehouse.summary import summary

    paths = (settings.warehouse_path, settings.reporting_path)
    for path in reversed(paths) if snapshot_first else paths:
        if not path.exists():
            continue
        try:
            con = duckdb.connect(str(path), read_only=True)
        except duckdb.Error:
            continue  # held by a running writer: the snapshot answers instead
        try:
            return {"database": str(path), **summary(con)}
        finally:
            con.close()
    return {"database": None}
