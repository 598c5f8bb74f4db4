"""A real warehouse for the dbt tests: raw tables from warehouse/schema.sql, filled with the
expected corpus extraction, then a real `dbt build` of dbt_project/ over it.

Shared by tests/dbt and tests/analyst (each loads this file by path; see their conftest).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

REPO = Path(__file__).resolve().parents[2]
EXPECTED_DIR = REPO / "tests" / "fixtures" / "corpus" / "expected"
SCHEMA_SQL = REPO / "warehouse" / "schema.sql"
DBT_PROJECT_DIR = REPO / "dbt_project"

# A notice whose only row failed validation: it must reach staging but never the marts.
QUARANTINE_PROBE_NOTICE = "quarantine-probe"


@dataclass(frozen=True)
class Notice:
    meta: dict[str, Any]
    rows: list[dict[str, Any]]


@dataclass(frozen=True)
class BuiltWarehouse:
    path: Path
    notices: list[Notice]
    dbt_output: str


def load_expected_corpus() -> list[Notice]:
    """Every expected extraction in the corpus fixtures, as the extractor would emit it."""
    notices = []
    for meta_path in sorted(EXPECTED_DIR.glob("*.meta.json")):
        slug = meta_path.name.removesuffix(".meta.json")
        rows_path = EXPECTED_DIR / f"{slug}.jsonl"
        rows = [
            json.loads(line)
            for line in rows_path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        notices.append(Notice(json.loads(meta_path.read_text(encoding="utf-8")), rows))
    return notices


def _document_id(notice: Notice) -> str:
    return hashlib.sha256(notice.meta["notice_id"].encode("utf-8")).hexdigest()


def _insert_notice(
    con: duckdb.DuckDBPyConnection,
    notice: Notice,
    loaded_at: datetime,
    *,
    row_status: str = "ok",
    row_reasons: list[str] | None = None,
) -> None:
    meta = notice.meta
    region = meta.get("region") or {}
    document_id = _document_id(notice)
    con.execute(
        "insert into raw.documents (document_id, source_id, url, original_name, fetched_at,"
        " content_type, bytes, status, parser_version, extracted_at, loaded_at)"
        " values (?, 'corpus', ?, ?, ?, 'application/pdf', 0, 'extracted', 'test', ?, ?)",
        [
            document_id,
            f"corpus/{meta['notice_id']}",
            meta["notice_id"],
            loaded_at,
            loaded_at,
            loaded_at,
        ],
    )
    con.execute(
        "insert into raw.notices (notice_id, document_id, title, doc_number, issuer,"
        " publish_date, year, province, prefecture, county, region_adcode, table_title,"
        " columns, has_task_table, body, row_count, dq_status, dq_reasons, parser_version,"
        " loaded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ok', [], 'test', ?)",
        [
            meta["notice_id"],
            document_id,
            meta["title"],
            meta["doc_number"],
            meta["issuer"],
            meta["publish_date"],
            meta["year"],
            region.get("province"),
            region.get("prefecture"),
            region.get("county"),
            region.get("adcode"),
            meta["table_title"],
            meta["columns"],
            meta["has_task_table"],
            meta["body"],
            len(notice.rows),
            loaded_at,
        ],
    )
    if not notice.rows:
        return
    con.executemany(
        "insert into raw.task_rows (notice_id, row, document_id, seq, section, requirement,"
        " lead_units_text, responsible_units_text, deadline_text, lead_units,"
        " responsible_units, cooperating_units, frequencies, deadline_date, dq_status,"
        " dq_reasons, loaded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                meta["notice_id"],
                row["row"],
                document_id,
                row["seq"],
                row["section"],
                row["requirement"],
                row["lead_units_text"],
                row["responsible_units_text"],
                row["deadline_text"],
                row["lead_units"],
                row["responsible_units"],
                row["cooperating_units"],
                row["frequencies"],
                row["deadline_date"],
                row_status,
                row_reasons or [],
                loaded_at,
            ]
            for row in notice.rows
        ],
    )


def quarantine_probe(notices: list[Notice]) -> Notice:
    """A copy of the first corpus row under its own notice, to be loaded as quarantined."""
    source = next(notice for notice in notices if notice.rows)
    meta = {**source.meta, "notice_id": QUARANTINE_PROBE_NOTICE, "doc_number": None}
    row = {**source.rows[0], "notice_id": QUARANTINE_PROBE_NOTICE, "row": 1}
    return Notice(meta, [row])


def create_raw_warehouse(path: Path, notices: list[Notice]) -> None:
    """The raw layer exactly as warehouse/ defines it, filled with plain SQL inserts."""
    loaded_at = datetime.now(UTC)
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        for notice in notices:
            _insert_notice(con, notice, loaded_at)
        _insert_notice(
            con,
            quarantine_probe(notices),
            loaded_at,
            row_status="quarantined",
            row_reasons=["probe: quarantined rows stay out of the marts"],
        )
        con.execute(
            "insert into raw.load_runs (run_id, started_at, finished_at, trigger,"
            " notices_loaded, task_rows_loaded, status) values ('test-run', ?, ?, 'cli', ?, ?,"
            " 'success')",
            [loaded_at, loaded_at, len(notices), sum(len(n.rows) for n in notices)],
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


def publish_copy(built: BuiltWarehouse) -> Path:
    """The snapshot beside the warehouse, published as the pipeline publishes
    reporting.duckdb (the marts only)."""
    from warehouse.publish import publish

    reporting_path = built.path.with_name("reporting.duckdb")
    if not reporting_path.exists():
        publish(built.path, reporting_path, method="analysts")
    return reporting_path
