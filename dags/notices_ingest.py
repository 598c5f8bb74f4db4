"""
### notices_ingest: sources → landing store → extracted files → DuckDB `raw`

discover → fetch (one mapped task per new document, retried with exponential backoff) →
register → extract (one mapped task per document, files only, in parallel) →
validate + load (great-expectations, then one DuckDB transaction per notice) → summary.

**Triggers**: runs on the cron in the Airflow Variable `notices_ingest_schedule`
(read from its environment form `AIRFLOW_VAR_NOTICES_INGEST_SCHEDULE` at parse time,
default `@daily`), no catchup, one active run at a time. When it loaded anything, the
load task updates the Asset `duckdb://warehouse/raw`, which triggers `warehouse_transform`
(dbt build + publish). A run with nothing new skips the load and triggers nothing.

**Single writer**: every task that writes `warehouse.duckdb` takes the one slot of the
pool `duckdb_writer`, shared with `warehouse_transform`, `notices_reprocess` and
`notices_pipeline`, so overlapping runs queue instead of colliding.

**Failures**: a document that cannot be fetched after its retries, or cannot be
extracted, is recorded (`raw.fetch_faults`, `raw.documents.status = failed`) and
listed in the summary; the other documents still load and the run succeeds.

Configuration (Airflow Variables, defaults as the CLI): `notices_home`,
`notices_sources_config`, `notices_alert_webhook` (failure alerts).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from _common import (
    DEFAULT_ARGS,
    FETCH_RETRY_ARGS,
    RAW_ASSET,
    START_DATE_ISO,
    TAGS_BASE,
    WRITER_POOL,
    ingest_schedule,
    notices_settings,
    sources_config_path,
    task_doc,
)
from airflow.sdk import dag, get_current_context, task


def _label(context_key: str, value: str) -> None:
    get_current_context()[context_key] = value  # type: ignore[literal-required]


@task(pool=WRITER_POOL)
def discover() -> list[dict[str, Any]]:
    """List what every source of sources.yml offers that is not stored yet: one candidate
    per new document (a file of a folder source, a link of an HTTP portal). Reads the
    document registry in DuckDB, hence the writer pool."""
    from pipeline import steps

    return steps.discover(notices_settings(), sources_config_path())


@task(map_index_template="{{ candidate_label }}", **FETCH_RETRY_ARGS)
def fetch_document(candidate: dict[str, Any]) -> dict[str, Any]:
    """Download (or copy) one candidate into the landing store, named by its sha256.
    Files only: the mapped instances run in parallel on any worker. A transient fault
    (portal down, timeout, 5xx) fails the try so Airflow retries it with exponential
    backoff; on the last try, or for a final fault (404, too large, ...), the fault is
    returned and recorded instead."""
    from pipeline import steps

    context = get_current_context()
    _label("candidate_label", str(candidate.get("original_name") or candidate.get("url")))
    from extract.sources.report import TRANSIENT_FAULT_KINDS

    result = steps.fetch_one(notices_settings(), candidate)
    if result.get("document_id") or result.get("error_kind") not in TRANSIENT_FAULT_KINDS:
        return result
    ti = context["ti"]
    if ti.try_number <= ti.task.retries:  # type: ignore[union-attr]
        raise RuntimeError(
            f"transient fetch fault, will retry: {result['error_kind']}: {result['error_message']}"
        )
    return result


@task(pool=WRITER_POOL, trigger_rule="all_done")
def register(candidates: list[dict[str, Any]], fetched: list[dict[str, Any] | None]) -> list[str]:
    """Record what arrived in `raw.documents` and every fault in `raw.fetch_faults`, and
    return the documents to extract: the new ones and any left unextracted by an earlier
    run (the faults go to the XCom `faults`). A fetch task that failed outright left no
    result: it is recorded as a fault too, so no candidate disappears silently."""
    from pipeline import steps

    results = [r for r in (fetched or []) if r]
    arrived = {r.get("url") for r in results}
    for candidate in candidates or []:
        if candidate.get("url") not in arrived:
            results.append(
                {
                    "source_id": candidate.get("source_id"),
                    "url": candidate.get("url"),
                    "error_kind": "source_down",
                    "error_message": "the fetch task failed after its retries (see its log)",
                    "fetched_at": datetime.now().astimezone().isoformat(timespec="seconds"),
                }
            )
    settings = notices_settings()
    registered = steps.register_fetched(settings, results)
    # Mapping needs the plain return value; the faults travel under their own key.
    get_current_context()["ti"].xcom_push(key="faults", value=registered["faults"])
    return steps.pending_documents(settings)


@task(map_index_template="{{ document_label }}")
def extract_document(document: dict[str, Any]) -> dict[str, Any]:
    """Extract one stored document with pdfplumber into `extracted/<document_id>.jsonl`
    and `.meta.json` (files only, parallel). A bad document returns its error kind
    (`empty`, `not_pdf`, `corrupt`, ...) instead of failing the task."""
    from pipeline import steps

    document_id, name = document["document_id"], document.get("original_name")
    _label("document_label", name or document_id[:12])
    return steps.extract_one(notices_settings(), document_id, name, document.get("notice_context"))


@task(pool=WRITER_POOL, trigger_rule="all_done", outlets=[RAW_ASSET])
def validate_and_load(outcomes: list[dict[str, Any] | None]) -> dict[str, Any]:
    """Validate the extracted notices with great-expectations and load each one in a
    single DuckDB transaction (rows replaced, never duplicated); failed extractions are
    marked `failed` with their reason. Updates `duckdb://warehouse/raw`, which starts
    `warehouse_transform`; skipped (no Asset event) when there is nothing to load."""
    from airflow.sdk.exceptions import AirflowSkipException

    from pipeline import steps

    present = [o for o in (outcomes or []) if o]
    if not present:
        raise AirflowSkipException("no new documents: nothing to load, raw layer unchanged")
    return steps.validate_and_load(notices_settings(), present)


@task(pool=WRITER_POOL, trigger_rule="all_done")
def summarise(
    candidates: list[dict[str, Any]] | None, loaded: dict[str, Any] | None
) -> dict[str, Any]:
    """Log one summary of the run: candidates, documents loaded, quarantined and failed,
    with the error kind of every failure; record it in `raw.load_runs` (writer pool)."""
    import logging

    from pipeline import steps

    context = get_current_context()
    faults = context["ti"].xcom_pull(task_ids="register", key="faults")

    loaded = loaded or {"loaded": 0, "quarantined": 0, "failed": 0, "task_rows": 0, "errors": []}
    summary = {
        "candidates": len(candidates or []),
        "fetch_faults": list(faults or []),
        "documents_loaded": loaded["loaded"],
        "documents_quarantined": loaded["quarantined"],
        "documents_failed": loaded["failed"],
        "task_rows_loaded": loaded["task_rows"],
        "errors": loaded["errors"],
    }
    log = logging.getLogger("notices.airflow")
    log.info(
        "ingest summary: %d candidate(s), %d loaded, %d quarantined, %d failed, %d fetch fault(s), %d task rows",
        summary["candidates"],
        summary["documents_loaded"],
        summary["documents_quarantined"],
        summary["documents_failed"],
        len(summary["fetch_faults"]),
        summary["task_rows_loaded"],
    )
    dag_run = context["dag_run"]
    steps.record_loaded_run(
        notices_settings(),
        run_id=f"airflow:{dag_run.run_id}",
        started_at=(dag_run.start_date or datetime.now().astimezone()).isoformat(),
        trigger="airflow",
        documents_fetched=summary["candidates"],
        loaded=loaded,
    )
    for problem in [*summary["fetch_faults"], *summary["errors"]]:
        log.warning(
            "failed: %s %s: %s",
            problem.get("url") or problem.get("document_id"),
            problem.get("error_kind"),
            problem.get("error_message"),
        )
    return summary


@dag(
    dag_id="notices_ingest",
    schedule=ingest_schedule(),
    start_date=datetime.fromisoformat(START_DATE_ISO),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=[*TAGS_BASE, "ingest"],
    doc_md=__doc__,
)
def notices_ingest() -> None:
    candidates = discover()
    fetched = fetch_document.override(doc_md=task_doc(fetch_document)).expand(candidate=candidates)
    registered = register(candidates, fetched)
    outcomes = extract_document.override(doc_md=task_doc(extract_document)).expand(
        document=registered
    )
    summarise(candidates, validate_and_load(outcomes))


notices_ingest()
