"""One writer at a time, visibly: every writing command waits for the writer lock, then
exits with one line naming the holder; expected errors are one line, never a traceback,
and every failure is recorded in raw.load_runs."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from pipeline import lock
from tests.e2e.e2e_processes import NOTICES, load_runs


def _notices(args: list[str], home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NOTICES_HOME": str(home), **env}
    return subprocess.run(
        [str(NOTICES), *args], env=environment, capture_output=True, text=True, timeout=300
    )


def _one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    result = _notices(["load"], home)  # an empty warehouse: nothing registered, nothing to do
    assert result.returncode == 0, result.stdout + result.stderr
    return home


def test_lock_is_reentrant_in_one_process_and_records_its_holder(tmp_path: Path) -> None:
    with lock.writer_lock(tmp_path, "notices test"):
        with lock.writer_lock(tmp_path, "notices inner"):
            holder = lock.read_holder(tmp_path / lock.LOCK_NAME)
        assert lock.holds(tmp_path)
        assert holder["pid"] == os.getpid() and holder["command"] == "notices test"
    assert not lock.holds(tmp_path)


@pytest.mark.parametrize(
    "args", [["fetch"], ["load"], ["transform"], ["publish"], ["reprocess"], ["run"]]
)
def test_writing_command_against_held_lock_prints_one_line(home: Path, args: list[str]) -> None:
    with lock.writer_lock(home, "notices holder-of-the-test"):
        result = _notices(args, home, NOTICES_LOCK_TIMEOUT="0.5")
    assert result.returncode == 1
    line = _one_line(result.stderr)
    assert line.startswith("notices: locked:")
    assert f"pid {os.getpid()} (notices holder-of-the-test) since " in line


def test_lock_timeouts_are_recorded_once_the_warehouse_is_free(home: Path) -> None:
    with lock.writer_lock(home, "notices holder-of-the-test"):
        for args in (["fetch"], ["publish"]):
            assert _notices(args, home, NOTICES_LOCK_TIMEOUT="0.2").returncode == 1
    assert _notices(["load"], home).returncode == 0  # the next writer folds them in
    failed = [r for r in load_runs(home / "warehouse.duckdb") if r["status"] == "failed"]
    assert sorted(r["command"] for r in failed) == ["notices fetch", "notices publish"]
    assert {r["error_kind"] for r in failed} == {"locked"}
    assert all("holder-of-the-test" in r["error_message"] for r in failed)


def test_config_error_prints_one_line_and_is_recorded(home: Path, tmp_path: Path) -> None:
    config = tmp_path / "sources.yml"
    config.write_text("sources: [unclosed\n", encoding="utf-8")
    result = _notices(["fetch", "--config", str(config)], home)
    assert result.returncode == 1
    assert _one_line(result.stderr).startswith("notices: config:")
    failed = [r for r in load_runs(home / "warehouse.duckdb") if r["status"] == "failed"]
    assert [(r["command"], r["error_kind"]) for r in failed] == [("notices fetch", "config")]


def test_missing_config_file_prints_one_line(home: Path, tmp_path: Path) -> None:
    result = _notices(["run", "--config", str(tmp_path / "nowhere.yml")], home)
    assert result.returncode == 1
    assert _one_line(result.stderr).startswith("notices: config:")
    runs = load_runs(home / "warehouse.duckdb")
    assert [(r["status"], r["error_kind"]) for r in runs] == [("failed", "config")]
