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

from datetime import datetime
from typing import Any

from _common import (
    DEFAULT_ARGS,
    REPORTING_ASSET,
    START_DATE_ISO,
    TAGS_BASE,
    WRITER_POOL,
    notices_settings,
    sources_config_path,
    task_doc,
)
from airflow.sdk import dag, task


@task(pool=WRITER_POOL)
def fetch() -> list[dict[str, Any]]:
    """Run every source of sources.yml into the landing store and register the new
    documents in `raw.documents` (a DuckDB write, hence the writer pool); fetch faults
    are recorded in `raw.fetch_faults`. Returns the documents to extract: the new ones
    and any an earlier run left unextracted."""
    from pipeline import steps

    settings = notices_settings()
    steps.fetch(settings, sources_config_path())
    return steps.pending_documents(settings)


@task(map_index_template="{{ document_label }}")
def extract(document: dict[str, Any]) -> dict[str, Any]:
    """Extract one document with pdfplumber into `extracted/<document_id>.jsonl` and
    `.meta.json`. Files only, so the mapped instances run in parallel; a bad document
    returns its error kind instead of failing."""
    from airflow.sdk import get_current_context

    from pipeline import steps

    document_id, name = document["document_id"], document.get("original_name")
    label = name or document_id[:12]
    get_current_context()["document_label"] = label  # type: ignore[typeddict-unknown-key]
    return steps.extract_one(notices_settings(), document_id, name)


@task(pool=WRITER_POOL)
def validate_and_load(outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    """Validate the extracted rows with great-expectations and load each notice in one
    transaction into DuckDB `raw`; failed documents are marked `failed` with their reason."""
    from pipeline import steps

    return steps.validate_and_load(notices_settings(), list(outcomes))


@task(pool=WRITER_POOL)
def transform(loaded: dict[str, Any]) -> dict[str, Any]:
    """`dbt build` (seeds, staging → intermediate → marts, with tests) and `dbt docs generate`."""
    from pipeline import steps

    return steps.transform(notices_settings())


@task(pool=WRITER_POOL, outlets=[REPORTING_ASSET])
def publish(transformed: dict[str, Any]) -> str:
    """Copy the warehouse's marts to a new file and rename it over `reporting.duckdb`
    (atomic), the read-only snapshot BI tools open."""
    from pipeline import steps

    return steps.publish(notices_settings())


@dag(
    dag_id="notices_pipeline",
    schedule="@daily",
    start_date=datetime.fromisoformat(START_DATE_ISO),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=[*TAGS_BASE, "pipeline"],
    doc_md=__doc__,
)
def notices_pipeline() -> None:
    # TaskFlow copies a docstring into doc_md only for unmapped tasks.
    outcomes = extract.override(doc_md=task_doc(extract)).expand(document=fetch())
    publish(transform(validate_and_load(outcomes)))


notices_pipeline()
