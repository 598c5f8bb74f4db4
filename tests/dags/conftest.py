"""A throwaway Airflow installation for the DAG tests: its own AIRFLOW_HOME with a SQLite
metadata DB, migrated once per session, and the `duckdb_writer` pool created as airflow-init
does in docker-compose."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DAGS_DIR = REPO_ROOT / "dags"
SAMPLES_DIR = REPO_ROOT / "samples"

# Airflow reads its configuration when first imported, so this must happen before any
# test module imports airflow; importing it without AIRFLOW_HOME would write ~/airflow.
_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="notices-airflow-home-"))
AIRFLOW_ENV: dict[str, str] = {
    "AIRFLOW_HOME": str(_AIRFLOW_HOME),
    "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
    "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_DIR),
    "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
    # Retries wait a second here, not minutes, so dag.test() can show a real retry.
    "NOTICES_FETCH_RETRY_DELAY": "1",
    "NOTICES_RETRY_DELAY": "1",
}
os.environ.update(AIRFLOW_ENV)


def airflow_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `airflow` CLI of this venv."""
    return subprocess.run(
        [sys.executable, "-m", "airflow", *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def airflow_db() -> Path:
    """Migrated metadata DB with the writer pool (the same commands airflow-init runs)."""
    for args in (("db", "migrate"), ("pools", "set", "duckdb_writer", "1", "DuckDB single writer")):
        done = airflow_cli(*args)
        assert done.returncode == 0, f"airflow {' '.join(args)} failed:\n{done.stderr[-3000:]}"
    return _AIRFLOW_HOME


@pytest.fixture(scope="session")
def dagbag(airflow_db: Path) -> Any:
    from airflow.dag_processing.dagbag import BundleDagBag

    # The bundle flavour puts dags/ on sys.path, as the dag-processor and workers do.
    return BundleDagBag(dag_folder=str(DAGS_DIR), bundle_path=DAGS_DIR, bundle_name="dags-folder")


@pytest.fixture()
def notices_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh warehouse folder, handed to the DAGs through the Variable `notices_home`
    (Airflow reads AIRFLOW_VAR_* from the environment before the metadata DB)."""
    home = tmp_path / "warehouse"
    monkeypatch.setenv("AIRFLOW_VAR_NOTICES_HOME", str(home))
    yield home
