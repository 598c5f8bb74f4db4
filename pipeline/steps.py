"""The pipeline's steps: fetch → extract → validate + load → transform → publish.

Each step is a plain function over `Settings` that takes and returns JSON-serialisable
values, so the `notices` CLI chains them in one process and the Airflow DAGs pass their
results through XCom unchanged. Only `validate_and_load`, `register_fetched`, `transform`
and `publish` write DuckDB; `extract_one` writes files only and is safe to run in parallel.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from extract.vocabulary import ErrorKind
from pipeline.children import dies_with_this_process
from pipeline.contracts import ExtractOutcome, FetchResult, LoadResult, RunSummary
from pipeline.lock import writer_lock
from pipeline.pause import pause_point
from pipeline.settings import PARSER_VERSION, Settings

LOAD_BATCH = 100
"""Documents validated and loaded together: bounds memory, amortises checkpoint start-up."""

Progress = Callable[[str, int, int | None], None]
"""progress(stage, advance, total): the CLI draws bars from it; None means silent."""


def _noop_progress(stage: str, advance: int, total: int | None) -> None:
    return None


def _now() -> str:
    return datetime.now(UTC).isoformat()


@contextmanager
def warehouse(settings: Settings):
    """The single read-write connection to `warehouse.duckdb`, closed on exit.

    Opened only under the writer lock (pipeline/lock.py), taken here if the caller does
    not hold it already: two writers never meet at DuckDB's own file lock.
    """
    from warehouse.db import connect

    settings.ensure_dirs()
    with writer_lock(settings.home):
        con = connect(settings.warehouse_path)
        try:
            yield con
        finally:
            con.close()


# ---------------------------------------------------------------- fetch


def discover(settings: Settings, config_path: Path | str | None = None) -> list[dict]:
    """The documents each source offers that are not stored yet (one dict per candidate)."""
    from extract.sources import discover as discover_candidates
    from extract.sources import load_config
    from warehouse.registry import known_sha256

    config = load_config(Path(config_path or settings.default_config_path))
    with warehouse(settings) as con:
        known = known_sha256(con)
    return discover_candidates(config, settings.http_state_path, known_sha256=known)


def fetch_one(settings: Settings, candidate: dict) -> dict:
    """Download or copy one candidate into the landing store; files only, no DuckDB."""
    from extract.sources import fetch_candidate

    settings.ensure_dirs()
    return fetch_candidate(candidate, settings.landing_dir, settings.http_state_path)


def register_fetched(settings: Settings, results: Iterable[dict]) -> FetchResult:
    """Record fetched documents and fetch faults in `raw.documents` / `raw.fetch_faults`."""
    from warehouse.registry import record_formats, register_faults
    from warehouse.registry import register_fetched as register

    results = list(results)
    documents = [r for r in results if r.get("document_id")]
    # "unchanged" results (a 304, or bytes already registered) are neither.
    faults = [r for r in results if r.get("error_kind") and not r.get("document_id")]
    with warehouse(settings) as con:
        register(con, documents, parser_version=PARSER_VERSION)
        register_faults(con, faults)
        record_formats(con, _unsupported_formats(documents))
    return {
        "new_documents": [d["document_id"] for d in documents],
        "faults": faults,
    }


def _unsupported_formats(documents: list[dict]) -> dict[str, str]:
    """The format of each stored file no reader handles (ofd, zip, …), named from its
    bytes as extraction would, so `raw.documents.format` says what is waiting for a reader."""
    from extract.sniff import file_format

    formats: dict[str, str] = {}
    for doc in documents:
        if doc.get("error_kind") == ErrorKind.UNSUPPORTED_FORMAT and doc.get("landing_path"):
            try:
                kind = file_format(Path(doc["landing_path"]).read_bytes())
            except OSError:
                continue
            if kind:
                formats[doc["document_id"]] = kind
    return formats


def fetch(settings: Settings, config_path: Path | str | None = None) -> FetchResult:
    """Run every source of the config and register what it brought in."""
    from extract.sources import load_config, run_sources
    from warehouse.registry import known_sha256

    config = load_config(Path(config_path or settings.default_config_path))
    settings.ensure_dirs()
    with writer_lock(settings.home):  # the HTTP state and the landing store are ours too
        with warehouse(settings) as con:
            known = known_sha256(con)
        report = run_sources(config, settings.landing_dir, known, settings.http_state_path)
        results = [d.to_dict() for d in report.documents] + [f.to_dict() for f in report.faults]
        return register_fetched(settings, results)


# ---------------------------------------------------------------- extract


def landing_file(settings: Settings, document_id: str) -> Path:
    """The stored bytes of a document (named by sha256, whatever the extension)."""
    matches = sorted((settings.landing_dir / document_id[:2]).glob(f"{document_id}*"))
    if not matches:
        raise FileNotFoundError(f"no landing file for document {document_id}")
    return matches[0]


def extract_one(
    settings: Settings,
    document_id: str,
    original_name: str | None = None,
    notice_context: dict | None = None,
) -> ExtractOutcome:
    """Extract one stored document into `extracted/<document_id>.{jsonl,meta.json}`.

    `notice_context` (raw.documents.notice_context) fills the metadata the file lacks
    from the notice page it was linked from and the source's declared region.
    Never raises for a bad document: the outcome carries the error kind and message,
    so one broken file never stops the others.
    """
    from extract.api import extract_file, write_extraction
    from extract.errors import ExtractionError
    from extract.sources.notice_context import inherit

    outcome: dict[str, Any] = {
        "document_id": document_id,
        "parser_version": PARSER_VERSION,
        "status": "failed",
        "error_kind": None,
        "error_message": None,
        "rows": 0,
        "problems": [],
        "extracted_at": _now(),
    }
    try:
        pause_point("extract")
        path = landing_file(settings, document_id)
        extraction = extract_file(path, limits=settings.limits, name=original_name)
        extraction.meta, extraction.rows = inherit(
            extraction.meta, extraction.rows, notice_context, document_sha256=document_id
        )
        settings.extracted_dir.mkdir(parents=True, exist_ok=True)
        rows_path, meta_path = write_extraction(extraction, settings.extracted_dir, document_id)
    except ExtractionError as exc:
        outcome.update(error_kind=exc.kind, error_message=exc.message, format=exc.format)
        return outcome
    except FileNotFoundError as exc:
        outcome.update(error_kind=ErrorKind.MISSING_FILE.value, error_message=str(exc))
        return outcome
    except Exception as exc:  # a parser bug must not stop the run: record it, keep going
        outcome.update(
            error_kind=ErrorKind.PARSER_ERROR.value, error_message=f"{type(exc).__name__}: {exc}"
        )
        return outcome

    problems = [{"kind": p.kind, "page": p.page, "text": p.text} for p in extraction.problems]
    outcome.update(
        status="extracted",
        format=extraction.kind,
        convert_seconds=extraction.timings.get("convert_seconds", 0.0),
        rows=len(extraction.rows),
        problems=problems,
        rows_path=str(rows_path),
        meta_path=str(meta_path),
    )
    if problems:
        # the first problem names the kind (unplaced_rows, no_text_layer, ...); all of
        # them stay in the outcome for the run's report
        first = problems[0]
        kinds = sorted({p["kind"] for p in problems})
        outcome.update(
            error_kind=first["kind"],
            error_message=f"{len(problems)} problem(s) ({', '.join(kinds)}); "
            f"first on page {first['page']}: {first['text'][:120]}",
        )
    elif not extraction.meta.get("has_task_table"):
        outcome.update(error_kind="no_task_table", error_message="the notice carries no task table")
    return outcome


def _extract_in_worker(args: tuple[Settings, str, str | None, dict | None]) -> ExtractOutcome:
    return extract_one(*args)


def extract_many(
    settings: Settings,
    documents: list[dict],
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[ExtractOutcome]:
    """Extract documents (dicts with `document_id` and, when known, `original_name`) on
    every core; outcomes in the order of `documents`."""
    progress = progress or _noop_progress
    workers = workers or settings.workers or os.cpu_count() or 1
    jobs = [
        (settings, d["document_id"], d.get("original_name"), d.get("notice_context"))
        for d in documents
    ]
    if len(jobs) <= 1 or workers == 1:
        outcomes = []
        for job in jobs:
            outcomes.append(_extract_in_worker(job))
            progress("extract", 1, len(jobs))
        return outcomes
    # Workers die with this process (a SIGKILL included): an orphan would keep extracting
    # and keep the writer lock's descriptor it inherited.
    with ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)), initializer=dies_with_this_process()
    ) as pool:
        outcomes = []
        for outcome in pool.map(_extract_in_worker, jobs, chunksize=1):
            outcomes.append(outcome)
            progress("extract", 1, len(jobs))
        return outcomes


# ---------------------------------------------------------------- validate + load


def _read_extraction(outcome: dict) -> tuple[dict, list[dict]]:
    meta = json.loads(Path(outcome["meta_path"]).read_text(encoding="utf-8"))
    with open(outcome["rows_path"], encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return meta, rows


def validate_and_load(
    settings: Settings, outcomes: list[dict], progress: Progress | None = None
) -> LoadResult:
    """Validate the extracted notices with great-expectations, then load each in one
    transaction. Failed extractions are recorded as `failed`, never dropped."""
    result: dict[str, Any] = {
        "loaded": 0,
        "quarantined": 0,
        "failed": 0,
        "task_rows": 0,
        "errors": [],
        "validate_seconds": 0.0,
        "load_seconds": 0.0,
    }
    if not outcomes:  # nothing new: do not even import great-expectations (seconds)
        return result
    import duckdb

    from expectations.checkpoint import validate_many
    from warehouse.load import LoadError, load_document
    from warehouse.registry import mark_failed, record_formats

    progress = progress or _noop_progress
    with warehouse(settings) as con:
        record_formats(con, {o["document_id"]: o["format"] for o in outcomes if o.get("format")})

        def fail(outcome: dict, kind: str, message: str) -> None:
            mark_failed(
                con,
                outcome["document_id"],
                kind,
                message,
                parser_version=outcome.get("parser_version"),
            )
            result["failed"] += 1
            result["errors"].append(
                {
                    "document_id": outcome["document_id"],
                    "error_kind": kind,
                    "error_message": message,
                }
            )
            progress("load", 1, len(outcomes))

        good = []
        for outcome in outcomes:
            if outcome.get("status") == "extracted":
                good.append(outcome)
            else:
                fail(outcome, outcome["error_kind"], outcome["error_message"])
        # Batches keep memory flat however many documents a run brings, while one
        # great-expectations checkpoint per batch (not per notice) keeps validation fast.
        for first in range(0, len(good), LOAD_BATCH):
            batch = good[first : first + LOAD_BATCH]
            extractions = [_read_extraction(o) for o in batch]
            start = time.perf_counter()
            last = first + LOAD_BATCH >= len(good)
            validations = validate_many(  # Data Docs once per run, after the last batch
                extractions, data_docs_dir=settings.data_docs_dir if last else None
            )
            result["validate_seconds"] += time.perf_counter() - start
            start = time.perf_counter()
            for outcome, (meta, rows), validation in zip(
                batch, extractions, validations, strict=True
            ):
                validation = quarantine_for_problems(validation, outcome.get("problems") or [])
                try:
                    load_document(
                        con,
                        outcome["document_id"],
                        meta,
                        rows,
                        validation,
                        outcome["parser_version"],
                        note=(outcome.get("error_kind"), outcome.get("error_message")),
                    )
                except LoadError as exc:  # nothing was written for it; the others go on
                    fail(outcome, exc.kind, exc.message)
                    continue
                except duckdb.Error as exc:  # the document's transaction was rolled back
                    fail(outcome, "load_error", f"{type(exc).__name__}: {exc}")
                    continue
                result["task_rows"] += len(rows)
                if validation.notice_status == "quarantined":
                    result["quarantined"] += 1
                else:
                    result["loaded"] += 1
                progress("load", 1, len(outcomes))
                pause_point("load")
            result["load_seconds"] += time.perf_counter() - start
    return result


QUARANTINING_PROBLEMS = ("misaligned_rows",)
"""Problems that make every row of the table suspect: a table whose rows do not fit its
spans has fields shifted in rows nobody can point at with certainty."""


def quarantine_for_problems(validation, problems: list[dict]):
    """The validation with every row (and the notice) quarantined for each problem of a
    kind in QUARANTINING_PROBLEMS; unchanged without one."""
    from expectations.result import NOTICE_QUARANTINED, ROW_QUARANTINED, ValidationResult

    kinds = sorted({p["kind"] for p in problems if p.get("kind") in QUARANTINING_PROBLEMS})
    if not kinds:
        return validation
    rows = {
        row: (ROW_QUARANTINED, list(dict.fromkeys([*reasons, *kinds])))
        for row, (_, reasons) in validation.row_status.items()
    }
    return ValidationResult(
        row_status=rows,
        notice_status=NOTICE_QUARANTINED,
        notice_reasons=list(dict.fromkeys([*validation.notice_reasons, *kinds])),
        success=False,
    )


# ---------------------------------------------------------------- transform + publish


def raw_version(settings: Settings) -> str:
    """The version of `raw` (and of the dbt project) the marts would be built from now."""
    from warehouse.versions import raw_version as version_of

    with warehouse(settings) as con:
        return version_of(con, settings.dbt_project_dir)


def freshness(settings: Settings) -> dict:
    """Whether the marts and the snapshot are behind raw: what a run must redo.

    `marts_behind`: the last complete dbt build was made from another raw version (or
    was killed before it finished); `snapshot_behind`: the last publish copied marts built
    from another version (or was killed before its rename), or `reporting.duckdb` is gone.
    """
    from warehouse.versions import SNAPSHOT, built_version
    from warehouse.versions import raw_version as version_of

    with warehouse(settings) as con:
        current = version_of(con, settings.dbt_project_dir)
        built = built_version(con)
        published = built_version(con, SNAPSHOT)
    return {
        "raw_version": current,
        "marts_behind": built != current,
        "snapshot_behind": published != current or not settings.reporting_path.exists(),
    }


def mark_marts_built(settings: Settings, version: str) -> None:
    """Record that the marts now hold `version` (after a complete build)."""
    from warehouse.versions import record_built

    with warehouse(settings) as con:
        record_built(con, version)


def transform(
    settings: Settings,
    select: str | None = None,
    docs: bool = True,
    indirect_selection: str | None = None,
) -> dict:
    """`dbt build` (models, seeds, tests) and `dbt docs generate` on the warehouse.

    `select` builds one part (e.g. a layer, as the Airflow DAG does);
    `indirect_selection` is dbt's rule for which tests join such a partial build.
    A complete build records the raw version it was made from (a partial one cannot:
    the DAG calls `mark_marts_built` after its last layer).
    """
    from pipeline.transform import run_dbt

    settings.ensure_dirs()
    args = ["build"] + (["--select", select] if select else [])
    if indirect_selection:
        args += ["--indirect-selection", indirect_selection]
    with writer_lock(settings.home):  # dbt writes the warehouse: the whole build is ours
        version = raw_version(settings)
        run_dbt(settings, args)
        if docs:
            run_dbt(settings, ["docs", "generate"])
        if select is None:
            mark_marts_built(settings, version)
    return {"select": select or "all", "raw_version": version}


def transform_layer(settings: Settings, layer: str, started: dict | None = None) -> dict:
    """One layer of the dbt build (pipeline.transform.LAYERS), as the Airflow DAG runs it.

    `started` is the first layer's result: the last layer records the marts as built from
    the raw version the first layer saw, unless raw changed in between (a load between
    two layers), in which case they stay behind and the next run rebuilds them.
    """
    from pipeline.transform import LAYERS

    names = [name for name, _, _ in LAYERS]
    select = LAYERS[names.index(layer)][1]
    last = layer == names[-1]
    # "buildable": a test joins the layer that builds the last of its parents (the
    # default, eager, would run an intermediate model's relationship test with the
    # seeds, before that model exists).
    result = transform(settings, select=select, docs=last, indirect_selection="buildable")
    version = (started or result)["raw_version"]
    if last and raw_version(settings) == version:
        mark_marts_built(settings, version)
    return {"layer": layer, "raw_version": version}


STALE_EXTRACTION_TEMP_S = 3600
"""Extraction temp files are written by workers that need no lock (Airflow's mapped
tasks): only ones this old are surely a killed writer's."""


