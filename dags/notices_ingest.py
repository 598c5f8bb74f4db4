"""
### notices_ingest: sources → landing store → extracted files → DuckDB `raw`

discover → fetch (mapped over batches of candidates) → register → extract (mapped over
batches of documents, files only, in parallel) → validate + load (great-expectations, one
DuckDB transaction per notice, the run recorded in `raw.load_runs`) → one skipped
`failed_document` instance per document that failed, named after its file → announce the
raw change → summary. Every task hands the next its return value (pipeline.contracts
records as JSON); `documents_to_extract` and `failures_to_show` exist because Airflow maps
a task over another task's whole return value only.

**Triggers**: runs on the cron in the Airflow Variable `notices_ingest_schedule`
(read from its environment form `AIRFLOW_VAR_NOTICES_INGEST_SCHEDULE` at parse time,
default `@daily`), no catchup, one active run at a time. Unpausing it starts a run at
once (the latest interval is due). When the run loaded at least one document,
`announce_raw_change` updates the Asset `duckdb://warehouse/raw`, which triggers
`warehouse_transform` (dbt build + publish); a run that loaded nothing (nothing new, or
only failures) triggers nothing.

**Run state**: the run fails (red, alert sent) when discovery (e.g. a broken sources
file), registration or the load fails. A document that cannot be fetched or extracted
does not fail the run: it is recorded (`raw.fetch_faults`, `raw.documents.status =
failed`), listed in the summary with its kind, and shown as a skipped (pink)
`failed_document` instance labelled with its file name.

**No backlog ceiling**: fetch and extract map over batches of `NOTICES_BATCH_SIZE`
documents (default 20), grown when needed so that there are never more batches than
Airflow's `[core] max_map_length` (default 1,024): 10,000 new documents ingest in one run.

**Publications**: `fetch_publications` reads the portal columns of sources.yml
`publications:` (what units published, for the compliance marts) after discovery, in the
writer pool; its listings reach the marts with the next transform.

**Single writer**: every task that writes `warehouse.duckdb` takes the one slot of the
pool `duckdb_writer`, shared with `warehouse_transform`, `notices_reprocess` and
`notices_pipeline`, so overlapping runs queue instead of colliding. The summary, the
failed-document markers and the asset announcement only read XCom: they take no slot.

**Politeness**: fetches of every worker share one pacer per host (files under
`NOTICES_HOME/politeness/`), so parallel batches never hit a portal more often than its
`min_interval_s`; sources with `robots_txt: true` are checked against robots.txt.

Configuration (Airflow Variables, defaults as the CLI): `notices_home`,
`notices_sources_config`, `notices_alert_webhook` (failure alerts).
"""

from __future__ import annotations

from typing import Any

from _common import (
    EXTRACT_TIMEOUT,
    FETCH_RETRIES,
    FETCH_RETRY_DELAY_S,
    FETCH_TIMEOUT,
    INGEST_RUN_TIMEOUT,
    LOAD_TIMEOUT,
    RAW_ASSET,
    SHORT_TIMEOUT,
    WRITER_POOL,
    batch_size,
    dag_arguments,
    ingest_schedule,
    mapped_results,
    max_map_length,
    notices_settings,
    sources_config_fails_the_run,
    sources_config_path,
    task_doc,
)
from airflow.sdk import dag, get_current_context, task


def _label(context_key: str, value: str) -> None:
    get_current_context()[context_key] = value  # type: ignore[literal-required]


def _run_record() -> tuple[str, str]:
    """The run's id and start in `raw.load_runs`."""
    from pipeline.run_summary import airflow_run

    dag_run = get_current_context()["dag_run"]
    return airflow_run(dag_run.run_id, dag_run.start_date)


@task(pool=WRITER_POOL, execution_timeout=FETCH_TIMEOUT)
def discover() -> list[list[dict[str, Any]]]:
    """List what every source of sources.yml offers that is not stored yet (a file of a
    folder source, a link of an HTTP portal), in batches. A sources file that cannot be
    read, or names a folder or a host that does not exist, fails the run at once, without
    retries. Reads the document registry in DuckDB,
    hence the writer pool."""
    from pipeline import ingest

    with sources_config_fails_the_run():
        return ingest.discover_batches(
            notices_settings(),
            sources_config_path(),
            batch_size=batch_size(),
            max_batches=max_map_length(),
        )


