"""A task past its execution_timeout leaves no dbt behind: Airflow interrupts the task
with its own timeout (SIGALRM, as in the task runner) while `building.transform` waits for
dbt, and the dbt child process is killed before the error reaches Airflow, so the
writer slot is free for the next task. Real dbt, real processes."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest


def _processes_with(marker: str) -> set[int]:
    """Processes whose environment names `marker` (the warehouse dbt was given)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes():
                found.add(int(entry.name))
        except OSError:
            continue
    return found


def test_a_timed_out_dbt_step_leaves_no_dbt_process(tmp_path: Path) -> None:
    from airflow.sdk.exceptions import AirflowTaskTimeout
    from airflow.sdk.execution_time.timeout import timeout

    from pipeline import building
    from pipeline.settings import Settings

    settings = Settings.from_env(home=tmp_path / "warehouse-under-timeout")
    marker = f"NOTICES_WAREHOUSE_PATH={settings.warehouse_path}"
    seen: set[int] = set()
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            seen.update(_processes_with(marker) - {os.getpid()})
            stop.wait(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with pytest.raises(AirflowTaskTimeout), timeout(2):
            building.transform(settings)  # dbt build takes far longer than 2 s
    finally:
        stop.set()
        watcher.join()
    assert seen, "dbt was never started"
    assert not (seen & _processes_with(marker)), "dbt outlived the task's timeout"
