"""Kills at every stage of `notices run`, and commands that meet while one writes.

One history, two warehouses. Both start from the same completed run over one notice;
then two more notices arrive. The reference warehouse takes them in one uninterrupted
run (while other commands try to write and read beside it: the concurrency tests). The
crash warehouse takes them through runs SIGKILLed during extraction (the parent alone),
load (the process group), dbt build (the parent alone) and publish (the process group),
then one plain run. That last run must leave exactly the reference state: raw, marts and
snapshot; no temp file, no surviving child, every killed run recorded `interrupted`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.e2e.e2e_processes import (
    REPO,
    Notices,
    database_state,
    load_runs,
    run_notices,
    survivors,
    temp_files,
    wait_reached,
)

pytestmark = pytest.mark.slow

FIRST = "ningyang-2017.ruled.pdf"
LATER = ("liangshan-2021.ruled.pdf", "yishui-2018.pdf")
KILLED_STAGES = ("extract", "load", "dbt", "publish")


def _config(root: Path) -> Path:
    config = root / "sources.yml"
    config.write_text("sources:\n  - id: inbox\n    type: dir\n    path: files\n", "utf-8")
    return config


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The inbox after the first notice, and a warehouse that has run on it (copied twice)."""
    root = tmp_path_factory.mktemp("crash")
    (root / "files").mkdir()
    shutil.copy(REPO / "samples" / FIRST, root / "files")
    config = _config(root)
    base = root / "base"
    first = run_notices(["run", "--config", str(config)], base, root / "logs")
    assert first.process.returncode == 0, first.output()
    for name in LATER:
        shutil.copy(REPO / "samples" / name, root / "files")
    homes = {}
    for name in ("reference", "crashed"):
        homes[name] = root / name
        shutil.copytree(base, homes[name])
        (homes[name] / "writer.lock").unlink(missing_ok=True)
    return {"root": root, "config": config, "homes": homes, "logs": root / "logs"}


@pytest.fixture(scope="module")
def reference(world: dict) -> dict:
    """The uninterrupted run, held at its load stage while other commands try their luck."""
    home, logs, config = world["homes"]["reference"], world["logs"], world["config"]
    pause = world["root"] / "pause-reference"
    quick = {"NOTICES_LOCK_TIMEOUT": "1"}
    writer = Notices(
        ["run", "--config", str(config)],
        home,
        logs,
        NOTICES_TEST_PAUSE="load",
        NOTICES_TEST_PAUSE_DIR=str(pause),
    )
    wait_reached(pause, "load", writer)
    second_run = run_notices(["run", "--config", str(config)], home, logs, **quick)
    second_publish = run_notices(["publish"], home, logs, **quick)
    second_status = run_notices(["status", "--json"], home, logs)
    # a patient run waits for the writer, then runs after it
    patient = Notices(["run", "--config", str(config)], home, logs, NOTICES_LOCK_TIMEOUT="600")
    (pause / "load.release").touch()
    assert writer.wait() == 0, writer.output()
    assert patient.wait() == 0, patient.output()
    return {
        "home": home,
        "writer": writer,
        "second_run": second_run,
        "second_publish": second_publish,
        "second_status": second_status,
        "patient": patient,
        "state": database_state(home / "warehouse.duckdb"),
        "snapshot": database_state(home / "reporting.duckdb"),
    }


@pytest.fixture(scope="module")
def crashed(world: dict) -> dict:
    """Runs killed at each stage in turn, then one run to completion."""
    home, logs, config = world["homes"]["crashed"], world["logs"], world["config"]
    seen: dict[str, dict] = {}
    for stage in KILLED_STAGES:
        pause = world["root"] / f"pause-{stage}"
        command = Notices(
            ["run", "--config", str(config)],
            home,
            logs,
            NOTICES_TEST_PAUSE=stage,
            NOTICES_TEST_PAUSE_DIR=str(pause),
            NOTICES_WORKERS="2",
        )
        paused = wait_reached(pause, stage, command)
        parent_alone = stage in ("extract", "dbt")  # the others: the whole process group
        temps = temp_files(home)
        if parent_alone:
            command.kill_parent()
        else:
            command.kill_group()
        seen[stage] = {
            "paused_pids": paused,
            "parent": command.pid,
            "temp_files_at_kill": temps,
            "survivors": survivors(home),
        }
    final = run_notices(["run", "--config", str(config)], home, logs)
    return {
        "home": home,
        "seen": seen,
        "final": final,
        "state": database_state(home / "warehouse.duckdb"),
        "snapshot": database_state(home / "reporting.duckdb"),
        "runs": load_runs(home / "warehouse.duckdb"),
        "temp_files": temp_files(home),
    }


