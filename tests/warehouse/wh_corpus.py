"""Realistic input for warehouse tests: the expected extractions of the corpus."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import duckdb

from expectations.result import ValidationResult
from tests.expected_corpus import EXPECTED_DIR, read_expected

SLUGS = ("ningyang-2017", "liangshan-2021", "yishui-2018")
RAW_TABLES = ("documents", "fetch_faults", "notices", "task_rows", "load_runs")


def read_extraction(slug: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    notice = read_expected(EXPECTED_DIR / slug)
    return notice.meta, notice.rows


def extraction(slug: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A fresh deep copy, so a test may alter it."""
    return copy.deepcopy(read_extraction(slug))


def fetched(name: str, *, minutes: int = 0, source_id: str = "samples") -> dict[str, Any]:
    """A FetchedDocument as a dict (the registry accepts dicts and dataclasses alike)."""
    return {
        "document_id": hashlib.sha256(name.encode()).hexdigest(),
        "source_id": source_id,
        "url": f"/data/{name}.pdf",
        "original_name": f"{name}.pdf",
        "landing_path": f"landing/{name}.pdf",
        "fetched_at": dt.datetime(2024, 3, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=minutes),
        "content_type": "application/pdf",
        "bytes": 1000 + minutes,
    }


def all_ok(rows: list[dict[str, Any]]) -> ValidationResult:
    return ValidationResult(row_status={row["row"]: ("ok", []) for row in rows}, notice_status="ok")


def big_rows(rows: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """`count` rows cycled from real ones, renumbered 1..count."""
    return [dict(rows[i % len(rows)], row=i + 1) for i in range(count)]


def dump(path_or_con: Path | duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every raw table, sorted, with the columns in name order (a migrated
    warehouse adds columns at the end): two equal dumps mean two equal warehouses."""
    con = (
        duckdb.connect(str(path_or_con), read_only=True)
        if isinstance(path_or_con, Path)
        else path_or_con
    )
    try:
        dumped = {}
        for table in RAW_TABLES:
            names = sorted(
                name
                for (name,) in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'raw' and table_name = ?",
                    [table],
                ).fetchall()
            )
            rows = con.execute(f"select {', '.join(names)} from raw.{table}").fetchall()
            dumped[table] = sorted(rows, key=lambda r: repr(r))
        return dumped
    finally:
        if isinstance(path_or_con, Path):
            con.close()