def clean_stale_temp_files(settings: Settings) -> list[str]:
    """Remove what a killed run left: snapshot copies and half-written extraction files.

    Only under the writer lock, so no living publisher owns a snapshot copy. Returns the
    names removed.
    """
    removed: list[str] = []
    with writer_lock(settings.home):
        snapshots = settings.home.glob(f".{settings.reporting_path.name}.*.tmp*")
        extractions = (
            settings.extracted_dir.glob(".*.tmp") if settings.extracted_dir.is_dir() else []
        )
        cutoff = time.time() - STALE_EXTRACTION_TEMP_S
        for path in [*snapshots, *(p for p in extractions if _mtime(p) < cutoff)]:
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            removed.append(path.name)
    return removed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return time.time()


def publish(settings: Settings) -> str:
    """Atomically replace `reporting.duckdb` with a snapshot of the warehouse's marts, and
    the deadline calendars (`calendar/`) with the ones of the same data, right after it."""
    from warehouse.calendar import calendar_dir, stage
    from warehouse.publish import publish as publish_snapshot
    from warehouse.versions import SNAPSHOT, built_version, record_built

    with writer_lock(settings.home):
        clean_stale_temp_files(settings)
        with warehouse(settings) as con:
            marts = built_version(con)  # what the copy will hold (None: never fully built)
        with stage(settings.warehouse_path, calendar_dir(settings.home)) as swap_calendars:
            publish_snapshot(
                settings.warehouse_path,
                settings.reporting_path,
                method="analysts",
                before_rename=lambda: pause_point("publish"),
            )
            swap_calendars()
        # After the rename: a kill in between only costs the next run a second publish.
        with warehouse(settings) as con:
            record_built(con, marts or "none", SNAPSHOT)
    return str(settings.reporting_path)


