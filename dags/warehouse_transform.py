"""
### warehouse_transform: DuckDB `raw` → dbt marts → published `reporting.duckdb`

seeds → staging → intermediate → marts (+ dbt docs) → publish.

**Triggers**: data-aware. It is scheduled on the Asset `duckdb://warehouse/raw`, which
`notices_ingest` updates whenever it loaded something; it can also be triggered by hand.
When it has published, it updates the Asset `duckdb://warehouse/reporting` (for BI
refreshes or any DAG that wants to follow).

Each dbt layer is one task (`dbt build --select <layer>`: models plus their tests), so the
UI shows which layer failed and a retry rebuilds only that layer. All of them take the
single slot of the pool `duckdb_writer`: dbt-duckdb writes `warehouse.duckdb`.
(One task per model via astronomer-cosmos was evaluated: see docs/deployment.md.)

Configuration (Airflow Variables, defaults as the CLI): `notices_home`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from _common import (
    DEFAULT_ARGS,
    RAW_ASSET,
    REPORTING_ASSET,
    START_DATE_ISO,
    TAGS_BASE,
    WRITER_POOL,
    notices_settings,
)
from airflow.sdk import dag, task

# dbt selectors, in build order; each layer's tests run with it.
LAYERS: tuple[tuple[str, str, str], ...] = (
    ("seeds", "resource_type:seed", "reference tables: regions, unit aliases, frequency labels"),
    ("staging", "path:models/staging", "typed, renamed views over DuckDB `raw`"),
    ("intermediate", "path:models/intermediate", "units, roles and frequencies exploded"),
    ("marts", "path:models/marts", "dimensions, `fct_disclosure_obligations`, aggregates"),
)


def _layer_task(name: str, select: str, what: str, *, docs: bool) -> Any:
    @task(
        task_id=f"dbt_{name}",
        pool=WRITER_POOL,
        doc_md=f"`dbt build --select {select}`: {what}, with their dbt tests."
        + (" Then `dbt docs generate`." if docs else ""),
    )
    def build_layer() -> dict[str, Any]:
        from pipeline import steps

        # "buildable": a test joins the layer that builds the last of its parents (the
        # default, eager, would run an intermediate model's relationship test with the
        # seeds, before that model exists).
        return steps.transform(
            notices_settings(), select=select, docs=docs, indirect_selection="buildable"
        )

    return build_layer


@task(pool=WRITER_POOL, outlets=[REPORTING_ASSET])
def publish() -> str:
    """Copy the warehouse's marts to a new file and rename it over `reporting.duckdb`
    (atomic on one filesystem): BI tools always see a complete snapshot, never a half-built
    mart, and never the raw layer."""
    from pipeline import steps

    return steps.publish(notices_settings())


@dag(
    dag_id="warehouse_transform",
    schedule=[RAW_ASSET],
    start_date=datetime.fromisoformat(START_DATE_ISO),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=[*TAGS_BASE, "dbt", "transform"],
    doc_md=__doc__,
)
def warehouse_transform() -> None:
    previous = None
    for index, (name, select, what) in enumerate(LAYERS):
        current = _layer_task(name, select, what, docs=index == len(LAYERS) - 1)()
        if previous is not None:
            previous >> current
        previous = current
    assert previous is not None
    previous >> publish()


warehouse_transform()
