"""deploy/airflow-services.sh runs Airflow's services as plain processes (a host without
systemd): started in sessions of their own, reported, and stopped with every process they
started (a scheduler's task processes included). A stand-in `airflow` that starts a child
and waits plays each service, so no Airflow and no port is needed."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "deploy" / "airflow-services.sh"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_services_start_report_and_stop_with_their_children(tmp_path: Path) -> None:
    notices = tmp_path / "opt-notices"
    fake = notices / ".venv" / "bin" / "airflow"
    fake.parent.mkdir(parents=True)
    children = tmp_path / "children"
    children.mkdir()
    # each "service" starts a task-like child, notes both pids and its arguments, waits
    fake.write_text(
        f'#!/bin/sh\nsleep 300 &\necho "$$ $! $*" > {children}/"$1"\nwait\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    env_file = tmp_path / "airflow.env"
    env_file.write_text(f"AIRFLOW_HOME={tmp_path / 'airflow'}\n", encoding="utf-8")
    env = {**os.environ, "NOTICES_DIR": str(notices), "NOTICES_AIRFLOW_ENV": str(env_file)}

    def services(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=120
        )

    assert services("status").returncode == 1
    assert services("start").returncode == 0
    for _ in range(100):
        if len(list(children.iterdir())) == 3:
            break
        time.sleep(0.1)
    started = {p.name: p.read_text().split() for p in children.iterdir()}
    assert set(started) == {"api-server", "scheduler", "dag-processor"}
    assert started["scheduler"][2:] == ["scheduler", "--skip-serve-logs"]  # no :8793 server
    pids = [int(pid) for words in started.values() for pid in words[:2]]
    assert all(_alive(pid) for pid in pids)
    assert services("status").returncode == 0

    stopped = services("stop")
    assert stopped.returncode == 0, stopped.stderr
    for _ in range(100):
        if not any(_alive(pid) for pid in pids):
            break
        time.sleep(0.1)
    assert not [pid for pid in pids if _alive(pid)], "a service or its child outlived stop"
    assert services("status").returncode == 1
