"""
### notices_pipeline: the whole pipeline in one DAG run

fetch → extract (one mapped task per new document) → validate + load → dbt build → publish.

The same steps as `notices run`, for a single-machine Airflow that wants one DAG.

**Triggers**: daily (`@daily`, no catchup, one active run), or by hand. It hands nothing
over by Asset: it transforms and publishes itself and updates
`duckdb://warehouse/reporting` when done. Production deployments use the split
DAGs instead: `notices_ingest` (raw layer) → `warehouse_transform` (marts, published).

Configuration (Airflow Variables, defaults as the CLI): `notices_home` (where the DuckDB
files and the landing folder live), `notices_sources_config` (path of sources.yml).
"""

from __future__ import annotations

from typing import Any

from _common import (
    DBT_TIMEOUT,
    EXTRACT_TIMEOUT,
    FETCH_TIMEOUT,
    LOAD_TIMEOUT,
    PIPELINE_RUN_TIMEOUT,
    REPORTING_ASSET,
    WRITER_POOL,
    batch_size,
    dag_arguments,
    mapped_results,
    max_map_length,
    notices_settings,
    sources_config_fails_the_run,
    sources_config_path,
    task_doc,
)
from airflow.sdk import dag, task


@task(pool=WRITER_POOL, execution_timeout=FETCH_TIMEOUT)
def fetch() -> list[list[dict[str, Any]]]:
    """Run every source of sources.yml into the landing store and register the new
    documents in `raw.documents` (a DuckDB write, hence the writer pool); fetch faults
    are recorded in `raw.fetch_faults`. Returns the documents to extract, in batches
    (never more than `max_map_length`): the new ones and any an earlier run left
    unextracted. A sources file that cannot be read, or names a folder or a host that
    does not exist, fails the run at once, without retries."""
    from pipeline import ingest

    with sources_config_fails_the_run():
        batches = ingest.fetch_into_batches(
            notices_settings(),
            sources_config_path(),
            batch_size=batch_size(),
            max_batches=max_map_length(),
        )
    return [[job.to_json() for job in batch] for batch in batches]


@task(map_index_template="{{ batch_label }}", execution_timeout=EXTRACT_TIMEOUT)
def extract(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Extract a batch of documents into `extracted/<document_id>.jsonl` and
    `.meta.json`. Files only, so the mapped batches run in parallel; a bad document
    gives its error kind instead of failing."""
    from airflow.sdk import get_current_context

    from pipeline import ingest
    from pipeline.contracts import jobs_from_json

    jobs = jobs_from_json(documents)
    get_current_context()["batch_label"] = ingest.documents_label(jobs)  # type: ignore[typeddict-unknown-key]
    return [o.to_json() for o in ingest.extract_batch(notices_settings(), jobs)]


@task(pool=WRITER_POOL, execution_timeout=LOAD_TIMEOUT)
def validate_and_load(outcomes: list[list[dict[str, Any]]]) -> dict[str, Any]:
    """Validate the extracted rows with great-expectations and load each notice in one
    transaction into DuckDB `raw`; failed documents are marked `failed` with their reason."""
    from dataclasses import asdict

    from pipeline import ingest
    from pipeline.contracts import outcomes_from_json

    batches = [outcomes_from_json(b) for b in mapped_results(outcomes)]
    return asdict(ingest.load_batches(notices_settings(), batches))


@task(pool=WRITER_POOL, execution_timeout=DBT_TIMEOUT, outlets=[REPORTING_ASSET])
def transform(loaded: dict[str, Any]) -> dict[str, Any]:
    """`dbt build` (seeds, staging → intermediate → marts, with tests), `dbt docs
    generate`, then the publish in the same task: one hold of the writer slot, so nothing
    writes between the marts and their snapshot. The marts are copied to a new file
    renamed over `reporting.duckdb` (atomic), the read-only snapshot BI tools open."""
    from pipeline import building

    return building.transform_and_publish(notices_settings()).to_json()


@dag(
    **dag_arguments(
        "notices_pipeline",
        schedule="@daily",
        run_timeout=PIPELINE_RUN_TIMEOUT,
        tags=["pipeline"],
        doc_md=__doc__,
    )
)
def notices_pipeline() -> None:
    # TaskFlow copies a docstring into doc_md only for unmapped tasks.
    outcomes = extract.override(doc_md=task_doc(extract)).expand(documents=fetch())
    transform(validate_and_load(outcomes))


notices_pipeline()
