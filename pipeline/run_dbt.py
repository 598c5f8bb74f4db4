"""Run dbt against the warehouse in a child process.

A child process keeps dbt-duckdb's connection (and its in-process DuckDB state, which
breaks later read-only opens of the same file) out of the caller, which may be the CLI,
an Airflow task or a benchmark.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from pipeline.children import dies_with_this_process
from pipeline.pause import pause_point, wanted
from pipeline.settings import Settings

# The dbt build in layers, in build order (the Airflow transform runs one task each, so
# the grid shows which layer failed); each layer's tests run with it.
LAYERS: tuple[tuple[str, str, str], ...] = (
    ("seeds", "resource_type:seed", "reference tables: regions, unit aliases, frequency labels"),
    ("staging", "path:models/staging", "typed, renamed views over DuckDB `raw`"),
    ("intermediate", "path:models/intermediate", "units, roles and frequencies exploded"),
    ("marts", "path:models/marts", "dimensions, `fct_disclosure_obligations`, aggregates"),
)


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


def _first_error(lines: list[str]) -> str:
    """The line of dbt's output that says what failed (for a one-line message)."""
    markers = ("Runtime Error", "Database Error", "Compilation Error", "Failure in", "ERROR")
    for line in lines:
        if any(marker in line for marker in markers):
            return line.strip()
    return lines[-1].strip() if lines else "no output"


def run_dbt(settings: Settings, args: list[str]) -> str:
    """Run `dbt <args>` on the project; returns dbt's output, raises TransformError.

    dbt dies with this process (pipeline/children.py): a killed run never leaves a dbt
    build holding the warehouse file.
    """
    command = [
        dbt_executable(),
        *args,
        "--project-dir",
        str(settings.dbt_project_dir),
        "--profiles-dir",
        str(settings.dbt_project_dir),
    ]
    with subprocess.Popen(
        command,
        env=dbt_env(settings),
        cwd=settings.dbt_project_dir,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=dies_with_this_process(),  # noqa: PLW1509  (no threads start dbt)
        # Its own process group, so a timeout in the caller can stop dbt and anything it
        # started at once (the parent-death signal covers a kill of the caller).
        start_new_session=True,
    ) as process:
        assert process.stdout is not None
        lines: list[str] = []
        pause = args[:1] == ["build"] and wanted("dbt")
        try:
            for line in process.stdout:
                lines.append(line.rstrip("\n"))
                if pause and " OK " in line:
                    pause = False
                    _pause_dbt(process)
            returncode = process.wait()
        except BaseException:
            # A task timeout (or any interruption) must not leave dbt holding the
            # warehouse file and the writer slot: stop its whole group, then re-raise.
            _stop_group(process)
            raise
    output = "\n".join(lines)
    if returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-25:])
        raise TransformError(
            f"dbt {' '.join(args)} failed (exit {returncode}): {_first_error(lines)}\n{tail}"
        )
    return output


def _stop_group(process: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _pause_dbt(process: subprocess.Popen[str]) -> None:
    """Test hook: stop dbt in the middle of its build and wait to be killed or released."""
    os.kill(process.pid, signal.SIGSTOP)
    try:
        pause_point("dbt", pid=process.pid)
    finally:
        os.kill(process.pid, signal.SIGCONT)
