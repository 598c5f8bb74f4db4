"""The raw version (issue 14.1): what the marts and the snapshot were built from."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb

from extract.contract import NoticeRecords
from tests.warehouse.wh_corpus import all_ok, extraction, fetched
from warehouse.load_runs import LoadRun, mark_interrupted, record_run
from warehouse.loader import load_document
from warehouse.registry import register_fetched
from warehouse.versions import MARTS, built_version, raw_version, record_built

REPO = Path(__file__).resolve().parents[2]


def _load(con: duckdb.DuckDBPyConnection, slug: str, minutes: int = 0) -> None:
    doc = fetched(slug, minutes=minutes)
    register_fetched(con, [doc])
    meta, rows = extraction(slug)
    load_document(con, doc["document_id"], NoticeRecords.from_json(meta, rows), all_ok(rows), "p1")


def test_raw_version_changes_with_every_load_and_only_then(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    project = tmp_path / "dbt_project"
    shutil.copytree(REPO / "dbt_project" / "models", project / "models")
    empty = raw_version(con, project)
    _load(con, "ningyang-2017")
    one = raw_version(con, project)
    assert one != empty
    record_run(con, LoadRun(started_at=dt.datetime.now(dt.UTC), status="running"))
    assert raw_version(con, project) == one  # the run log is not an input of the marts
    _load(con, "liangshan-2021", minutes=1)
    assert raw_version(con, project) not in (empty, one)


def test_raw_version_changes_with_the_dbt_project(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    project = tmp_path / "dbt_project"
    shutil.copytree(REPO / "dbt_project" / "models", project / "models")
    before = raw_version(con, project)
    model = next((project / "models").rglob("*.sql"))
    model.write_text(model.read_text() + "\n-- changed\n")
    assert raw_version(con, project) != before


def test_built_version_is_recorded_per_target(con: duckdb.DuckDBPyConnection) -> None:
    assert built_version(con) is None
    record_built(con, "v1")
    record_built(con, "v2")
    record_built(con, "v0", "snapshot")
    assert built_version(con, MARTS) == "v2"
    assert built_version(con, "snapshot") == "v0"


def test_dangling_running_runs_are_marked_interrupted(con: duckdb.DuckDBPyConnection) -> None:
    now = dt.datetime.now(dt.UTC)
    record_run(con, LoadRun(run_id="a", started_at=now, status="running"))
    record_run(con, LoadRun(run_id="b", started_at=now, status="success", finished_at=now))
    assert mark_interrupted(con, "c", now) == 1
    assert mark_interrupted(con, "c", now) == 0
    rows = dict(con.execute("select run_id, status from raw.load_runs").fetchall())
    assert rows == {"a": "interrupted", "b": "success"}
