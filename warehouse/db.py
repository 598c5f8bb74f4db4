"""Connections to the warehouse file; the raw schema is (re)created on every connect."""

from __future__ import annotations

from pathlib import Path

import duckdb

SCHEMA_SQL = Path(__file__).with_name("schema.sql")


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the warehouse at `path`, with the Contract 2 `raw` schema.

    DuckDB allows one writing process per file; a second process gets an IOException.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    except Exception:
        con.close()
        raise
    return con
