"""`raw.load_runs`: how every run and every failed command is recorded, and error kinds.

A command that could not open the warehouse (the writer lock timed out) records its
failure in a side file that the next writer folds into `raw.load_runs`.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from extract.vocabulary import RunErrorKind, RunStatus
from pipeline.common import now, warehouse
from pipeline.lock import acquire, release
from pipeline.settings import Settings
from warehouse.load_runs import LoadRun


def record_run(settings: Settings, run: LoadRun) -> None:
    """Insert or update a run in `raw.load_runs` (the CLI, the DAGs and reprocess use it);
    failures of commands that could not open the warehouse are folded in first."""
    from warehouse.load_runs import record_run as insert_run

    with warehouse(settings) as con:
        ingest_pending_failures(settings, con)
        insert_run(con, run)


class StepFailed(RuntimeError):
    """A step of a whole run failed; the run is recorded as failed in raw.load_runs."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def error_kind(exc: BaseException) -> str:
    """A short, stable name for what went wrong (recorded and printed)."""
    from pipeline.lock import LockTimeout
    from pipeline.run_dbt import TransformError

    if isinstance(exc, StepFailed):
        return exc.kind
    if isinstance(exc, LockTimeout):
        return RunErrorKind.LOCKED
    if isinstance(exc, TransformError):
        return RunErrorKind.DBT_FAILED
    if isinstance(exc, FileNotFoundError):
        return RunErrorKind.MISSING_FILE
    if isinstance(exc, KeyboardInterrupt):
        return RunErrorKind.INTERRUPTED
    if type(exc).__name__ == "ConfigError":
        return RunErrorKind.CONFIG
    if type(exc).__name__ == "IOException" and "lock" in str(exc).lower():
        return RunErrorKind.WAREHOUSE_BUSY  # a process outside the pipeline holds the file
    if type(exc).__name__ == "PublishError":
        return RunErrorKind.PUBLISH_FAILED
    return RunErrorKind.ERROR


def one_line(exc: BaseException) -> str:
    """The message of an error on one line (dbt's output tail goes to its own log)."""
    message = exc.message if isinstance(exc, StepFailed) else str(exc)
    first = next((line.strip() for line in message.splitlines() if line.strip()), "")
    return first or type(exc).__name__


def _pending_path(settings: Settings) -> Path:
    return settings.home / "load_runs.pending.jsonl"


def record_failure(settings: Settings, record: LoadRun) -> None:
    """Record a failed command: in raw.load_runs when this process holds the warehouse,
    else in a side file the next writer folds into raw.load_runs (a command that timed out
    on the lock must not open the file its holder writes)."""
    import fcntl

    from pipeline.lock import holds

    if holds(settings.home):
        try:
            record_run(settings, record)
            return
        except Exception:  # the warehouse itself is the problem: keep the record aside
            pass
    settings.home.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record.to_json(), ensure_ascii=False, default=str) + "\n"
    with open(_pending_path(settings), "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write(line)


def ingest_pending_failures(settings: Settings, con: duckdb.DuckDBPyConnection) -> int:
    """Move the failures recorded aside into raw.load_runs (under the writer lock)."""
    import fcntl

    from warehouse.load_runs import record_run as insert_run

    path = _pending_path(settings)
    if not path.exists():
        return 0
    with open(path, "r+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        records = []
        for line in handle:
            try:
                records.append(json.loads(line))
            except ValueError:
                continue  # a line cut by a kill mid-write: nothing to recover from it
        for record in records:
            insert_run(con, LoadRun.from_json(record))
        handle.seek(0)
        handle.truncate()
    return len(records)


def failure_record(
    run_id: str, started: str, trigger: str, command: str, exc: BaseException
) -> LoadRun:
    return LoadRun(
        run_id=run_id,
        started_at=started,
        finished_at=now(),
        trigger=trigger,
        command=command,
        pid=os.getpid(),
        status=RunStatus.FAILED.value,
        error_kind=error_kind(exc),
        error_message=one_line(exc)[:500],
    )


@dataclass
class RunContext:
    """A command holding the warehouse: its id in raw.load_runs, when it got the
    warehouse, and the seconds its stages took (filled in as they run)."""

    run_id: str
    started_at: str
    trigger: str
    command: str
    timings: dict[str, float]


@contextmanager
def run_context(
    settings: Settings, command: str, trigger: str = "cli", *, record_running: bool = False
) -> Iterator[RunContext]:
    """The one way a writing command holds the warehouse (the CLI's steps, `notices run`,
    `notices reprocess`): the writer lock; with `record_running`, a raw.load_runs record
    `running` (a killed run's record closed as `interrupted`, its temp files swept); a
    failure (a lock timeout included) recorded as `failed` with its error kind and the
    timings so far, then raised as StepFailed."""
    from pipeline.publishing import clean_stale_temp_files
    from warehouse.load_runs import mark_interrupted

    context = RunContext(uuid.uuid4().hex, now(), trigger, command, {})

    def failed(exc: BaseException) -> StepFailed:
        """Record the failure (with the timings so far) and name it."""
        record = failure_record(context.run_id, context.started_at, trigger, command, exc)
        record_failure(settings, record.with_timings(context.timings))
        return exc if isinstance(exc, StepFailed) else StepFailed(error_kind(exc), one_line(exc))

    try:
        acquire(settings.home, command)
    except Exception as exc:  # the lock (or the warehouse) could not be had: nothing ran
        raise failed(exc) from exc
    try:
        context.started_at = now()  # when it got the warehouse: runs never overlap
        if record_running:
            clean_stale_temp_files(settings)
            with warehouse(settings) as con:
                ingest_pending_failures(settings, con)
                mark_interrupted(con, context.run_id, now())
            record_run(
                settings,
                LoadRun(
                    run_id=context.run_id,
                    started_at=context.started_at,
                    trigger=trigger,
                    command=command,
                    pid=os.getpid(),
                    status=RunStatus.RUNNING.value,
                ),
            )
        elif _pending_path(settings).exists() and settings.warehouse_path.exists():
            with warehouse(settings) as con:
                ingest_pending_failures(settings, con)
        yield context
    except Exception as exc:  # recorded while the warehouse is still ours
        error = failed(exc)
        if error is exc:
            raise
        raise error from exc
    finally:
        release(settings.home)
