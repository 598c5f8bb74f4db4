"""The DAGs under a real Airflow: api-server, scheduler and dag-processor as separate
processes (LocalExecutor), a temporary AIRFLOW_HOME, free ports, the secrets the
components must share, the pools imported from deploy/pools.json, and every run driven
through the REST API with a token from POST /auth/token, as docs/deployment.md says.

Checked: an ingest run with a broken document succeeds and shows that document as a
skipped mapped instance named after its file; its Asset event starts warehouse_transform,
which builds and publishes the marts; a broken sources file makes the next ingest run
`failed`. The metadata DB is SQLite unless NOTICES_E2E_SQL_ALCHEMY_CONN names another,
and the auth manager Airflow's simple one unless NOTICES_E2E_AUTH_MANAGER=fab: both set,
the test follows the single-machine recipe of docs/deployment.md (PostgreSQL and the FAB
auth manager of the `deploy` extra).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.dags.dag_test_env import DAGS_DIR, POOLS_FILE, PRISTINE_DB, SAMPLES_DIR
from tests.dags.warehouse_queries import query

pytestmark = pytest.mark.slow

BAD_FILE = "损坏的通知.pdf"
ADMIN_PASSWORD = "e2e-admin-password"
FAB_AUTH_MANAGER = "airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager"
# How long one phase (a DAG run, the API coming up) may take before the test gives up. It
# bounds a hang, not the speed: the transform phase (a real dbt build under Airflow) took
# over 240 s on a 2-core machine at a load average of 27 and failed a correct run, so the
# bound is generous; a healthy run takes 20-60 s a phase.
PHASE_TIMEOUT_S = 900.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Airflow:
    base: str
    home: Path
    notices_home: Path
    sources: Path
    token: str = ""

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        answer = httpx.request(
            method,
            self.base + path,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=30,
            **kwargs,
        )
        assert answer.status_code < 300, f"{method} {path}: {answer.status_code} {answer.text}"
        return answer.json()


def _environment(home: Path, notices_home: Path, sources: Path, port: int) -> dict[str, str]:
    passwords = home / "passwords.json"
    passwords.write_text(json.dumps({"admin": ADMIN_PASSWORD}), encoding="utf-8")
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "NOTICES", "_AIRFLOW"))
    }
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_DIR),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__CORE__PARALLELISM": "3",
            "AIRFLOW__CORE__AUTH_MANAGER": (
                "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager"
            ),
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": "admin:admin",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(passwords),
            # Every component signs or checks tokens with these: they must be the same.
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(32),
            "AIRFLOW__API__SECRET_KEY": secrets.token_urlsafe(32),
            "AIRFLOW__API__PORT": str(port),
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
            "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(_free_port()),
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
            "AIRFLOW_VAR_NOTICES_HOME": str(notices_home),
            "AIRFLOW_VAR_NOTICES_SOURCES_CONFIG": str(sources),
            "AIRFLOW_VAR_NOTICES_INGEST_SCHEDULE": "none",
            "NOTICES_RETRIES": "0",
            "NOTICES_FETCH_RETRIES": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    database = os.environ.get("NOTICES_E2E_SQL_ALCHEMY_CONN")
    if database:
        env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = database
    if os.environ.get("NOTICES_E2E_AUTH_MANAGER") == "fab":
        env["AIRFLOW__CORE__AUTH_MANAGER"] = FAB_AUTH_MANAGER
    return env


def _airflow(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "airflow", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"airflow {' '.join(args)}:\n{done.stderr[-3000:]}"


def _wait(what: str, probe: Any, timeout: float = PHASE_TIMEOUT_S) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            found = probe()
        except (httpx.HTTPError, AssertionError):
            found = None
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(2)


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def airflow(tmp_path_factory: pytest.TempPathFactory, airflow_db: Path) -> Iterator[Airflow]:
    root = tmp_path_factory.mktemp("real-airflow")
    home, notices_home, inbox = root / "airflow", root / "warehouse", root / "inbox"
    home.mkdir()
    inbox.mkdir()
    for pdf in SAMPLES_DIR.glob("ningyang-*.pdf"):
        shutil.copy(pdf, inbox / pdf.name)
    (inbox / BAD_FILE).write_bytes((SAMPLES_DIR / "yishui-2018.pdf").read_bytes()[:600])
    sources = root / "sources.yml"
    sources.write_text("sources:\n  - {id: inbox, type: dir, path: inbox}\n", encoding="utf-8")
    port = _free_port()
    env = _environment(home, notices_home, sources, port)
    if "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN" in env:
        _airflow(env, "db", "migrate")
    else:  # the session's freshly migrated SQLite DB, copied: the same as migrating
        shutil.copy(PRISTINE_DB, home / "airflow.db")
    _airflow(env, "pools", "import", str(POOLS_FILE))
    if env["AIRFLOW__CORE__AUTH_MANAGER"] == FAB_AUTH_MANAGER:
        _airflow(
            env, "users", "create", "--role", "Admin", "--username", "admin",
            "--password", ADMIN_PASSWORD, "--firstname", "Ada", "--lastname", "Admin",
            "--email", "admin@example.org",
        )  # fmt: skip
    processes = []
    try:
        for command in ("api-server", "scheduler", "dag-processor"):
            log = open(home / f"{command}.log", "wb")  # noqa: SIM115 (closed with the process)
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "airflow", command],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        base = f"http://127.0.0.1:{port}"
        instance = Airflow(base=base, home=home, notices_home=notices_home, sources=sources)
        instance.token = _wait("a token from POST /auth/token", lambda: _token(base))
        for dag_id in ("notices_ingest", "warehouse_transform"):
            _wait(
                f"{dag_id} to be parsed", lambda d=dag_id: instance.api("GET", f"/api/v2/dags/{d}")
            )
            instance.api("PATCH", f"/api/v2/dags/{dag_id}", json={"is_paused": False})
        yield instance
    finally:
        _stop(processes)
        for command in ("api-server", "scheduler", "dag-processor"):
            log_file = home / f"{command}.log"
            if log_file.exists():
                print(f"--- {command} (tail)\n" + log_file.read_text(errors="replace")[-1500:])


def _token(base: str) -> str | None:
    answer = httpx.post(
        base + "/auth/token",
        json={"username": "admin", "password": ADMIN_PASSWORD},
        timeout=10,
    )
    return answer.json().get("access_token") if answer.status_code < 300 else None


def _trigger_and_wait(airflow: Airflow, dag_id: str) -> dict[str, Any]:
    run = airflow.api("POST", f"/api/v2/dags/{dag_id}/dagRuns", json={"logical_date": None})
    path = f"/api/v2/dags/{dag_id}/dagRuns/{run['dag_run_id']}"
    return _wait(
        f"{dag_id} run to finish",
        lambda: (r := airflow.api("GET", path))["state"] in ("success", "failed") and r,
    )


def _task_instances(airflow: Airflow, dag_id: str, run_id: str) -> list[dict[str, Any]]:
    found = airflow.api("GET", f"/api/v2/dags/{dag_id}/dagRuns/{run_id}/taskInstances?limit=100")
    return found["task_instances"]


def test_ingest_shows_the_bad_file_triggers_the_transform_and_fails_on_broken_sources(
    airflow: Airflow,
) -> None:
    ingest = _trigger_and_wait(airflow, "notices_ingest")
    instances = _task_instances(airflow, "notices_ingest", ingest["dag_run_id"])
    states = {(t["task_id"], t["map_index"]): t["state"] for t in instances}
    assert ingest["state"] == "success", states
    failed_docs = {
        t["rendered_map_index"]: t["state"] for t in instances if t["task_id"] == "failed_document"
    }
    assert failed_docs == {BAD_FILE: "skipped"}
    assert states[("announce_raw_change", -1)] == "success"

    # The Asset event of the ingest run starts warehouse_transform, which publishes.
    def transformed() -> dict[str, Any] | None:
        runs = airflow.api("GET", "/api/v2/dags/warehouse_transform/dagRuns")["dag_runs"]
        done = [r for r in runs if r["state"] in ("success", "failed")]
        return done[0] if done else None

    transform = _wait("warehouse_transform to be started by the asset and finish", transformed)
    assert transform["run_type"] == "asset_triggered"
    assert transform["state"] == "success", _task_instances(
        airflow, "warehouse_transform", transform["dag_run_id"]
    )
    marts = query(
        airflow.notices_home / "reporting.duckdb",
        {
            "facts": "select count(*) from marts.fct_disclosure_obligations",
            "notices": "select count(*) from marts.dim_notice",
        },
    )
    assert marts["facts"][0][0] > 0
    assert marts["notices"] == [[1]]
    # A green run logs no error: mapped results are read in one slice, not item by item
    # until one is missing (which logged "XCom not found … offset=1" in every run).
    # (the LocalExecutor's task processes log into the scheduler's output)
    logs = [airflow.home / f"{c}.log" for c in ("api-server", "scheduler", "dag-processor")]
    logs += (airflow.home / "logs").rglob("*.log")
    noisy = [p.name for p in logs if "XCom not found" in p.read_text(errors="replace")]
    assert noisy == []

    # A sources file that cannot be parsed: the ingest run is failed, not a quiet day.
    airflow.sources.write_text("sources: [ {id: inbox, type: dir, path: \n", encoding="utf-8")
    broken = _trigger_and_wait(airflow, "notices_ingest")
    broken_states = {
        t["task_id"]: t["state"]
        for t in _task_instances(airflow, "notices_ingest", broken["dag_run_id"])
        if t["map_index"] == -1
    }
    assert broken["state"] == "failed", broken_states
    assert broken_states["discover"] == "failed"
