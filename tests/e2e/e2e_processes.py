"""Helpers for end-to-end tests that start, pause and kill `notices` processes.

A paused stage is reached through the test-only pause points (pipeline/pause.py); every
wait here is bounded, and a process that exits instead of reaching its stage fails the
test with its output.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]
NOTICES = Path(sys.executable).with_name("notices")
WAIT_S = 300.0


class Notices:
    """A `notices` command running in its own process group, its output in files."""

    def __init__(self, args: list[str], home: Path, log_dir: Path, **env: str) -> None:
        log_dir.mkdir(parents=True, exist_ok=True)
        stem = f"{args[0]}-{time.monotonic_ns()}"
        self.out_path, self.err_path = log_dir / f"{stem}.out", log_dir / f"{stem}.err"
        self.home = home
        environment = {**os.environ, "NOTICES_HOME": str(home), **env}
        with open(self.out_path, "w") as out, open(self.err_path, "w") as err:
            self.process = subprocess.Popen(
                [str(NOTICES), *args],
                env=environment,
                stdout=out,
                stderr=err,
                start_new_session=True,  # its own process group: killpg reaches every child
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return self.out_path.read_text() + self.err_path.read_text()

    def stderr(self) -> str:
        return self.err_path.read_text()

    def wait(self, timeout: float = WAIT_S) -> int:
        return self.process.wait(timeout=timeout)

    def kill_parent(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def kill_group(self) -> None:
        os.killpg(self.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


def run_notices(args: list[str], home: Path, log_dir: Path, **env: str) -> Notices:
    command = Notices(args, home, log_dir, **env)
    command.wait()
    return command


def wait_reached(pause_dir: Path, stage: str, command: Notices) -> list[int]:
    """Pids that announced `stage` (bounded wait); fails if the command ends first."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        found = sorted(pause_dir.glob(f"{stage}.*.reached"))
        if found:
            time.sleep(0.3)  # let the other workers of a pool announce themselves too
            return [int(p.read_text()) for p in sorted(pause_dir.glob(f"{stage}.*.reached"))]
        if command.process.poll() is not None:
            raise AssertionError(f"ended before reaching {stage}:\n{command.output()}")
        time.sleep(0.05)
    raise AssertionError(f"never reached {stage}:\n{command.output()}")


def alive(pid: int) -> bool:
    """A process that still runs (a zombie waiting to be reaped does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def processes_of(home: Path) -> list[int]:
    """Live processes working on `home` (found by the NOTICES_HOME they inherited)."""
    marker = f"NOTICES_HOME={home}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if marker in environ.split(b"\0") and alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def survivors(home: Path, grace_s: float = 20.0) -> list[int]:
    """Processes of `home` still alive after a grace period (the kernel kills children
    asynchronously); an empty list means nothing outlived its parent."""
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline:
        found = processes_of(home)
        if not found:
            return []
        time.sleep(0.1)
    return processes_of(home)


def temp_files(home: Path) -> list[str]:
    return sorted(p.name for p in home.rglob("*.tmp*"))


# Columns that differ between two runs of the same data by nature: clocks and paths.
_VOLATILE_TYPES = ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE")
_VOLATILE_COLUMNS = {"landing_path", "loaded_at", "fetched_at", "extracted_at"}
_SKIPPED_TABLES = {("raw", "load_runs"), ("raw", "build_state")}


def database_state(path: Path) -> dict[str, list[tuple]]:
    """Every table of the raw and dbt schemas as sorted rows, without clock or path columns."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' order by all"
        ).fetchall()
        state = {}
        for schema, table in tables:
            if (schema, table) in _SKIPPED_TABLES:
                continue
            columns = [
                name
                for name, kind in con.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = ? and table_name = ? order by ordinal_position",
                    [schema, table],
                ).fetchall()
                if kind not in _VOLATILE_TYPES and name not in _VOLATILE_COLUMNS
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            rows = con.execute(f'select {select} from "{schema}"."{table}"').fetchall()
            state[f"{schema}.{table}"] = sorted(rows, key=repr)
        return state
    finally:
        con.close()


def load_runs(path: Path) -> list[dict]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        cursor = con.execute("select * from raw.load_runs order by started_at")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()
