"""notices_ingest tells the truth about its run (real dag.test(), real files, real DuckDB):
a broken sources file fails the run and is recorded as failed; a backlog larger than
Airflow's mapping limit ingests in one run, in batches."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.dags.dag_test_env import SAMPLES_DIR
from tests.dags.warehouse_queries import query

pytestmark = pytest.mark.slow


def _states(run: Any) -> dict[tuple[str, int], str]:
    return {(ti.task_id, ti.map_index): str(ti.state) for ti in run.get_task_instances()}


@pytest.mark.parametrize(
    "sources",
    [
        "sources:\n  - {id: inbox, type: nowhere}\n",
        # a folder that does not exist is a config error too, not a fault to retry
        "sources:\n  - {id: inbox, type: dir, path: no-such-folder}\n",
    ],
    ids=["broken", "missing-folder"],
)
def test_a_broken_sources_file_fails_the_ingest_run_and_records_it(
    dagbag: Any,
    notices_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sources: str,
) -> None:
    config = tmp_path / "sources.yml"
    config.write_text(sources, encoding="utf-8")
    monkeypatch.setenv("AIRFLOW_VAR_NOTICES_SOURCES_CONFIG", str(config))
    run = dagbag.dags["notices_ingest"].test()
    states = _states(run)
    assert str(run.state) == "failed", states
    assert states[("discover", -1)] == "failed"
    (discover,) = [ti for ti in run.get_task_instances() if ti.task_id == "discover"]
    assert discover.try_number <= 1  # failed at once: AirflowFailException, no retry
    assert states[("summarise", -1)] == "upstream_failed"
    assert states[("announce_raw_change", -1)] == "upstream_failed"
    assert states[("record_failure", -1)] == "success"
    runs = query(
        notices_home / "warehouse.duckdb",
        {"runs": "select status from raw.load_runs where trigger = 'airflow'"},
    )["runs"]
    assert runs == [["failed"]]


def test_a_backlog_larger_than_max_map_length_ingests_in_one_run(
    dagbag: Any, notices_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = 2
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    pdfs = sorted(SAMPLES_DIR.glob("ningyang-*.pdf"))
    for pdf in pdfs:
        shutil.copy(pdf, inbox / pdf.name)
    junk = [f"junk-{i}.pdf" for i in range(3)]
    for i, name in enumerate(junk):
        (inbox / name).write_bytes(f"not a pdf {i}".encode())
    candidates = len(pdfs) + len(junk)
    assert candidates > limit
    config = tmp_path / "sources.yml"
    config.write_text("sources:\n  - {id: inbox, type: dir, path: inbox}\n", encoding="utf-8")
    monkeypatch.setenv("AIRFLOW_VAR_NOTICES_SOURCES_CONFIG", str(config))
    monkeypatch.setenv("AIRFLOW__CORE__MAX_MAP_LENGTH", str(limit))
    monkeypatch.setenv("NOTICES_BATCH_SIZE", "1")

    run = dagbag.dags["notices_ingest"].test()
    states = _states(run)
    assert str(run.state) == "success", states
    for task_id in ("fetch_batch", "extract_batch", "failed_document"):
        mapped = [k for k in states if k[0] == task_id]
        assert 0 < len(mapped) <= limit, (task_id, mapped)
    found = query(
        notices_home / "warehouse.duckdb",
        {
            "documents": "select count(*) from raw.documents",
            "failed": "select count(*) from raw.documents where status = 'failed'",
            "notices": "select count(*) from raw.notices",
        },
    )
    assert found["documents"] == [[candidates]]
    assert found["failed"] == [[len(junk)]]
    assert found["notices"] == [[1]]  # both renderings of one notice: one holds it


def test_a_run_that_only_recorded_failures_triggers_no_transform(
    dagbag: Any, notices_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from airflow.models.asset import AssetEvent, AssetModel
    from airflow.utils.session import create_session
    from sqlalchemy import func, select

    def raw_events() -> int:
        with create_session() as session:
            return session.scalar(
                select(func.count())
                .select_from(AssetEvent)
                .join(AssetModel, AssetModel.id == AssetEvent.asset_id)
                .where(AssetModel.uri == "duckdb://warehouse/raw")
            )

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "空白.pdf").write_bytes(b"")
    config = tmp_path / "sources.yml"
    config.write_text("sources:\n  - {id: inbox, type: dir, path: inbox}\n", encoding="utf-8")
    monkeypatch.setenv("AIRFLOW_VAR_NOTICES_SOURCES_CONFIG", str(config))
    before = raw_events()
    run = dagbag.dags["notices_ingest"].test()
    states = _states(run)
    assert str(run.state) == "success", states
    assert states[("announce_raw_change", -1)] == "skipped"
    assert raw_events() == before
    labels = {
        str(ti.rendered_map_index): str(ti.state)
        for ti in run.get_task_instances()
        if ti.task_id == "failed_document"
    }
    assert labels == {"空白.pdf": "skipped"}
    runs = query(
        notices_home / "warehouse.duckdb",
        {
            "runs": "select documents_failed, notices_loaded, status from raw.load_runs "
            "where trigger = 'airflow'"
        },
    )["runs"]
    assert runs == [[1, 0, "success"]]
