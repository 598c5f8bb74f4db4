"""raw.load_runs: one line per pipeline run, written when it starts and again when it ends."""

from __future__ import annotations

import uuid
from typing import Any

import duckdb

from extract.vocabulary import RunStatus


def success_record(
    *,
    run_id: str,
    started_at: str,
    finished_at: str,
    trigger: str,
    documents_fetched: int,
    loaded: int,
    quarantined: int,
    failed: int,
    task_rows: int,
    timings: dict[str, float] | None = None,
) -> dict[str, Any]:
    """The raw.load_runs row of a run that finished: one shape for the CLI and Airflow.
    `loaded` counts notices loaded clean, `quarantined` those loaded quarantined."""
    return {
        "run_id": run_id,
        "started_at": started_at,
        "finished_at": finished_at,
        "trigger": trigger,
        "documents_fetched": documents_fetched,
        "documents_extracted": loaded + quarantined,
        "documents_failed": failed,
        "documents_quarantined": quarantined,
        "notices_loaded": loaded + quarantined,
        "task_rows_loaded": task_rows,
        **(timings or {}),
        "status": RunStatus.SUCCESS.value,
    }


RUN_COLUMNS = (
    "run_id",
    "started_at",
    "finished_at",
    "trigger",
    "documents_fetched",
    "documents_extracted",
    "documents_failed",
    "documents_quarantined",
    "notices_loaded",
    "task_rows_loaded",
    "fetch_seconds",
    "extract_seconds",
    "convert_seconds",
    "load_seconds",
    "transform_seconds",
    "publish_seconds",
    "status",
    "command",
    "pid",
    "error_kind",
    "error_message",
)

RUNNING = RunStatus.RUNNING.value
INTERRUPTED = RunStatus.INTERRUPTED.value


def record_run(con: duckdb.DuckDBPyConnection, run: dict[str, Any]) -> str:
    """Insert the run, or update only the given fields of a run already recorded.

    Returns the run_id (a new uuid when `run` has none). Unknown keys are an error, so a
    misspelt counter is never lost silently.
    """
    unknown = set(run) - set(RUN_COLUMNS)
    if unknown:
        raise ValueError(f"unknown load_runs fields: {sorted(unknown)}")
    values = dict(run)
    values.setdefault("run_id", uuid.uuid4().hex)
    columns = list(values)
    exists = con.execute(
        "select 1 from raw.load_runs where run_id = ?", [values["run_id"]]
    ).fetchone()
    if exists is None and "started_at" not in values:
        raise ValueError("a new run needs started_at")
    updates = [c for c in columns if c != "run_id"]
    conflict = (
        "do update set " + ", ".join(f"{c} = excluded.{c}" for c in updates)
        if updates
        else "do nothing"
    )
    con.execute(
        f"insert into raw.load_runs ({', '.join(columns)}) values ({', '.join('?' for _ in columns)}) "
        f"on conflict (run_id) {conflict}",
        [values[c] for c in columns],
    )
    return str(values["run_id"])


def mark_interrupted(con: duckdb.DuckDBPyConnection, by_run: str, now: Any) -> int:
    """Close every run still `running`: called by a run that holds the writer lock, so no
    such run is alive any more (it was killed, or its machine went down). Returns how many."""
    found = con.execute(
        "select count(*) from raw.load_runs where status = ?", [RUNNING]
    ).fetchone()[0]
    if found:
        con.execute(
            "update raw.load_runs set status = ?, finished_at = coalesce(finished_at, ?), "
            "error_kind = ?, error_message = ? where status = ?",
            [
                INTERRUPTED,
                now,
                INTERRUPTED,
                f"the run stopped before it finished; found still running by run {by_run}",
                RUNNING,
            ],
        )
    return int(found)
