"""`notices run` end to end, as a user runs it: a real subprocess, real files, real dbt."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.expected_corpus import load_expected_corpus, obligations_by_region_frequency

REPO = Path(__file__).resolve().parents[2]
NOTICES = Path(sys.executable).with_name("notices")


def _notices(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NOTICES_HOME": str(home)}
    return subprocess.run(
        [str(NOTICES), *args], env=env, capture_output=True, text=True, timeout=600
    )


def _counts(home: Path) -> dict[str, int]:
    """Raw counts from the warehouse (free once a run ended), the facts from the snapshot."""
    counts = {}
    for path, tables in (
        (home / "warehouse.duckdb", ("raw.documents", "raw.notices", "raw.task_rows")),
        (home / "reporting.duckdb", ("marts.fct_disclosure_obligations",)),
    ):
        con = duckdb.connect(str(path), read_only=True)
        try:
            counts |= {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}
        finally:
            con.close()
    return counts


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples plus two bad files a real inbox gets: an empty one, an HTML error page."""
    root = tmp_path_factory.mktemp("inbox")
    files = root / "files"
    shutil.copytree(REPO / "samples", files)
    (files / "empty.pdf").write_bytes(b"")
    (files / "error-page.pdf").write_bytes(
        b"<html><head><title>404 Not Found</title></head><body>not found</body></html>"
    )
    (root / "sources.yml").write_text(
        "sources:\n  - id: inbox\n    type: dir\n    path: files\n", encoding="utf-8"
    )
    return root


@pytest.fixture(scope="module")
def first_run(inbox: Path, tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("home")
    result = _notices(["run", "--config", str(inbox / "sources.yml")], home)
    return home, result


def test_run_publishes_a_non_empty_fact_table(first_run) -> None:
    home, result = first_run
    assert result.returncode == 0, result.stdout + result.stderr
    counts = _counts(home)
    assert counts["marts.fct_disclosure_obligations"] > 0
    # two renderings of each corpus notice are one notice each (same notice_id)
    assert counts["raw.task_rows"] == 133 + 64


def test_bad_files_are_recorded_as_failed_with_their_kind(first_run) -> None:
    home, result = first_run
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    failed = dict(
        con.execute(
            "select original_name, error_kind from raw.documents where status = 'failed'"
        ).fetchall()
    )
    con.close()
    assert failed == {"empty.pdf": "empty", "error-page.pdf": "not_pdf"}
    assert "empty" in result.stderr and "not_pdf" in result.stderr


def test_second_run_is_idempotent(first_run, inbox: Path) -> None:
    home, _ = first_run
    before = _counts(home)
    again = _notices(["run", "--config", str(inbox / "sources.yml")], home)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _counts(home) == before


def test_snapshot_holds_only_the_schemas_analysts_need(first_run) -> None:
    """Issue 18 item 7: reporting.duckdb was a byte copy of the warehouse, so BI users read
    raw.* (error messages, URLs, file names). It holds the marts, and nothing of raw."""
    home, _ = first_run
    con = duckdb.connect(str(home / "reporting.duckdb"), read_only=True)
    try:
        schemas = {
            schema
            for (schema,) in con.execute(
                "select distinct schema_name from duckdb_tables()"
                " union select distinct schema_name from duckdb_views() where not internal"
            ).fetchall()
        }
        # the failed files (their names and error messages) are in raw.documents only
        text_columns = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns"
            " where data_type = 'VARCHAR'"
        ).fetchall()
        leaks = [
            f"{schema}.{table}.{column}"
            for schema, table, column in text_columns
            if con.execute(
                f'select count(*) from "{schema}"."{table}"'
                f" where \"{column}\" like '%error-page%' or \"{column}\" like '%empty.pdf%'"
            ).fetchone()[0]
        ]
    finally:
        con.close()
    assert schemas == {"marts"}, schemas
    assert text_columns and leaks == []


def test_status_reports_the_warehouse(first_run) -> None:
    home, _ = first_run
    result = _notices(["status", "--json"], home)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["task_rows"] == 133 + 64


def test_fact_counts_by_region_and_frequency_equal_the_expected_extraction(first_run) -> None:
    """Through the real path (PDF → extract → validate → load → dbt), the facts by region ×
    frequency are what the corpus' expected extraction files imply."""
    home, _ = first_run
    expected = obligations_by_region_frequency(load_expected_corpus())
    con = duckdb.connect(str(home / "reporting.duckdb"), read_only=True)
    actual = {
        (adcode, frequency): n
        for adcode, frequency, n in con.execute(
            "select region_adcode, frequency_label, count(*)"
            " from marts.fct_disclosure_obligations group by all"
        ).fetchall()
    }
    con.close()
    assert sum(expected.values()) > 0
    assert actual == dict(expected)
