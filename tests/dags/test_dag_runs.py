"""The DAGs run for real with dag.test() against Airflow's SQLite metadata DB: real
pdfplumber, real great-expectations, real DuckDB files, real dbt, a real HTTP server."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.dags.dag_test_env import SAMPLES_DIR
from tests.dags.flaky_portal import ATTACHMENT_PATH, FlakyPortal, serve
from tests.dags.warehouse_queries import counts, query

pytestmark = pytest.mark.slow

HTTP_SAMPLE = "yishui-2018.pdf"
FACT_ROWS = "select count(*) from marts.fct_disclosure_obligations"
# The samples are renderings (grid, ruled) of fewer notices: `ningyang-2017.grid.pdf`.
SAMPLE_NOTICES = len({pdf.name.split(".")[0] for pdf in SAMPLES_DIR.glob("*.pdf")})


def _sources(tmp_path: Path, portal: FlakyPortal) -> Path:
    """Four samples and a truncated PDF (a failed document) in a folder; the fifth sample
    on a portal whose first answer is 503 (no in-process retries, so only Airflow's retry
    can save it)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for pdf in SAMPLES_DIR.glob("*.pdf"):
        if pdf.name != HTTP_SAMPLE:
            shutil.copy(pdf, inbox / pdf.name)
    (inbox / "truncated.pdf").write_bytes((SAMPLES_DIR / HTTP_SAMPLE).read_bytes()[:600])
    config = tmp_path / "sources.yml"
    config.write_text(
        "sources:\n"
        "  - {id: inbox, type: dir, path: inbox}\n"
        f"  - {{id: portal, type: http, index_url: '{portal.index_url}',\n"
        "     retries: 0, min_interval_s: 0}\n",
        encoding="utf-8",
    )
    return config


def _states(run: Any) -> dict[tuple[str, int], tuple[str, int]]:
    return {
        (ti.task_id, ti.map_index): (str(ti.state), ti.try_number)
        for ti in run.get_task_instances()
    }


def _xcom(run: Any, task_id: str, key: str = "return_value") -> Any:
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    with create_session() as session:
        stored = session.scalars(
            XComModel.get_many(run_id=run.run_id, key=key, task_ids=task_id, dag_ids=run.dag_id)
        ).first()
        assert stored is not None, f"no XCom {key} of {task_id}"
        return XComModel.deserialize_value(stored)


def _labelled(run: Any, task_id: str) -> dict[str, str]:
    """The mapped instances of a task by their label (rendered map_index) → state."""
    return {
        str(ti.rendered_map_index): str(ti.state)
        for ti in run.get_task_instances()
        if ti.task_id == task_id and ti.map_index >= 0
    }


def _asset_events(uri: str) -> int:
    from airflow.models.asset import AssetEvent, AssetModel
    from airflow.utils.session import create_session
    from sqlalchemy import func, select

    with create_session() as session:
        return session.scalar(
            select(func.count())
            .select_from(AssetEvent)
            .join(AssetModel, AssetModel.id == AssetEvent.asset_id)
            .where(AssetModel.uri == uri)
        )