def status(settings: Settings) -> dict:
    """What is in the warehouse (falls back to the published snapshot while a load runs)."""
    import duckdb

    from warehouse.status import summary

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


# ---------------------------------------------------------------- whole runs


def pending_documents(settings: Settings) -> list[dict]:
    """Registered documents not extracted yet by the current parser."""
    from warehouse.registry import documents_to_extract

    with warehouse(settings) as con:
        return _refs(documents_to_extract(con, PARSER_VERSION))


def _refs(documents: Iterable) -> list[dict]:
    """Registry rows as the plain dicts the extract step takes."""
    return [
        {
            "document_id": d["document_id"],
            "original_name": d["original_name"],
            "notice_context": d["notice_context"],
        }
        for d in documents
    ]


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
            con, [o["document_id"] for o in outcomes if o.get("status") == "extracted"]
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
        progress("transform", 0, 1)
        start = time.perf_counter()
        transform(settings)
        timings["transform_seconds"] = time.perf_counter() - start
        progress("transform", 1, 1)
    published = transformed or behind["snapshot_behind"]
    if published:
        progress("publish", 0, 1)
        start = time.perf_counter()
        publish(settings)
        timings["publish_seconds"] = time.perf_counter() - start
        progress("publish", 1, 1)
    return {
        "outcomes": outcomes,
        "loaded": loaded,
        "transformed": transformed,
        "published": published,
    }


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
        return "locked"
    if isinstance(exc, TransformError):
        return "dbt_failed"
    if isinstance(exc, FileNotFoundError):
        return "missing_file"
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    if type(exc).__name__ == "ConfigError":
        return "config"
    if type(exc).__name__ == "IOException" and "lock" in str(exc).lower():
        return "warehouse_busy"  # a process outside the pipeline holds warehouse.duckdb
    if type(exc).__name__ == "PublishError":
        return "publish_failed"
    return "error"


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


