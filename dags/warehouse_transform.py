"""
### warehouse_transform: DuckDB `raw` → dbt marts → published `reporting.duckdb`

seeds → staging → intermediate → marts (+ dbt docs, then the publish in the same task).

**Triggers**: data-aware. It is scheduled on the Asset `duckdb://warehouse/raw`, which
`notices_ingest` updates whenever it loaded something; it can also be triggered by hand.
When it has published, it updates the Asset `duckdb://warehouse/reporting` (for BI
refreshes or any DAG that wants to follow).

Every dbt layer has an `execution_timeout` (`NOTICES_DBT_TIMEOUT_MIN`, default 60): past
it the task is interrupted, its dbt child process killed and the writer slot released.

Each dbt layer is one task (`dbt build --select <layer>`: models plus their tests), so the
UI shows which layer failed and a retry rebuilds only that layer. All of them take the
single slot of the pool `duckdb_writer`: dbt-duckdb writes `warehouse.duckdb`.
(One task per model via astronomer-cosmos was evaluated: see docs/deployment.md.)

Configuration (Airflow Variables, defaults as the CLI): `notices_home`.
"""

from __future__ import annotations

from typing import Any

from _common import (
    DBT_TIMEOUT,
    RAW_ASSET,
    REPORTING_ASSET,
    TRANSFORM_RUN_TIMEOUT,
    WRITER_POOL,
    dag_arguments,
    notices_settings,
)
from airflow.sdk import dag, task


def _layer_task(name: str, select: str, what: str, *, last: bool) -> Any:
    @task(
        task_id=f"dbt_{name}",
        pool=WRITER_POOL,
        execution_timeout=DBT_TIMEOUT,
        outlets=[REPORTING_ASSET] if last else [],
        doc_md=f"`dbt build --select {select}`: {what}, with their dbt tests."
        + (PUBLISH_DOC if last else ""),
    )
    def build_layer(started: dict[str, Any] | None = None) -> dict[str, Any]:
        from pipeline import building
        from pipeline.contracts import BuildResult

        first = None if started is None else BuildResult.from_json(started)
        if last:  # the marts and their publish hold the writer slot together
            return building.last_layer_and_publish(notices_settings(), first).to_json()
        return building.transform_layer(notices_settings(), name, first).to_json()

    return build_layer


PUBLISH_DOC = (
    " Then `dbt docs generate`, and the publish in the same task (one hold of the writer"
    " slot, so nothing writes between the marts and their snapshot): the warehouse's marts"
    " are copied to a new file renamed over `reporting.duckdb` (atomic on one filesystem),"
    " so BI tools always see a complete snapshot, never a half-built mart nor the raw"
    " layer; the deadline calendars (`calendar/`) are swapped in right after it."
)


@dag(
    **dag_arguments(
        "warehouse_transform",
        schedule=[RAW_ASSET],
        run_timeout=TRANSFORM_RUN_TIMEOUT,
        tags=["dbt", "transform"],
        doc_md=__doc__,
    )
)
def warehouse_transform() -> None:
    from pipeline.run_dbt import LAYERS

    first = previous = None
    for index, (name, select, what) in enumerate(LAYERS):
        current = _layer_task(name, select, what, last=index == len(LAYERS) - 1)(first)
        if previous is not None:
            previous >> current
        first = first if first is not None else current
        previous = current
    assert previous is not None


warehouse_transform()
