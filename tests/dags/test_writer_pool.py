"""Overlapping runs never write DuckDB at the same time: with one run of every DAG ready
to start its first writing task, Airflow's own scheduler (the code that queues task
instances for the executor) lets exactly one of them go, because they share the pool
`duckdb_writer` of one slot. With more slots the same runs would all start, so the pool
is what serialises them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

POOL = "duckdb_writer"
# The first task of each DAG, every one a DuckDB writer.
FIRST_WRITERS = {
    "notices_ingest": "discover",
    "notices_pipeline": "fetch",
    "warehouse_transform": "dbt_seeds",
    "notices_reprocess": "reprocess",
}


@pytest.fixture()
def serialized_dags(airflow_db: Path, dagbag: Any) -> Iterator[None]:
    """The DAGs as the dag-processor would store them, unpaused."""
    from airflow.dag_processing.bundles.manager import DagBundlesManager
    from airflow.dag_processing.dagbag import sync_bag_to_db
    from airflow.models.dag import DagModel
    from airflow.utils.session import create_session
    from sqlalchemy import update

    DagBundlesManager().sync_bundles_to_db()
    sync_bag_to_db(dagbag, "dags-folder", None)
    with create_session() as session:
        session.execute(
            update(DagModel).where(DagModel.dag_id.in_(FIRST_WRITERS)).values(is_paused=False)
        )
    yield
    with create_session() as session:
        session.execute(
            update(DagModel).where(DagModel.dag_id.in_(FIRST_WRITERS)).values(is_paused=True)
        )


def _queue_ready_writers(slots: int) -> list[str]:
    """Start one run of each DAG, make its first writer ready, and ask the scheduler which
    task instances it sends to the executor; the runs are failed afterwards."""
    from airflow.jobs.job import Job
    from airflow.jobs.scheduler_job_runner import SchedulerJobRunner
    from airflow.models.dagbag import DBDagBag
    from airflow.models.pool import Pool
    from airflow.sdk import timezone
    from airflow.utils.session import create_session
    from airflow.utils.state import DagRunState, TaskInstanceState
    from airflow.utils.types import DagRunTriggeredByType, DagRunType

    Pool.create_or_update_pool(
        POOL, slots=slots, description="DuckDB single writer", include_deferred=False
    )
    runs = []
    with create_session() as session:
        for dag_id, task_id in FIRST_WRITERS.items():
            dag = DBDagBag().get_latest_version_of_dag(dag_id, session=session)
            assert dag is not None, f"{dag_id} is not serialized"
            run = dag.create_dagrun(
                run_id=f"overlap__{uuid.uuid4().hex}",
                logical_date=None,
                run_after=timezone.utcnow(),
                run_type=DagRunType.MANUAL,
                triggered_by=DagRunTriggeredByType.TEST,
                state=DagRunState.RUNNING,
                session=session,
            )
            run.get_task_instance(task_id, session=session).state = TaskInstanceState.SCHEDULED
            runs.append(run)
        session.flush()
        runner = SchedulerJobRunner(job=Job())
        queued = runner._executable_task_instances_to_queued(max_tis=32, session=session)
        names = sorted(f"{ti.dag_id}.{ti.task_id}" for ti in queued)
        for run in runs:
            run.set_state(DagRunState.FAILED)
            for ti in run.get_task_instances(session=session):
                ti.state = TaskInstanceState.FAILED
    Pool.create_or_update_pool(
        POOL, slots=1, description="DuckDB single writer", include_deferred=False
    )
    return names


def test_the_writer_pool_lets_one_writer_start_at_a_time(serialized_dags: None) -> None:
    started = _queue_ready_writers(slots=1)
    assert len(started) == 1, started
    assert started[0] in {f"{d}.{t}" for d, t in FIRST_WRITERS.items()}


def test_without_the_single_slot_the_same_runs_would_all_write_at_once(
    serialized_dags: None,
) -> None:
    started = _queue_ready_writers(slots=len(FIRST_WRITERS))
    assert started == sorted(f"{d}.{t}" for d, t in FIRST_WRITERS.items())
