"""`notices status`: what the warehouse holds, read without the writer lock."""

from __future__ import annotations

from typing import Any

from pipeline.settings import Settings


def status(settings: Settings) -> dict[str, Any]:
    """What is in the warehouse (falls back to the published snapshot while a load runs)."""
    import duckdb

    from warehouse.summary import summary

    for path in (settings.warehouse_path, settings.reporting_path):
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
