"""`raw.load_runs`: how every run and every failed command is recorded, and error kinds.

A command that could not open the warehouse (the writer lock timed out) records its
failure in a side file that the next writer folds into `raw.load_runs`.
"""

from __future__ import annotations

import json
import os
import uuid
from contextlib import contextmanager
from pathlib import Path

from extract.vocabulary import RunErrorKind, RunStatus
from pipeline.common import now, warehouse
from pipeline.lock import writer_lock
from pipeline.settings import Settings


def record_run(settings: Settings, run: dict) -> None:
    """Insert or update a run in `raw.load_runs` (the CLI, the DAGs and reprocess use it);
    failures of commands that could not open the warehouse are folded in first."""
    from warehouse.runs import record_run as insert_run

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
    from pipeline.transform import TransformError

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


def record_failure(settings: Settings, record: dict) -> None:
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
    line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
    with open(_pending_path(settings), "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write(line)


def ingest_pending_failures(settings: Settings, con) -> int:
    """Move the failures recorded aside into raw.load_runs (under the writer lock)."""
    import fcntl

    from warehouse.runs import record_run as insert_run

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
            insert_run(con, record)
        handle.seek(0)
        handle.truncate()
    return len(records)


def failure_record(
    run_id: str, started: str, trigger: str, command: str, exc: BaseException
) -> dict:
    return {
        "run_id": run_id,
        "started_at": started,
        "finished_at": now(),
        "trigger": trigger,
        "command": command,
        "pid": os.getpid(),
        "status": RunStatus.FAILED.value,
        "error_kind": error_kind(exc),
        "error_message": one_line(exc)[:500],
    }


@contextmanager
def writing_command(settings: Settings, command: str, trigger: str = "cli"):
    """Hold the writer lock for a whole command; a failure (a lock timeout included) is
    recorded in raw.load_runs before it goes up to the caller."""
    run_id, started = uuid.uuid4().hex, now()
    recorded = False
    try:
        with writer_lock(settings.home, command):
            try:
                if _pending_path(settings).exists() and settings.warehouse_path.exists():
                    with warehouse(settings) as con:
                        ingest_pending_failures(settings, con)
                yield
            except Exception as exc:  # recorded while the warehouse is still ours
                recorded = True
                record_failure(settings, failure_record(run_id, started, trigger, command, exc))
                raise
    except Exception as exc:
        if not recorded:  # the lock itself could not be had
            record_failure(settings, failure_record(run_id, started, trigger, command, exc))
        raise


def loaded_run_record(
    *,
    run_id: str,
    started_at: str,
    trigger: str,
    documents_fetched: int,
    loaded: dict,
    timings: dict[str, float] | None = None,
) -> dict:
    """The raw.load_runs row of a run that finished now, from its load counts (`loaded`,
    `quarantined`, `failed`, `task_rows`): the CLI, reprocess and the Airflow ingest
    summary all record through here."""
    from warehouse.runs import success_record

    return success_record(
        run_id=run_id,
        started_at=started_at,
        finished_at=now(),
        trigger=trigger,
        documents_fetched=documents_fetched,
        loaded=loaded["loaded"],
        quarantined=loaded["quarantined"],
        failed=loaded["failed"],
        task_rows=loaded["task_rows"],
        timings=timings,
    )