def _failure_record(
    run_id: str, started: str, trigger: str, command: str, exc: BaseException
) -> dict:
    return {
        "run_id": run_id,
        "started_at": started,
        "finished_at": _now(),
        "trigger": trigger,
        "command": command,
        "pid": os.getpid(),
        "status": "failed",
        "error_kind": error_kind(exc),
        "error_message": one_line(exc)[:500],
    }


@contextmanager
def writing_command(settings: Settings, command: str, trigger: str = "cli"):
    """Hold the writer lock for a whole command; a failure (a lock timeout included) is
    recorded in raw.load_runs before it goes up to the caller."""
    run_id, started = uuid.uuid4().hex, _now()
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
                record_failure(settings, _failure_record(run_id, started, trigger, command, exc))
                raise
    except Exception as exc:
        if not recorded:  # the lock itself could not be had
            record_failure(settings, _failure_record(run_id, started, trigger, command, exc))
        raise


def _start_run(settings: Settings, run_id: str, started: str, trigger: str, command: str) -> None:
    """Under the writer lock: clean what a killed run left, close its record as
    `interrupted`, and record this run as `running` (closed when it ends)."""
    from warehouse.runs import mark_interrupted

    clean_stale_temp_files(settings)
    with warehouse(settings) as con:
        mark_interrupted(con, run_id, _now())
    record_run(
        settings,
        {
            "run_id": run_id,
            "started_at": started,
            "trigger": trigger,
            "command": command,
            "pid": os.getpid(),
            "status": "running",
        },
    )


