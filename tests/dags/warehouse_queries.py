"""Read the DuckDB files the DAGs wrote, from a child process: the test process keeps no
DuckDB handle that could block or be blocked by a later task."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

_QUERY = """
import json, sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
out = {name: con.execute(sql).fetchall() for name, sql in json.loads(sys.argv[2]).items()}
print(json.dumps(out, default=str))
"""


def query(path: Path, queries: dict[str, str]) -> dict[str, list[list[Any]]]:
    done = subprocess.run(
        [sys.executable, "-c", _QUERY, str(path), json.dumps(queries)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def counts(path: Path) -> dict[str, int]:
    tables = ("raw.documents", "raw.notices", "raw.task_rows")
    found = query(path, {t: f"select count(*) from {t}" for t in tables})
    return {t: rows[0][0] for t, rows in found.items()}
