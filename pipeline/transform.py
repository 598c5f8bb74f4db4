"""Run dbt against the warehouse in a child process.

A child process keeps dbt-duckdb's connection (and its in-process DuckDB state, which
breaks later read-only opens of the same file) out of the caller, which may be the CLI,
an Airflow task or a benchmark.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from pipeline.settings import Settings


class TransformError(RuntimeError):
    """dbt failed; the message carries the tail of dbt's own output."""


def dbt_executable() -> str:
    beside_python = Path(sys.executable).with_name("dbt")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("dbt")
    if not found:
        raise TransformError("dbt is not installed in this environment")
    return found


def dbt_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env["NOTICES_WAREHOUSE_PATH"] = str(settings.warehouse_path)
    env["DBT_PROFILES_DIR"] = str(settings.dbt_project_dir)
    # dbt writes target/ and logs/ beside the project; keep them with the warehouse so a
    # read-only checkout (a Docker image) still works and runs do not collide.
    env.setdefault("DBT_TARGET_PATH", str(settings.home / "dbt_target"))
    env.setdefault("DBT_LOG_PATH", str(settings.home / "dbt_logs"))
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    env.setdefault("DBT_USE_COLORS", "false")
    return env


def run_dbt(settings: Settings, args: list[str]) -> str:
    """Run `dbt <args>` on the project; returns dbt's output, raises TransformError."""
    command = [
        dbt_executable(),
        *args,
        "--project-dir",
        str(settings.dbt_project_dir),
        "--profiles-dir",
        str(settings.dbt_project_dir),
    ]
    completed = subprocess.run(
        command,
        env=dbt_env(settings),
        cwd=settings.dbt_project_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    output = completed.stdout + completed.stderr
    if completed.returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-25:])
        raise TransformError(f"dbt {' '.join(args)} failed (exit {completed.returncode}):\n{tail}")
    return output