# ------------------------------------------------------------------ crash recovery


def test_kill_parent_during_extraction_leaves_no_worker_alive(crashed: dict) -> None:
    seen = crashed["seen"]["extract"]
    assert seen["paused_pids"] and seen["parent"] not in seen["paused_pids"]  # pool workers
    assert seen["survivors"] == []


def test_kill_parent_during_dbt_build_leaves_no_dbt_alive(crashed: dict) -> None:
    seen = crashed["seen"]["dbt"]
    assert seen["paused_pids"] and seen["parent"] not in seen["paused_pids"]  # dbt itself
    assert seen["survivors"] == []


def test_kill_group_during_load_and_publish_leaves_no_process(crashed: dict) -> None:
    assert crashed["seen"]["load"]["survivors"] == []
    assert crashed["seen"]["publish"]["survivors"] == []


def test_kill_during_publish_temp_file_is_cleaned_by_next_run(crashed: dict) -> None:
    assert any(
        ".reporting.duckdb." in name for name in crashed["seen"]["publish"]["temp_files_at_kill"]
    )
    assert crashed["temp_files"] == []


def test_killed_runs_are_recorded_interrupted(crashed: dict) -> None:
    final = crashed["final"]
    assert final.process.returncode == 0, final.output()
    statuses = [run["status"] for run in crashed["runs"]]
    # the base run, the four killed runs, the final run
    assert statuses == ["success"] + ["interrupted"] * len(KILLED_STAGES) + ["success"]
    interrupted = [run for run in crashed["runs"] if run["status"] == "interrupted"]
    assert all(run["finished_at"] and run["error_kind"] == "interrupted" for run in interrupted)
    assert {run["pid"] for run in interrupted} == {s["parent"] for s in crashed["seen"].values()}


def test_run_after_kills_converges_to_the_uninterrupted_state(
    crashed: dict, reference: dict
) -> None:
    assert reference["state"]["marts.fct_disclosure_obligations"]  # something to compare
    assert crashed["state"] == reference["state"]
    assert crashed["snapshot"] == reference["snapshot"]
    assert crashed["snapshot"]["marts.dim_notice"] == crashed["state"]["marts.dim_notice"]


def test_marts_behind_raw_are_rebuilt_when_nothing_new_was_fetched(crashed: dict) -> None:
    """The dbt-kill of issue 14.1: the run after it fetched and loaded nothing new, yet
    rebuilt the marts (it was killed in publish, after its dbt build)."""
    runs = crashed["runs"]
    after_dbt_kill = runs[1 + KILLED_STAGES.index("publish")]
    assert after_dbt_kill["pid"] == crashed["seen"]["publish"]["parent"]
    assert crashed["seen"]["publish"]["temp_files_at_kill"]  # it got as far as publishing
    assert "snapshot republished" in crashed["final"].output()


# ------------------------------------------------------------------ one writer at a time


def _one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]


def test_second_run_exits_with_one_line_naming_the_holder(reference: dict) -> None:
    second, writer = reference["second_run"], reference["writer"]
    assert second.process.returncode == 1
    line = _one_line(second.stderr())
    assert "locked" in line and f"pid {writer.pid}" in line
    assert "notices run" in line and "since" in line and "Traceback" not in line


def test_publish_during_a_run_exits_with_one_line(reference: dict) -> None:
    publish, writer = reference["second_publish"], reference["writer"]
    assert publish.process.returncode == 1
    line = _one_line(publish.stderr())
    assert "locked" in line and f"pid {writer.pid}" in line


def test_status_during_a_run_answers(reference: dict) -> None:
    status = reference["second_status"]
    assert status.process.returncode == 0, status.output()
    assert json.loads(status.out_path.read_text())["database"]


def test_lock_timeouts_are_recorded_in_load_runs(reference: dict) -> None:
    runs = load_runs(reference["home"] / "warehouse.duckdb")
    failed = {run["command"]: run for run in runs if run["status"] == "failed"}
    assert set(failed) == {"notices run", "notices publish"}
    assert all(run["error_kind"] == "locked" for run in failed.values())


def test_writes_are_serial(reference: dict) -> None:
    """The patient run started (took the lock) only after the writer had finished."""
    assert reference["patient"].process.returncode == 0
    runs = [
        r for r in load_runs(reference["home"] / "warehouse.duckdb") if r["status"] == "success"
    ]
    writer, patient = runs[-2], runs[-1]
    assert writer["pid"] == reference["writer"].pid
    assert patient["pid"] == reference["patient"].pid
    assert patient["started_at"] >= writer["finished_at"]
