"""The throwaway Airflow installation of the DAG tests: paths and environment, set once.

Airflow reads its configuration when first imported, so this module sets the environment
at import, before any test imports airflow (importing it without AIRFLOW_HOME would write
~/airflow). Test modules import from here, never from conftest (several conftest modules
exist in tests/, and importing one by name would run it a second time).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DAGS_DIR = REPO_ROOT / "dags"
SAMPLES_DIR = REPO_ROOT / "samples"
POOLS_FILE = REPO_ROOT / "deploy" / "pools.json"

AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="notices-airflow-home-"))
PRISTINE_DB = AIRFLOW_HOME / "pristine-airflow.db"  # freshly migrated, nothing else
AIRFLOW_ENV: dict[str, str] = {
    "AIRFLOW_HOME": str(AIRFLOW_HOME),
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
