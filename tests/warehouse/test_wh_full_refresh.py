"""The marts built by notice are rebuilt from scratch when the dbt project changed since
the last complete build (new rules must reach every notice), not when only raw did."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from extract.contract import NoticeRecords
from pipeline.building import needs_full_refresh
from tests.warehouse.wh_corpus import SLUGS, all_ok, extraction, fetched
from warehouse.loader import load_document
from warehouse.registry import register_fetched
from warehouse.versions import built_version, raw_version, record_built

PROJECT = Path(__file__).resolve().parents[2] / "dbt_project"


def _load(con: duckdb.DuckDBPyConnection, slug: str, minutes: int) -> None:
    document = fetched(slug, minutes=minutes)
    register_fetched(con, [document])
    meta, rows = extraction(slug)
    load_document(
        con, document["document_id"], NoticeRecords.from_json(meta, rows), all_ok(rows), "p1"
    )


def test_a_project_change_forces_a_full_refresh_and_new_notices_do_not(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    project = tmp_path / "dbt_project"
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns("target", "logs"))
    assert needs_full_refresh(built_version(con), raw_version(con, project))  # never built
    _load(con, SLUGS[0], 0)
    record_built(con, raw_version(con, project))
    _load(con, SLUGS[1], 1)  # new notices: raw moved, the rules did not
    assert not needs_full_refresh(built_version(con), raw_version(con, project))
    seed = next((project / "seeds").glob("*.csv"))
    seed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert needs_full_refresh(built_version(con), raw_version(con, project))