def test_ingest_retries_a_flaky_fetch_shows_the_bad_file_then_transform_publishes_then_reprocess_reloads(
    dagbag: Any, notices_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    portal = FlakyPortal(pdf=(SAMPLES_DIR / HTTP_SAMPLE).read_bytes())
    with serve(portal):
        monkeypatch.setenv("AIRFLOW_VAR_NOTICES_SOURCES_CONFIG", str(_sources(tmp_path, portal)))
        raw_events_before = _asset_events("duckdb://warehouse/raw")
        ingest = dagbag.dags["notices_ingest"].test()
        after_first = counts(notices_home / "warehouse.duckdb")
        attachment_answers = list(portal.statuses[ATTACHMENT_PATH])
        # A second run finds nothing new: same counts, the load is skipped, and no Asset
        # event wakes warehouse_transform again.
        again = dagbag.dags["notices_ingest"].test()

    states = _states(ingest)
    assert str(ingest.state) == "success", states
    # One batch of six candidates; the portal's 503 was tried again within the batch.
    assert attachment_answers == [503, 200]
    # The truncated PDF shows as its own non-green instance, named after its file.
    assert _labelled(ingest, "failed_document") == {"truncated.pdf": "skipped"}
    assert states[("announce_raw_change", -1)][0] == "success"
    assert states[("record_failure", -1)][0] == "skipped"

    found = query(
        notices_home / "warehouse.duckdb",
        {
            "by_status": "select status, count(*) from raw.documents group by 1 order by 1",
            "failed": "select error_kind from raw.documents where status = 'failed'",
            "portal": "select count(*) from raw.documents where source_id = 'portal'",
            "holding": "select count(distinct document_id) from raw.notices",
            "superseded": "select count(*) from raw.documents where note_kind = 'superseded'",
            "rows": "select count(*) from raw.task_rows",
            "run": "select documents_extracted, documents_failed, task_rows_loaded, status "
            "from raw.load_runs where trigger = 'airflow' order by started_at",
        },
    )
    statuses = dict(map(tuple, found["by_status"]))
    assert statuses.get("failed") == 1 and found["failed"] == [["corrupt"]]
    assert statuses.get("extracted", 0) + statuses.get("quarantined", 0) == 5
    assert found["portal"] == [[1]]
    loaded = counts(notices_home / "warehouse.duckdb")
    assert loaded["raw.notices"] == SAMPLE_NOTICES and loaded["raw.task_rows"] > 0
    # The summary counts what raw holds: documents holding a notice, the superseded
    # renderings apart, and the rows really in raw.task_rows.
    summary = _xcom(ingest, "summarise")
    raw = summary["counts"]
    assert raw["documents_loaded"] + raw["documents_quarantined"] == found["holding"][0][0]
    assert raw["documents_superseded"] == found["superseded"][0][0]
    assert raw["task_rows"] == found["rows"][0][0]
    assert [f["label"] for f in summary["failures"]] == ["truncated.pdf"]
    # the first run as recorded (the second one found nothing)
    assert found["run"][0] == [found["holding"][0][0], 1, found["rows"][0][0], "success"]
    assert _asset_events("duckdb://warehouse/raw") == raw_events_before + 1
    assert after_first == loaded
    again_states = _states(again)
    assert str(again.state) == "success", again_states
    # Nothing new: no Asset event, so warehouse_transform is not started again.
    assert again_states[("announce_raw_change", -1)][0] == "skipped"
    assert _asset_events("duckdb://warehouse/raw") == raw_events_before + 1
    assert not (notices_home / "reporting.duckdb").exists(), "ingest must not publish"

    transform = dagbag.dags["warehouse_transform"].test()
    assert str(transform.state) == "success", _states(transform)
    facts = query(notices_home / "reporting.duckdb", {"facts": FACT_ROWS})["facts"][0][0]
    assert facts > 0
    assert (notices_home / "calendar" / "all.ics").is_file(), "publish writes the calendars"

    # After a parser upgrade: reprocess one source only, chosen by the run's params.
    reprocess = dagbag.dags["notices_reprocess"].test(run_conf={"source_id": "portal"})
    assert str(reprocess.state) == "success", _states(reprocess)
    runs = query(
        notices_home / "warehouse.duckdb",
        {
            "runs": "select documents_extracted, status from raw.load_runs "
            "where trigger = 'airflow' order by started_at"
        },
    )["runs"]
    # both ingest runs (everything new, then nothing new) and the one-source reprocess
    holding = found["holding"][0][0]
    assert runs == [[holding, "success"], [0, "success"], [1, "success"]]
    assert counts(notices_home / "warehouse.duckdb") == loaded, "reloading never duplicates"
    again = query(notices_home / "reporting.duckdb", {"facts": FACT_ROWS})["facts"][0][0]
    assert again == facts
    print(f"ingest: {loaded}, published fact rows: {facts}")


def test_notices_pipeline_runs_end_to_end_on_the_samples(
    dagbag: Any, notices_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both renderings of one notice: enough to cross every step, quicker than all samples.
    config = tmp_path / "sources.yml"
    config.write_text(
        f"sources:\n  - {{id: samples, type: dir, path: '{SAMPLES_DIR}', glob: 'ningyang-*'}}\n"
    )
    monkeypatch.setenv("AIRFLOW_VAR_NOTICES_SOURCES_CONFIG", str(config))
    run = dagbag.dags["notices_pipeline"].test()
    states = _states(run)
    assert str(run.state) == "success", states
    # Both documents in one batch (NOTICES_BATCH_SIZE 20), both loaded or superseded.
    assert len([k for k in states if k[0] == "extract"]) == 1
    loaded = counts(notices_home / "warehouse.duckdb")
    assert loaded["raw.documents"] == len(list(SAMPLES_DIR.glob("ningyang-*")))
    assert loaded["raw.notices"] == 1
    facts = query(notices_home / "reporting.duckdb", {"facts": FACT_ROWS})["facts"][0][0]
    assert facts > 0
    assert (notices_home / "calendar" / "all.ics").is_file(), "publish writes the calendars"
