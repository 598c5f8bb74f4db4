"""Fixtures of the DAG tests: the metadata DB migrated once per session with the pools of
deploy/pools.json imported as airflow-init does in docker-compose, the parsed DAG
folder, and a fresh warehouse folder per test."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.dags.dag_test_env import AIRFLOW_HOME, DAGS_DIR, POOLS_FILE, PRISTINE_DB, airflow_cli


@pytest.fixture(scope="session")
def airflow_db() -> Path:
    """Migrated metadata DB with the writer pool (the same commands airflow-init runs).
    A copy of the freshly migrated DB is kept as `PRISTINE_DB` for tests that start
    their own Airflow (migrating SQLite again costs minutes on a busy machine)."""
    done = airflow_cli("db", "migrate")
    assert done.returncode == 0, f"airflow db migrate failed:\n{done.stderr[-3000:]}"
    with (
        closing(sqlite3.connect(AIRFLOW_HOME / "airflow.db")) as source,
        closing(sqlite3.connect(PRISTINE_DB)) as copy,
    ):
        source.backup(copy)
    done = airflow_cli("pools", "import", str(POOLS_FILE))
    assert done.returncode == 0, f"airflow pools import failed:\n{done.stderr[-3000:]}"
    return AIRFLOW_HOME


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
