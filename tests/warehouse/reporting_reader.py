"""Subprocess for the concurrent-reader test: query reporting.duckdb until told to stop.

Usage: python reporting_reader.py REPORTING_PATH STOP_FILE MODE
MODE `held`: one read-only connection for the whole run (it must keep seeing the version
it opened). MODE `fresh`: open the file anew on every iteration (it must see whole
versions, never half of one). Two modes, two processes: inside one process DuckDB hands
a second connect() to an already open file the same database instance, old version and
all. Prints READY after the first iteration and a JSON report at the end.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb


def version(con: duckdb.DuckDBPyConnection) -> int:
    """The number of notices, after checking the version is complete."""
    notices, declared, rows = con.execute(
        "select (select count(*) from raw.notices), "
        "(select coalesce(sum(row_count), 0) from raw.notices), "
        "(select count(*) from raw.task_rows)"
    ).fetchone()
    if declared != rows:
        raise AssertionError(f"half a version: notices declare {declared} rows, {rows} present")
    return int(notices)


def main() -> None:
    path, stop, mode = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    held = duckdb.connect(path, read_only=True) if mode == "held" else None
    report: dict[str, list] = {"versions": [], "errors": []}
    ready = False
    while True:
        stopping = stop.exists()  # read once more after the stop sign: the last version
        try:
            if held is not None:
                report["versions"].append(version(held))
            else:
                fresh = duckdb.connect(path, read_only=True)
                try:
                    report["versions"].append(version(fresh))
                finally:
                    fresh.close()
        except Exception as error:  # every failure is the finding, not a crash
            report["errors"].append(f"{type(error).__name__}: {error}")
        if not ready:
            print("READY", flush=True)
            ready = True
        if stopping:
            break
    if held is not None:
        held.close()
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
