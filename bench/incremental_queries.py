"""The data cost of an incremental build, apart from dbt's per-node overhead and the load.

    python -m bench.incremental_queries HOME [HOME ...]

For a home left by `bench.incremental` (its last dbt build the incremental one), runs
each node's compiled query again straight on DuckDB (read-only, best of three): the
models' selects (for a model built by notice, the rows of the notices that build
rebuilt; for a table rebuilt in full, all of it) and the data tests' queries (on the rows
rebuilt). Their sum is what grows with the warehouse; the rest of the build's time is
dbt's (start-up, per-node overhead) and does not. Not timed: the deletes and inserts
of the models built incrementally. Prints one JSON line per home.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import duckdb


def best_of(con: duckdb.DuckDBPyConnection, sql: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        con.execute(f"select count(*) from ({sql}) as timed").fetchall()
        best = min(best, time.perf_counter() - started)
    return best


def data_cost(home: Path) -> dict[str, object]:
    target = home / "dbt_target"
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    nodes = json.loads((target / "manifest.json").read_text(encoding="utf-8"))["nodes"]
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    models: dict[str, float] = {}
    tests: dict[str, float] = {}
    try:
        for result in results["results"]:
            unique_id = result["unique_id"]
            node = nodes.get(unique_id)
            sql = (node or {}).get("compiled_code")
            if not sql or unique_id.split(".")[0] not in ("model", "test"):
                continue
            seconds = best_of(con, sql.strip().rstrip(";"))
            (models if unique_id.startswith("model.") else tests)[unique_id.rsplit(".", 1)[-1]] = (
                seconds
            )
        notices = con.execute("select count(*) from raw.notices").fetchone()
    finally:
        con.close()
    return {
        "home": home.name,
        "notices": notices[0] if notices else 0,
        "model_query_seconds": round(sum(models.values()), 2),
        "test_query_seconds": round(sum(tests.values()), 2),
        "slowest": sorted(
            ((name, round(s, 3)) for name, s in {**models, **tests}.items()),
            key=lambda item: -item[1],
        )[:12],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("homes", type=Path, nargs="+")
    for home in parser.parse_args().homes:
        print(json.dumps(data_cost(home), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