@contextmanager
def _whole_run(settings: Settings, run_id: str, trigger: str, command: str, timings: dict):
    """Hold the warehouse for a whole run, record it as running, and as failed (with its
    error kind) if a step fails, before the error goes up to the caller. Yields the
    start time: when the run got the warehouse, so runs never overlap in raw.load_runs."""
    started = _now()
    try:
        with writer_lock(settings.home, command):
            started = _now()
            _start_run(settings, run_id, started, trigger, command)
            try:
                yield started
            except Exception as exc:
                record = _failure_record(run_id, started, trigger, command, exc)
                record_failure(settings, {**record, **timings})
                raise StepFailed(record["error_kind"], one_line(exc)) from exc
    except StepFailed:
        raise
    except Exception as exc:  # the lock (or the warehouse) could not be had: nothing ran
        record_failure(settings, _failure_record(run_id, started, trigger, command, exc))
        raise StepFailed(error_kind(exc), one_line(exc)) from exc


def record_loaded_run(
    settings: Settings,
    *,
    run_id: str,
    started_at: str,
    trigger: str,
    documents_fetched: int,
    loaded: dict,
    timings: dict[str, float] | None = None,
) -> dict:
    """Record a successful run in raw.load_runs from what `validate_and_load` returned
    (the CLI runs, reprocess and the Airflow ingest summary all record through here)."""
    from warehouse.runs import success_record

    record = success_record(
        run_id=run_id,
        started_at=started_at,
        finished_at=_now(),
        trigger=trigger,
        documents_fetched=documents_fetched,
        loaded=loaded["loaded"],
        quarantined=loaded["quarantined"],
        failed=loaded["failed"],
        task_rows=loaded["task_rows"],
        timings=timings,
    )
    record_run(settings, record)
    return record


