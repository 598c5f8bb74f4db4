"""The one orchestrator: whole runs composed of the stage functions, for the CLI
(`notices run`, `notices reprocess`) and for every DAG (whose tasks call the same
stages batch by batch, then `load_and_summarise` and `record_summary` in their load
task: pipeline/ingest.py), recorded in `raw.load_runs` through one run context
(pipeline/run_records.py) and summarised in one `RunSummary`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from extract.vocabulary import FailureStage
from pipeline.building import freshness, transform
from pipeline.common import Progress, now, silent_progress, warehouse
from pipeline.contracts import DocumentFailure, ExtractJob, ExtractOutcome, RunSummary
from pipeline.extracting import documents_to_reprocess, extract_many, pending_documents
from pipeline.fetching import fetch
from pipeline.loading import validate_and_load
from pipeline.lock import writer_lock
from pipeline.run_records import RunContext, record_run, run_context
from pipeline.run_summary import raw_counts
from pipeline.settings import Settings
from warehouse.load_runs import success_record


def load_and_summarise(
    settings: Settings,
    outcomes: Sequence[ExtractOutcome],
    *,
    run_id: str,
    started_at: str,
    trigger: str,
    candidates: int = 0,
    new_documents: int = 0,
    earlier_failures: Sequence[DocumentFailure] = (),
    progress: Progress | None = None,
) -> RunSummary:
    """Validate and load the outcomes, then count what `raw` now holds for them: a
    document superseded by a later one of its notice counts as superseded, not loaded.
    `earlier_failures`: what failed before the load (fetch faults, extract tasks that left
    no outcome). Every run, CLI or Airflow, is summarised here."""
    start = time.perf_counter()
    loaded = validate_and_load(settings, outcomes, progress=progress)
    with warehouse(settings) as con:
        counts = raw_counts(con, [o.document_id for o in outcomes if o.extracted])
    lost = [f for f in earlier_failures if f.stage == FailureStage.EXTRACT]
    # documents the fetch registered `failed` are failed documents, not fetch faults
    lost += [f for f in earlier_failures if f.stage == FailureStage.FETCH and f.document_id]
    return RunSummary(
        run_id=run_id,
        started_at=started_at,
        trigger=trigger,
        candidates=candidates,
        new_documents=new_documents,
        counts=counts,
        documents_failed=loaded.failed + len(lost),
        failures=(*earlier_failures, *loaded.errors),
        timings={"load_seconds": time.perf_counter() - start},
    )


def record_summary(settings: Settings, summary: RunSummary) -> None:
    """The raw.load_runs record of a run that finished, from its summary: every run, CLI
    or Airflow, is recorded through here."""
    record_run(
        settings,
        success_record(
            run_id=summary.run_id,
            started_at=summary.started_at,
            finished_at=now(),
            trigger=summary.trigger,
            documents_fetched=summary.new_documents,
            loaded=summary.counts.documents_loaded,
            quarantined=summary.counts.documents_quarantined,
            failed=summary.documents_failed,
            task_rows=summary.counts.task_rows,
            timings=summary.timings,
        ),
    )


def _timed(context: RunContext, stage: str, progress: Progress, step: Callable[[], object]) -> None:
    """A whole-warehouse stage: its bar, and its seconds in the run's timings."""
    progress(stage, 0, 1)
    start = time.perf_counter()
    step()
    context.timings[f"{stage}_seconds"] = time.perf_counter() - start
    progress(stage, 1, 1)


def _process(
    settings: Settings,
    context: RunContext,
    jobs: Sequence[ExtractJob],
    progress: Progress,
    *,
    new_documents: int = 0,
    earlier_failures: Sequence[DocumentFailure] = (),
    force_transform: bool = False,
) -> RunSummary:
    """extract → validate + load → count, then dbt build and publish when the marts or
    the snapshot are behind raw (whatever this run loaded: a kill during an earlier
    build or publish, a load by another command); the run recorded as finished."""
    start = time.perf_counter()
    outcomes = extract_many(settings, jobs, progress=progress)
    context.timings["extract_seconds"] = time.perf_counter() - start
    context.timings["convert_seconds"] = sum(o.convert_seconds for o in outcomes)
    summary = load_and_summarise(
        settings,
        outcomes,
        run_id=context.run_id,
        started_at=context.started_at,
        trigger=context.trigger,
        candidates=len(jobs),
        new_documents=new_documents,
        earlier_failures=earlier_failures,
        progress=progress,
    )
    context.timings.update(summary.timings)
    # One hold from the freshness check to the run's record (transform and publish take it
    # again, re-entrantly): between the load's hold and the build's, another command that
    # was waiting for the warehouse got it while this run's freshness read had the DuckDB
    # file open, and failed as warehouse_busy.
    with writer_lock(settings.home):
        behind = freshness(settings)
        transformed = force_transform or behind.marts_behind
        if transformed:
            _timed(context, "transform", progress, lambda: transform(settings))
        published = transformed or behind.snapshot_behind
        if published:
            from pipeline.publishing import publish

            _timed(context, "publish", progress, lambda: publish(settings))
        summary = replace(
            summary, transformed=transformed, published=published, timings=dict(context.timings)
        )
        record_summary(settings, summary)
    return summary


def run(
    settings: Settings,
    config_path: Path | str | None = None,
    progress: Progress | None = None,
    trigger: str = "cli",
) -> RunSummary:
    """fetch → extract → validate → load → dbt build → publish; returns the run summary."""
    progress = progress or silent_progress
    with run_context(settings, "notices run", trigger, record_running=True) as context:
        start = time.perf_counter()
        fetched = fetch(settings, config_path)
        context.timings["fetch_seconds"] = time.perf_counter() - start
        progress("fetch", 1, 1)
        return _process(
            settings,
            context,
            pending_documents(settings),
            progress,
            new_documents=len(fetched.new_documents),
            earlier_failures=[
                *(DocumentFailure.of_fault(f) for f in fetched.faults),
                *fetched.failed_documents,  # no reader for their format: failed at fetch
            ],
        )


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
    with run_context(settings, "notices reprocess", trigger, record_running=True) as context:
        jobs = documents_to_reprocess(settings, source_id=source_id, since=since, until=until)
        return _process(settings, context, jobs, progress, force_transform=True)


def selection_from_params(params: Mapping[str, Any]) -> dict[str, str | None]:
    """The documents `reprocess` takes from a form (Airflow params): `source_id`, `since`
    and `until`, a blank value meaning no bound."""

    def value(name: str) -> str | None:
        raw = params.get(name)
        text = "" if raw is None else str(raw).strip()
        return text or None

    return {name: value(name) for name in ("source_id", "since", "until")}
