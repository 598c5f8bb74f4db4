"""raw.load_runs: one line per pipeline run, written when it starts and again when it ends."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

import duckdb

from extract.vocabulary import RunStatus
from warehouse.db import one_row


@dataclass(frozen=True)
class LoadRun:
    """A row of raw.load_runs, or the part of it a step knows: `record_run` writes the
    fields that are set (not None) and leaves the others as they are."""

    run_id: str | None = None  # a new uuid when None
    started_at: str | dt.datetime | None = None
    finished_at: str | dt.datetime | None = None
    trigger: str | None = None
    documents_fetched: int | None = None
    documents_extracted: int | None = None
    documents_failed: int | None = None
    documents_quarantined: int | None = None
    notices_loaded: int | None = None
    task_rows_loaded: int | None = None
    fetch_seconds: float | None = None
    extract_seconds: float | None = None
    convert_seconds: float | None = None
    load_seconds: float | None = None
    transform_seconds: float | None = None
    publish_seconds: float | None = None
    status: str | None = None  # RunStatus
    command: str | None = None
    pid: int | None = None
    error_kind: str | None = None  # RunErrorKind
    error_message: str | None = None

    def with_timings(self, timings: Mapping[str, float]) -> LoadRun:
        """The record with the stage timings (`<stage>_seconds`) given; others ignored."""
        seconds = {k: float(v) for k, v in timings.items() if k in TIMING_FIELDS}

        def pick(name: str, current: float | None) -> float | None:
            return seconds.get(name, current)

        return replace(
            self,
            fetch_seconds=pick("fetch_seconds", self.fetch_seconds),
            extract_seconds=pick("extract_seconds", self.extract_seconds),
            convert_seconds=pick("convert_seconds", self.convert_seconds),
            load_seconds=pick("load_seconds", self.load_seconds),
            transform_seconds=pick("transform_seconds", self.transform_seconds),
            publish_seconds=pick("publish_seconds", self.publish_seconds),
        )

    def set_fields(self) -> dict[str, object]:
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }

    def to_json(self) -> dict[str, object]:
        return {
            k: (v.isoformat() if isinstance(v, dt.datetime) else v)
            for k, v in self.set_fields().items()
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> LoadRun:
        """A record read back from JSON (the pending-failures side file); unknown keys are
        an error, so a misspelt counter is never lost silently."""
        unknown = set(data) - set(RUN_COLUMNS)
        if unknown:
            raise ValueError(f"unknown load_runs fields: {sorted(unknown)}")
        return cls(**data)  # type: ignore[arg-type]


RUN_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(LoadRun))

TIMING_FIELDS = (
    "fetch_seconds",
    "extract_seconds",
    "convert_seconds",
    "load_seconds",
    "transform_seconds",
    "publish_seconds",
)


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
    timings: Mapping[str, float] | None = None,
) -> LoadRun:
    """The raw.load_runs row of a run that finished: one shape for the CLI and Airflow.
    `loaded` counts notices loaded clean, `quarantined` those loaded quarantined."""
    return LoadRun(
        run_id=run_id,
        started_at=started_at,
        finished_at=finished_at,
        trigger=trigger,
        documents_fetched=documents_fetched,
        documents_extracted=loaded + quarantined,
        documents_failed=failed,
        documents_quarantined=quarantined,
        notices_loaded=loaded + quarantined,
        task_rows_loaded=task_rows,
        status=RunStatus.SUCCESS.value,
    ).with_timings(timings or {})


RUNNING = RunStatus.RUNNING.value
INTERRUPTED = RunStatus.INTERRUPTED.value


def record_run(con: duckdb.DuckDBPyConnection, run: LoadRun) -> str:
    """Insert the run, or update only the set fields of a run already recorded.

    Returns the run_id (a new uuid when `run` has none).
    """
    values = run.set_fields()
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
    (found,) = one_row(con, "select count(*) from raw.load_runs where status = ?", [RUNNING])
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