def _finish(
    settings: Settings,
    run_id: str,
    started: str,
    trigger: str,
    documents_fetched: int,
    processed: dict,
    timings: dict[str, float],
) -> dict:
    """Record a successful run; returns its summary."""
    loaded = processed["loaded"]
    summary = record_loaded_run(
        settings,
        run_id=run_id,
        started_at=started,
        trigger=trigger,
        documents_fetched=documents_fetched,
        loaded=loaded,
        timings=timings,
    )
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
    progress = progress or _noop_progress
    run_id, timings = uuid.uuid4().hex, {}
    with _whole_run(settings, run_id, trigger, "notices run", timings) as started:
        start = time.perf_counter()
        fetched = fetch(settings, config_path)
        timings["fetch_seconds"] = time.perf_counter() - start
        progress("fetch", 1, 1)
        processed = _process(settings, pending_documents(settings), timings, progress)
        summary = _finish(
            settings, run_id, started, trigger, len(fetched["new_documents"]), processed, timings
        )
    return {**summary, "fetch_faults": fetched["faults"]}


def documents_to_reprocess(
    settings: Settings,
    *,
    source_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[dict]:
    """Every stored document (of one source, fetched in [since, until)) as extract input."""
    from warehouse.registry import documents_to_extract

    with warehouse(settings) as con:
        return _refs(
            documents_to_extract(
                con, PARSER_VERSION, source_id=source_id, since=since, until=until, all=True
            )
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
    progress = progress or _noop_progress
    run_id, timings = uuid.uuid4().hex, {}
    with _whole_run(settings, run_id, trigger, "notices reprocess", timings) as started:
        documents = documents_to_reprocess(settings, source_id=source_id, since=since, until=until)
        processed = _process(settings, documents, timings, progress, force_transform=True)
        return _finish(settings, run_id, started, trigger, 0, processed, timings)
