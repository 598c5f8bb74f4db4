"""What is in the warehouse, for `notices status` (reads only; works on reporting.duckdb too)."""

from __future__ import annotations

from typing import Any

import duckdb

from warehouse.db import one_row

FACT_TABLE = ("marts", "fct_disclosure_obligations")
FAILED_SHOWN = 50
"""Failed documents `notices status` names one by one; the count covers the rest."""

# A document's state in the words a run's summary uses: `extracted` is `loaded`, and a
# loaded document a later one of the same notice replaced is `superseded`, not loaded.
_DOCUMENT_STATE = """
    case
        when note_kind = 'superseded' then 'superseded'
        when status = 'extracted' then 'loaded'
        else status
    end
"""
CLASSIFICATION_TABLE = ("marts", "metrics_unit_classification")


def _exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    found = con.execute(
        "select 1 from information_schema.tables where table_catalog = current_database() "
        "and table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    return found is not None


def _counts(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, int]:
    return {str(key): int(count) for key, count in con.execute(sql).fetchall()}


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    return one_row(con, sql)[0]


def _with_marts(con: duckdb.DuckDBPyConnection, **counts: Any) -> dict[str, Any]:
    """The summary's fields in one order: the given counts, then what the marts tell
    (None until they exist), then the last run (filled by the caller when known)."""
    result: dict[str, Any] = {
        **counts,
        "obligations": None,
        "obligations_by_frequency": None,
        "unit_mentions": None,
        "unclassified_unit_share": None,
        "last_run": None,
    }
    _add_marts(con, result)
    return result


def _add_marts(con: duckdb.DuckDBPyConnection, result: dict[str, Any]) -> None:
    if _exists(con, *FACT_TABLE):
        fact = ".".join(FACT_TABLE)
        result["obligations"] = int(_one(con, f"select count(*) from {fact}"))
        result["obligations_by_frequency"] = _counts(
            con,
            f"select frequency_label, count(*) from {fact} group by 1 order by 2 desc, 1",
        )
    if _exists(con, *CLASSIFICATION_TABLE):
        mentions, share = one_row(
            con, f"select unit_mentions, unclassified_share from {'.'.join(CLASSIFICATION_TABLE)}"
        )
        result["unit_mentions"] = int(mentions)
        result["unclassified_unit_share"] = float(share) if share is not None else None


def _snapshot_summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """What a published snapshot tells: it holds the marts only, no raw layer, so the
    document, fault and run counts are None and the notice counts come from dim_notice."""
    notices, quarantined, rows, ok, warn, held = one_row(
        con,
        "select count(*), count(*) filter (where dq_status = 'quarantined'),"
        " sum(task_rows), sum(task_rows_ok), sum(task_rows_warn), sum(task_rows_quarantined)"
        " from marts.dim_notice",
    )
    by_status = {"ok": ok, "warn": warn, "quarantined": held}
    return _with_marts(
        con,
        documents=None,
        fetch_faults=None,
        notices=int(notices),
        notices_quarantined=int(quarantined),
        task_rows=int(rows or 0),
        task_rows_by_dq_status={k: int(v) for k, v in by_status.items() if v},
    )


def _failed_documents(con: duckdb.DuckDBPyConnection) -> list[dict[str, str]]:
    """Every failed document (up to FAILED_SHOWN, oldest first), named as the operator
    knows it, with its error kind and message: whichever step failed it (a fetch that
    found no reader, an extraction, a load) and whichever command ran it."""
    rows = con.execute(
        "select coalesce(original_name, url, document_id), error_kind, error_message "
        "from raw.documents where status = 'failed' order by fetch_seq, document_id limit ?",
        [FAILED_SHOWN],
    ).fetchall()
    return [
        {"name": str(name), "error_kind": str(kind or "?"), "error_message": str(message or "")}
        for name, kind, message in rows
    ]


def summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Documents by status, notices, task rows, obligations by frequency (once the marts
    exist), the share of unclassified unit mentions and the last run; JSON-friendly."""
    if not _exists(con, "raw", "documents") and _exists(con, "marts", "dim_notice"):
        return _snapshot_summary(con)
    result = _with_marts(
        con,
        documents=_counts(
            con, f"select {_DOCUMENT_STATE}, count(*) from raw.documents group by 1 order by 1"
        ),
        failed_documents=_failed_documents(con),
        fetch_faults=int(_one(con, "select count(*) from raw.fetch_faults")),
        notices=int(_one(con, "select count(*) from raw.notices")),
        notices_quarantined=int(
            _one(con, "select count(*) from raw.notices where dq_status = 'quarantined'")
        ),
        task_rows=int(_one(con, "select count(*) from raw.task_rows")),
        task_rows_by_dq_status=_counts(
            con, "select dq_status, count(*) from raw.task_rows group by 1 order by 1"
        ),
    )
    last = con.execute(
        "select run_id, started_at, finished_at, trigger, status, notices_loaded, "
        "task_rows_loaded from raw.load_runs order by started_at desc limit 1"
    ).fetchone()
    if last is not None:
        keys = (
            "run_id",
            "started_at",
            "finished_at",
            "trigger",
            "status",
            "notices_loaded",
            "task_rows_loaded",
        )
        result["last_run"] = {
            k: (v.isoformat() if hasattr(v, "isoformat") else v)
            for k, v in zip(keys, last, strict=True)
        }
    return result
