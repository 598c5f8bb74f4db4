"""deploy/superset-db.sql on a real PostgreSQL (a throwaway cluster on a Unix socket):
Superset gets its own role and database, idempotently, and cannot connect to Airflow's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
INITDB, PG_CTL, PSQL = (shutil.which(n) for n in ("initdb", "pg_ctl", "psql"))

pytestmark = pytest.mark.skipif(
    not (INITDB and PG_CTL and PSQL and shutil.which("runuser") and os.geteuid() == 0),
    reason="needs PostgreSQL's initdb/pg_ctl/psql and root (to run the cluster as nobody)",
)


def _as_nobody(*command: str) -> None:
    subprocess.run(["runuser", "-u", "nobody", "--", *command], check=True, capture_output=True)


@pytest.fixture
def cluster() -> Iterator[Path]:
    # a folder of its own in the system's temp folder: pytest's is closed to nobody
    root = Path(tempfile.mkdtemp(prefix="notices-pg-"))
    try:
        shutil.chown(root, "nobody")
        _as_nobody(str(INITDB), "-D", str(root / "data"), "-U", "airflow", "--auth=trust")
        options = f"-c listen_addresses='' -c unix_socket_directories={root}"
        data, log = str(root / "data"), str(root / "log")
        _as_nobody(str(PG_CTL), "-D", data, "-o", options, "-l", log, "-w", "start")
        try:
            yield root
        finally:
            _as_nobody(str(PG_CTL), "-D", str(root / "data"), "-m", "immediate", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _psql(socket: Path, user: str, db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PSQL), "-v", "ON_ERROR_STOP=1", "-h", str(socket), "-U", user, "-d", db, *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_superset_gets_its_own_role_and_cannot_open_airflows_database(cluster: Path) -> None:
    assert _psql(cluster, "airflow", "postgres", "-c", "create database airflow").returncode == 0
    variables = ["-v", "role=superset", "-v", "pw=it's-a-l0ng-pw", "-v", "db=superset"]
    variables += ["-v", "airflow_db=airflow", "-f", str(REPO / "deploy" / "superset-db.sql")]
    for _ in range(2):  # idempotent: every `docker compose up` runs it
        done = _psql(cluster, "airflow", "postgres", *variables)
        assert done.returncode == 0, done.stderr
    mine = _psql(cluster, "superset", "superset", "-tAc", "select current_user")
    assert mine.stdout.strip() == "superset", mine.stderr
    theirs = _psql(cluster, "superset", "airflow", "-tAc", "select 1")
    assert theirs.returncode != 0 and "CONNECT privilege" in theirs.stderr
    assert _psql(cluster, "airflow", "airflow", "-tAc", "select 1").stdout.strip() == "1"
