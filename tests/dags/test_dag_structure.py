"""The wiring the deployment relies on: writer pool, assets, retries, docs, params."""

from __future__ import annotations

from typing import Any

WRITERS = {
    # a transform's marts and its publish are one task: one hold of the writer slot
    "notices_pipeline": {"fetch", "validate_and_load", "transform"},
    "notices_ingest": {"discover", "fetch_publications", "register", "load", "record_failure"},
    "warehouse_transform": {"dbt_seeds", "dbt_staging", "dbt_intermediate", "dbt_marts"},
    "notices_reprocess": {"reprocess"},
}


def test_every_duckdb_writer_takes_the_single_slot_pool(dagbag: Any) -> None:
    for dag_id, writers in WRITERS.items():
        dag = dagbag.dags[dag_id]
        pooled = {t.task_id for t in dag.tasks if t.pool == "duckdb_writer"}
        assert pooled == writers, dag_id
        assert all(dag.get_task(t).pool_slots == 1 for t in writers)


def test_every_task_explains_itself_in_the_ui(dagbag: Any) -> None:
    for dag in dagbag.dags.values():
        assert "**Triggers**" in (dag.doc_md or ""), f"{dag.dag_id} does not say what starts it"
        for t in dag.tasks:
            assert t.doc_md and len(t.doc_md) > 40, f"{dag.dag_id}.{t.task_id} has no doc_md"
            assert t.on_failure_callback, f"{dag.dag_id}.{t.task_id} has no failure callback"


def test_ingest_hands_over_to_transform_through_the_raw_asset(dagbag: Any) -> None:
    ingest = dagbag.dags["notices_ingest"]
    transform = dagbag.dags["warehouse_transform"]
    raw_uris = {a.uri for t in ingest.tasks for a in t.outlets}
    assert raw_uris == {"duckdb://warehouse/raw"}
    scheduled_on = {a.uri for a in transform.timetable.asset_condition.objects}
    assert scheduled_on == raw_uris
    assert {a.uri for a in transform.get_task("dbt_marts").outlets} == {
        "duckdb://warehouse/reporting"
    }
    assert ingest.max_active_runs == 1 and ingest.catchup is False


def test_fetch_and_extract_map_over_batches(dagbag: Any) -> None:
    ingest = dagbag.dags["notices_ingest"]
    for task_id in ("fetch_batch", "extract_batch", "failed_document"):
        task = ingest.get_task(task_id)
        assert type(task).__name__.endswith("MappedOperator"), task_id


def test_every_task_and_run_has_a_timeout(dagbag: Any) -> None:
    for dag in dagbag.dags.values():
        assert dag.dagrun_timeout is not None, dag.dag_id
        for t in dag.tasks:
            timeout = t.execution_timeout
            assert timeout is not None, f"{dag.dag_id}.{t.task_id} can run for ever"
            assert timeout <= dag.dagrun_timeout, f"{dag.dag_id}.{t.task_id}"


def test_only_writers_wait_for_the_writer_slot(dagbag: Any) -> None:
    ingest = dagbag.dags["notices_ingest"]
    for task_id in ("summarise", "announce_raw_change", "failed_document", "extract_batch"):
        assert ingest.get_task(task_id).pool != "duckdb_writer", task_id


def test_reprocess_is_manual_with_scope_params(dagbag: Any) -> None:
    dag = dagbag.dags["notices_reprocess"]
    from airflow.sdk.definitions.timetables.simple import NullTimetable

    assert isinstance(dag.timetable, NullTimetable)
    assert set(dag.params) == {"source_id", "since", "until"}
    assert all(dag.params[name] is None for name in dag.params)
