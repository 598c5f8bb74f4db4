"""A real warehouse for the dbt tests: the expected corpus extraction loaded into `raw` the
way the pipeline loads it (tests/dbt/fixture_loader.py), then a real `dbt build` of
dbt_project/ over it.

Shared by tests/dbt and tests/analyst (each loads this file by path; see their conftest).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.dbt.fixture_loader import load_extractions
from tests.expected_corpus import Notice, load_expected_corpus
from warehouse.db import connect
from warehouse.load_runs import record_run, success_record

REPO = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = REPO / "dbt_project"

# A notice whose only row fails validation: it must reach staging but never the marts.
QUARANTINE_PROBE_NOTICE = "quarantine-probe"


@dataclass(frozen=True)
class BuiltWarehouse:
    path: Path
    notices: list[Notice]
    dbt_output: str


def quarantine_probe(notices: list[Notice]) -> Notice:
    """A copy of the first corpus row under its own notice, its requirement cell come out
    empty: great-expectations quarantines the row (requirement_not_empty), and the notice
    with it (its only row is quarantined). Its units are the source row's."""
    source = next(notice for notice in notices if notice.rows)
    meta = {**source.meta, "notice_id": QUARANTINE_PROBE_NOTICE, "doc_number": None}
    row = {**source.rows[0], "notice_id": QUARANTINE_PROBE_NOTICE, "row": 1, "requirement": ""}
    return Notice(meta, [row])


def create_raw_warehouse(path: Path, notices: list[Notice]) -> None:
    """The raw layer as the pipeline leaves it: `notices` and the quarantine probe
    registered, validated and loaded by the real loader, recorded as one run."""
    started_at = datetime.now(UTC).isoformat()
    probe = quarantine_probe(notices)
    outcomes = load_extractions(
        path, [(n.meta, n.rows) for n in [*notices, probe]], source_id="corpus"
    )
    quarantined = [o.notice_id for o in outcomes if o.status == "quarantined"]
    if quarantined != [QUARANTINE_PROBE_NOTICE]:
        raise AssertionError(f"expected only the probe quarantined, got {quarantined}")
    con = connect(path)
    try:
        record_run(
            con,
            success_record(
                run_id="test-run",
                started_at=started_at,
                finished_at=datetime.now(UTC).isoformat(),
                trigger="cli",
                documents_fetched=len(outcomes),
                loaded=len(outcomes) - len(quarantined),
                quarantined=len(quarantined),
                failed=0,
                task_rows=sum(o.rows_loaded for o in outcomes),
            ),
        )
    finally:
        con.close()


def run_dbt(args: list[str], warehouse_path: Path, work_dir: Path) -> tuple[bool, str]:
    """`dbt <args>` in this process through dbt's Python API; returns (success, log text)."""
    from dbt.cli.main import dbtRunner

    saved = {
        key: os.environ.get(key)
        for key in ("NOTICES_WAREHOUSE_PATH", "DBT_SEND_ANONYMOUS_USAGE_STATS")
    }
    os.environ["NOTICES_WAREHOUSE_PATH"] = str(warehouse_path)
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    try:
        result = dbtRunner().invoke(
            [
                *args,
                "--project-dir",
                str(DBT_PROJECT_DIR),
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
                "--target-path",
                str(work_dir / "target"),
                "--log-path",
                str(work_dir / "logs"),
            ]
        )
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    log_file = work_dir / "logs" / "dbt.log"
    log = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
    failures = []
    if result.result is not None and hasattr(result.result, "results"):
        for node_result in result.result.results:
            if str(node_result.status) in ("error", "fail", "runtime error"):
                failures.append(
                    f"{node_result.node.unique_id}: {node_result.status} {node_result.message}"
                )
    if result.exception is not None:
        failures.append(repr(result.exception))
    return result.success, "\n".join(failures) or log[-4000:]


_built: dict[str, BuiltWarehouse] = {}


def build_warehouse(work_dir: Path) -> BuiltWarehouse:
    """Raw layer from the corpus, then `dbt build` (seeds, models, tests, unit tests).

    Built once per process: tests/dbt and tests/analyst share it when they run together.
    """
    if "corpus" in _built:
        return _built["corpus"]
    notices = load_expected_corpus()
    path = work_dir / "warehouse.duckdb"
    create_raw_warehouse(path, notices)
    success, output = run_dbt(["build"], path, work_dir)
    if not success:
        raise AssertionError(f"dbt build failed:\n{output}")
    _built["corpus"] = BuiltWarehouse(path, notices, output)
    return _built["corpus"]


@pytest.fixture(scope="session", name="built_warehouse")
def built_warehouse_fixture(tmp_path_factory: pytest.TempPathFactory) -> BuiltWarehouse:
    """The corpus warehouse as the session fixture `built_warehouse`: each conftest that
    needs it imports it (named apart so the tests' parameter does not shadow the import)."""
    return build_warehouse(tmp_path_factory.mktemp("corpus_marts"))


def publish_copy(built: BuiltWarehouse) -> Path:
    """The snapshot beside the warehouse, published as the pipeline publishes
    reporting.duckdb (the marts only)."""
    from warehouse.publish import publish

    reporting_path = built.path.with_name("reporting.duckdb")
    if not reporting_path.exists():
        publish(built.path, reporting_path, method="analysts")
    return reporting_path
