"""Whole runs: fetch → extract → validate + load → dbt build → publish, as `notices run`
and `notices reprocess` (CLI and Airflow) do them, recorded in `raw.load_runs`."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from extract.vocabulary import DocumentStatus, RunStatus
from pipeline.building import freshness, transform
from pipeline.common import Progress, now, silent_progress, warehouse
from pipeline.contracts import RunSummary
from pipeline.extracting import documents_to_reprocess, extract_many, pending_documents
from pipeline.fetching import fetch
from pipeline.loading import validate_and_load
from pipeline.lock import writer_lock
from pipeline.publishing import clean_stale_temp_files, publish
from pipeline.run_records import (
    StepFailed,
    error_kind,
    failure_record,
    loaded_run_record,
    one_line,
    record_failure,
    record_run,
)
from pipeline.settings import Settings


def _process(
    settings: Settings,
    documents: list[dict],
    timings: dict[str, float],
    progress: Progress,
    force_transform: bool = False,
) -> dict:
    start = time.perf_counter()
    outcomes = extract_many(settings, documents, progress=progress)
    timings["extract_seconds"] = time.perf_counter() - start
    timings["convert_seconds"] = sum(o.get("convert_seconds", 0.0) for o in outcomes)

    start = time.perf_counter()
    loaded = validate_and_load(settings, outcomes, progress=progress)
    timings["load_seconds"] = time.perf_counter() - start
    # What the summary says is what `raw` now holds for this run's documents: a document
    # superseded by a later one of the same notice is counted as such, not as loaded.
    from pipeline.run_summary import raw_counts

    with warehouse(settings) as con:
        counts = raw_counts(
            con, [o["document_id"] for o in outcomes if o.get("status") == DocumentStatus.EXTRACTED]
        )
    loaded = {
        **loaded,
        "loaded": counts["documents_loaded"],
        "quarantined": counts["documents_quarantined"],
        "superseded": counts["documents_superseded"],
        "task_rows": counts["task_rows"],
    }

    # Whatever this run loaded, marts or a snapshot behind raw (a kill during an earlier
    # dbt build or publish, a load by another command) are rebuilt and republished.
    behind = freshness(settings)
    transformed = force_transform or behind["marts_behind"]
    if transformed:
        _timed_stage("transform", transform, settings, timings, progress)
    published = transformed or behind["snapshot_behind"]
    if published:
        _timed_stage("publish", publish, settings, timings, progress)
    return {
        "outcomes": outcomes,
        "loaded": loaded,
        "transformed": transformed,
        "published": published,
    }


def _timed_stage(
    stage: str,
    step: Callable[[Settings], object],
    settings: Settings,
    timings: dict[str, float],
    progress: Progress,
) -> None:
    """A whole-warehouse stage (transform, publish): its bar, and its seconds in `timings`."""
    progress(stage, 0, 1)
    start = time.perf_counter()
    step(settings)
    timings[f"{stage}_seconds"] = time.perf_counter() - start
    progress(stage, 1, 1)


def _start_run(settings: Settings, run_id: str, started: str, trigger: str, command: str) -> None:
    """Under the writer lock: clean what a killed run left, close its record as
    `interrupted`, and record this run as `running` (closed when it ends)."""
    from warehouse.runs import mark_interrupted

    clean_stale_temp_files(settings)
    with warehouse(settings) as con:
        mark_interrupted(con, run_id, now())
    record_run(
        settings,
        {
            "run_id": run_id,
            "started_at": started,
            "trigger": trigger,
            "command": command,
            "pid": os.getpid(),
            "status": RunStatus.RUNNING.value,
        },
    )


@contextmanager
def _whole_run(settings: Settings, trigger: str, command: str):
    """Hold the warehouse for a whole run, record it as running, and as failed (with its
    error kind and the timings so far) if a step fails, before the error goes up to the
    caller. Yields the run's id, its start (when the run got the warehouse, so runs never
    overlap in raw.load_runs) and the timings its steps fill in."""
    run_id, timings = uuid.uuid4().hex, {}
    started = now()
    try:
        with writer_lock(settings.home, command):
            started = now()
            _start_run(settings, run_id, started, trigger, command)
            try:
                yield run_id, started, timings
            except Exception as exc:
                record = failure_record(run_id, started, trigger, command, exc)
                record_failure(settings, {**record, **timings})
                raise StepFailed(record["error_kind"], one_line(exc)) from exc
    except StepFailed:
        raise
    except Exception as exc:  # the lock (or the warehouse) could not be had: nothing ran
        record_failure(settings, failure_record(run_id, started, trigger, command, exc))
        raise StepFailed(error_kind(exc), one_line(exc)) from exc


def _finish(
    settings: Settings,
    run_id: str,
    started: str,
    trigger: str,
    documents_fetched: int,
    processed: dict,
    timings: dict[str, float],
) -> dict:
    """Record a successful run in raw.load_runs; returns its summary."""
    loaded = processed["loaded"]
    summary = loaded_run_record(
        run_id=run_id,
        started_at=started,
        trigger=trigger,
        documents_fetched=documents_fetched,
        loaded=loaded,
        timings=timings,
    )
    record_run(settings, summary)
    return {
        **summary,
        "documents_superseded": loaded.get("superseded", 0),
        "errors": loaded["errors"],
        "transformed": processed["transformed"],
        "published": processed["published"],
    }


def run(
    settings: Settings,
    config_path: Path | str | None = None,
    progress: Progress | None = None,
    trigger: str = "cli",
) -> RunSummary:
    """fetch → extract → validate → load → dbt build → publish; returns the run summary."""
    progress = progress or silent_progress
    with _whole_run(settings, trigger, "notices run") as (run_id, started, timings):
        start = time.perf_counter()
        fetched = fetch(settings, config_path)
        timings["fetch_seconds"] = time.perf_counter() - start
        progress("fetch", 1, 1)
        processed = _process(settings, pending_documents(settings), timings, progress)
        summary = _finish(
            settings, run_id, started, trigger, len(fetched["new_documents"]), processed, timings
        )
    return {
        **summary,
        "fetch_faults": fetched["faults"],
        "fetch_failed": fetched["failed_documents"],
    }


def reprocess(
    settings: Settings,
    *,
    source_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
    progress: Progress | None = None,
    trigger: str = "reprocess",
) -> RunSummary:
    """Re-extract stored documents with the current parser, reload, rebuild, publish."""
    progress = progress or silent_progress
    with _whole_run(settings, trigger, "notices reprocess") as (run_id, started, timings):
        documents = documents_to_reprocess(settings, source_id=source_id, since=since, until=until)
        processed = _process(settings, documents, timings, progress, force_transform=True)
        return _finish(settings, run_id, started, trigger, 0, processed, timings)


def selection_from_params(params: Mapping[str, Any]) -> dict[str, str | None]:
    """The documents `reprocess` takes from a form (Airflow params): `source_id`, `since`
    and `until`, a blank value meaning no bound."""

    def value(name: str) -> str | None:
        raw = params.get(name)
        text = "" if raw is None else str(raw).strip()
        return text or None

    return {name: value(name) for name in ("source_id", "since", "until")}
