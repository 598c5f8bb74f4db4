"""
### notices_reprocess: re-extract and reload stored documents after a parser upgrade

**Triggers**: manual only (no schedule). Like every DAG it starts paused: unpause it once,
or a triggered run waits in `queued` for ever. Trigger it from the UI or
`airflow dags trigger notices_reprocess --conf '{"source_id": "samples"}'` with params:

- `source_id`: only the documents of this source (empty: every source);
- `since` / `until`: only documents fetched in this date range (ISO dates, inclusive; empty: no bound).

With every param empty it reprocesses all documents. The stored bytes in the landing
store are extracted again with the current parser, validated and reloaded (each notice
replaced in one transaction, never duplicated), then dbt rebuilds the marts and
`reporting.duckdb` is published; the Asset `duckdb://warehouse/reporting` is updated.
It holds the `duckdb_writer` pool slot for the whole run, so ingest and transform runs
queue behind it instead of colliding.
"""

from __future__ import annotations

from typing import Any

from _common import (
    REPORTING_ASSET,
    REPROCESS_RUN_TIMEOUT,
    WRITER_POOL,
    dag_arguments,
    notices_settings,
)
from airflow.sdk import Param, dag, get_current_context, task

PARAMS = {
    "source_id": Param(
        None,
        type=["null", "string"],
        description="Only this source's documents (the `id` in sources.yml); empty for all.",
    ),
    "since": Param(
        None,
        type=["null", "string"],
        format="date",
        description="Only documents fetched on or after this date (YYYY-MM-DD).",
    ),
    "until": Param(
        None,
        type=["null", "string"],
        format="date",
        description="Only documents fetched on or before this date (YYYY-MM-DD).",
    ),
}


@task(pool=WRITER_POOL, outlets=[REPORTING_ASSET], execution_timeout=REPROCESS_RUN_TIMEOUT)
def reprocess() -> dict[str, Any]:
    """Re-extract the selected documents with the current parser, validate and reload
    them, rebuild the dbt marts and publish `reporting.duckdb`. The summary lists every
    document that failed, with its error kind."""
    from pipeline import runs

    selection = runs.selection_from_params(get_current_context()["params"])
    return runs.reprocess(notices_settings(), **selection, trigger="airflow").to_json()


@dag(
    **dag_arguments(
        "notices_reprocess",
        schedule=None,
        run_timeout=REPROCESS_RUN_TIMEOUT,
        tags=["reprocess"],
        doc_md=__doc__,
        params=PARAMS,
    )
)
def notices_reprocess() -> None:
    reprocess()


notices_reprocess()