@task(map_index_template="{{ batch_label }}", execution_timeout=FETCH_TIMEOUT)
def fetch_batch(batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Download (or copy) a batch of candidates into the landing store, named by sha256.
    Files only: the mapped batches run in parallel on any worker, paced per host across
    all of them. A transient fault (portal down, timeout, 5xx) is tried again within the
    task with a doubling delay; a final fault (404, too large, ...) is returned and
    recorded."""
    from pipeline import ingest

    _label("batch_label", ingest.candidates_label(batch))
    attempts = ingest.fetch_batch(
        notices_settings(), batch, retries=FETCH_RETRIES, retry_delay_s=FETCH_RETRY_DELAY_S
    )
    return [a.to_json() for a in attempts]


def _require(value: Any, what: str) -> None:
    """A task that runs after failed upstreams (trigger rule all_done, so that failed
    fetches or extractions never stop the others) fails when the step it builds on
    failed, which fails the run."""
    from airflow.sdk.exceptions import AirflowFailException

    if value is None:
        raise AirflowFailException(f"{what} failed (see its log): nothing to do here")


@task(pool=WRITER_POOL, trigger_rule="all_done", execution_timeout=SHORT_TIMEOUT)
def register(
    batches: list[list[dict[str, Any]]], fetched: list[list[dict[str, Any]] | None]
) -> dict[str, Any]:
    """Record what arrived in `raw.documents` and every fault in `raw.fetch_faults`.
    Returns what it registered (pipeline.contracts.Registered): the documents to extract
    in batches (the new ones and any left unextracted by an earlier run), how many were
    new, and the faults. A fetch batch that failed outright left no results: its
    candidates are recorded as faults, none disappears."""
    from pipeline import ingest
    from pipeline.contracts import FetchAttempt

    _require(batches, "discover")
    attempts = [
        None if b is None else [FetchAttempt.from_json(a) for a in b]
        for b in mapped_results(fetched)
    ]
    registered = ingest.register_batches(
        notices_settings(),
        list(batches or []),
        attempts,
        batch_size=batch_size(),
        max_batches=max_map_length(),
    )
    return registered.to_json()


@task(pool=WRITER_POOL, execution_timeout=FETCH_TIMEOUT)
def fetch_publications() -> dict[str, Any]:
    """Read the portal columns of sources.yml `publications:` (what units published):
    new listing items into `raw.publication_listings`, faults into `raw.fetch_faults`.
    Incremental: a column with nothing new costs one listing page. Writes DuckDB, hence
    the writer pool."""
    from pipeline.publications import fetch_publications as fetch

    return fetch(notices_settings(), sources_config_path()).to_json()


@task(execution_timeout=SHORT_TIMEOUT)
def documents_to_extract(registered: dict[str, Any] | None) -> list[list[dict[str, Any]]]:
    """The batches `extract_batch` maps over: Airflow maps over a task's whole return
    value only, so the registered batches are handed on by this step."""
    _require(registered, "register")
    assert registered is not None
    return list(registered["batches"])


@task(map_index_template="{{ batch_label }}", execution_timeout=EXTRACT_TIMEOUT)
def extract_batch(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Extract a batch of stored documents into `extracted/<document_id>.jsonl` and
    `.meta.json` (files only, parallel). A bad document gives its error kind (`empty`,
    `not_pdf`, `corrupt`, ...) instead of failing the task."""
    from pipeline import ingest
    from pipeline.contracts import jobs_from_json

    jobs = jobs_from_json(documents)
    _label("batch_label", ingest.documents_label(jobs))
    return [o.to_json() for o in ingest.extract_batch(notices_settings(), jobs)]


@task(pool=WRITER_POOL, trigger_rule="all_done", execution_timeout=LOAD_TIMEOUT)
def load(
    batches: list[list[dict[str, Any]]],
    registered: dict[str, Any] | None,
    outcomes: list[list[dict[str, Any]] | None],
) -> dict[str, Any]:
    """Validate the extracted notices with great-expectations, load each one in a single
    DuckDB transaction (rows replaced, never duplicated), mark failed extractions
    `failed` with their reason, and record the run in `raw.load_runs` with what `raw`
    now holds (loaded, quarantined, superseded, failed; rows in `raw.task_rows`).
    Returns the run's summary (pipeline.contracts.RunSummary)."""
    from pipeline import ingest
    from pipeline.contracts import DocumentFailure, jobs_from_json, outcomes_from_json

    _require(registered, "register")
    assert registered is not None
    run_id, started_at = _run_record()
    summary = ingest.load_run(
        notices_settings(),
        batches or [],
        [jobs_from_json(b) for b in registered["batches"]],
        [None if b is None else outcomes_from_json(b) for b in mapped_results(outcomes)],
        run_id=run_id,
        started_at=started_at,
        new_documents=int(registered["new_documents"]),
        faults=[DocumentFailure.from_json(f) for f in registered["faults"]],
    )
    return summary.to_json()


@task(execution_timeout=SHORT_TIMEOUT)
def failures_to_show(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The failures `failed_document` maps over, one instance per failed document, kept
    under Airflow's mapping limit (past it, one more says how many are left)."""
    from pipeline import ingest
    from pipeline.contracts import RunSummary

    shown = ingest.failures_to_show(RunSummary.from_json(summary).failures, max_map_length())
    return [f.to_json() for f in shown]


@task(map_index_template="{{ failed_label }}", execution_timeout=SHORT_TIMEOUT, retries=0)
def failed_document(failure: dict[str, Any]) -> None:
    """One document that could not be fetched, extracted or loaded: skipped (pink) in the
    grid under its file name, its error kind and reason in the log. The run still
    succeeds for the other documents."""
    from airflow.sdk.exceptions import AirflowSkipException

    from pipeline import ingest
    from pipeline.contracts import DocumentFailure

    record = DocumentFailure.from_json(failure)
    _label("failed_label", ingest.failure_label(record))
    raise AirflowSkipException(ingest.failure_reason(record))


@task(outlets=[RAW_ASSET], execution_timeout=SHORT_TIMEOUT)
def announce_raw_change(summary: dict[str, Any], publications: dict[str, Any]) -> str:
    """Update the Asset `duckdb://warehouse/raw` (which starts `warehouse_transform`) when
    this run loaded at least one document or new publication listings; skipped otherwise,
    so a run with nothing new or only failures rebuilds nothing."""
    from airflow.sdk.exceptions import AirflowSkipException

    from pipeline.contracts import RunSummary
    from pipeline.run_summary import raw_change

    change = raw_change(RunSummary.from_json(summary))
    if change is None and publications.get("new_listings"):
        # the compliance marts change
        change = f"{publications['new_listings']} new publication listing(s)"
    if change is None:
        raise AirflowSkipException("nothing loaded: raw layer unchanged, no transform")
    return change


@task(execution_timeout=SHORT_TIMEOUT)
def summarise(summary: dict[str, Any]) -> dict[str, Any]:
    """Log the run's summary: candidates, documents loaded, quarantined, superseded and
    failed (each failure with its file name and error kind), rows in `raw.task_rows`.
    Reads the load's return value only, so it never waits for the writer slot."""
    import logging

    from pipeline.contracts import RunSummary
    from pipeline.run_summary import log_summary

    log_summary(RunSummary.from_json(summary), logging.getLogger("notices.airflow"))
    return summary


@task(pool=WRITER_POOL, trigger_rule="one_failed", execution_timeout=SHORT_TIMEOUT, retries=0)
def record_failure() -> None:
    """Runs only when discovery, registration or the load failed: records the run as
    `failed` in `raw.load_runs` (the run itself is failed by those tasks)."""
    from pipeline.run_summary import record_failed_run

    run_id, started_at = _run_record()
    record_failed_run(notices_settings(), run_id=run_id, started_at=started_at, trigger="airflow")


@dag(
    **dag_arguments(
        "notices_ingest",
        schedule=ingest_schedule(),
        run_timeout=INGEST_RUN_TIMEOUT,
        tags=["ingest"],
        doc_md=__doc__,
    )
)
def notices_ingest() -> None:
    batches = discover()
    publications = fetch_publications()
    batches >> publications
    fetched = fetch_batch.override(doc_md=task_doc(fetch_batch)).expand(batch=batches)
    registered = register(batches, fetched)
    documents = documents_to_extract(registered)
    outcomes = extract_batch.override(doc_md=task_doc(extract_batch)).expand(documents=documents)
    summary = load(batches, registered, outcomes)
    failures = failures_to_show(summary)
    failed_document.override(doc_md=task_doc(failed_document)).expand(failure=failures)
    announce_raw_change(summary, publications)
    summarise(summary)
    [batches, registered, summary] >> record_failure()


notices_ingest()
