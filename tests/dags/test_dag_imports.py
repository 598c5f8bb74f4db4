"""Every file in dags/ parses, offline and fast, into the DAGs the deployment expects."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.dags.dag_test_env import AIRFLOW_ENV, DAGS_DIR

EXPECTED_DAGS = {"notices_pipeline", "notices_ingest", "warehouse_transform", "notices_reprocess"}

# Parses the folder the way the dag-processor does, in a fresh interpreter whose sockets
# refuse to connect, so a DAG file that reaches the network or a server at parse time fails.
_OFFLINE_PARSE = """
import json, socket, sys, time
from pathlib import Path

def refuse(*args, **kwargs):
    raise OSError("network access at DAG parse time")

socket.socket.connect = refuse
socket.create_connection = refuse
from airflow.dag_processing.dagbag import BundleDagBag

folder = Path(sys.argv[1])
started = time.perf_counter()
bag = BundleDagBag(dag_folder=str(folder), bundle_path=folder, bundle_name="dags-folder")
print(json.dumps({
    "errors": bag.import_errors,
    "dag_ids": sorted(bag.dags),
    "files": {Path(s.file).name: s.duration.total_seconds() for s in bag.dagbag_stats},
    "total_seconds": time.perf_counter() - started,
}))
"""


def test_every_dag_file_imports_offline_without_errors(airflow_db: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _OFFLINE_PARSE, str(DAGS_DIR)],
        env={**os.environ, **AIRFLOW_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["errors"] == {}
    assert set(report["dag_ids"]) == EXPECTED_DAGS
    dag_files = {p.name for p in DAGS_DIR.glob("*.py")}
    assert set(report["files"]) == dag_files, "every file in dags/ was parsed"
    for name, seconds in sorted(report["files"].items()):
        print(f"parse {name}: {seconds:.3f} s")
    print(f"whole folder: {report['total_seconds']:.2f} s")


# The real `airflow` CLI commands, run in one interpreter to pay Airflow's start-up once:
# what the dag-processor does on a fresh deployment, then what an operator types.
_CLI_SESSION = """
import sys
from airflow.cli import cli_parser

parser = cli_parser.get_parser()
for argv in (["dags", "reserialize"], ["dags", "list", "-o", "json"],
             ["dags", "list-import-errors", "-o", "json"]):
    print("=== " + " ".join(argv), flush=True)
    args = parser.parse_args(argv)
    args.func(args)
    sys.stdout.flush()
"""


def test_airflow_dags_list_shows_the_dags_with_no_import_errors(airflow_db: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CLI_SESSION],
        env={**os.environ, **AIRFLOW_ENV},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    sections = _sections(done.stdout)
    dag_ids = {row["dag_id"] for row in json.loads(_json_line(sections["dags list -o json"]))}
    assert dag_ids >= EXPECTED_DAGS
    errors = json.loads(_json_line(sections["dags list-import-errors -o json"]))
    assert errors == []


def _sections(stdout: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    name = ""
    for line in stdout.splitlines():
        if line.startswith("=== "):
            name = line[4:]
            parts[name] = ""
        elif name:
            parts[name] += line + "\n"
    return parts


def _json_line(text: str) -> str:
    """The CLI prints its JSON as one line, among log lines."""
    return [line for line in text.splitlines() if line.startswith(("[{", "[]"))][-1]
