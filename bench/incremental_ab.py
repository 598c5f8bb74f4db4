"""The same 100-notice increment built by two dbt projects, on two copies of one warehouse,
alternately, so both see the same data and the same load.

    python -m bench.incremental_ab --home HOME --project A=DIR --project B=DIR \
        [--increment 100] [--rounds 2]

HOME is a home `bench.incremental` left (its warehouse built by dbt, the increment loaded).
Each project gets its own copy of the warehouse. The last `--increment` notices registered
are taken out of raw and an incremental build runs (dbt's partial parse is then warm);
then, each round, they are loaded back and each project's incremental build (`dbt build
--selector incremental`, as `notices transform` runs it after a load) is timed, the
projects alternating, then taken out again (an untimed build). dbt runs as `notices
transform` runs it (pipeline.run_dbt's environment and `--vars`), straight, without the
stage's check of which project built the warehouse: a project other than the one that
built it would otherwise be rebuilt in full. So the two must build the same marts, which
the bench checks after every timed build (every mart table's row count and sum of row
hashes). Prints one JSON line per timed build (wall, CPU of dbt, dbt's elapsed time, its
data tests' seconds, the load average) and writes them to `<out>/incremental-ab-<N>.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import time
from pathlib import Path

import duckdb

from bench.incremental import bring_back, dbt_nodes, hold_back, mart_fingerprints
from pipeline.publications import dbt_vars
from pipeline.run_dbt import dbt_env, dbt_executable
from pipeline.settings import Settings

REPO = Path(__file__).resolve().parents[1]


def incremental_build(home: Path, project: Path) -> dict[str, float]:
    """One `dbt build --selector incremental` of `project` on the home's warehouse."""
    settings = Settings.from_env(home)
    env = dbt_env(settings)
    env["DBT_PROFILES_DIR"] = str(project)
    command = [dbt_executable(), "build", "--vars", dbt_vars(), "--selector", "incremental"]
    command += ["--project-dir", str(project), "--profiles-dir", str(project)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=project, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"dbt failed on {home}:\n{done.stdout[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "load_average_1min": [round(load, 1), round(os.getloadavg()[0], 1)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--project", action="append", required=True, help="LABEL=DIR")
    parser.add_argument("--increment", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    args = parser.parse_args()
    projects = dict(item.split("=", 1) for item in args.project)
    homes: dict[str, Path] = {}
    for label, project in projects.items():
        home = args.out / f"home-ab-{label}"
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        shutil.copy(args.home / "warehouse.duckdb", home / "warehouse.duckdb")
        copied = home / "dbt_project"
        shutil.copytree(project, copied, ignore=shutil.ignore_patterns("target", "logs"))
        homes[label] = home
        con = duckdb.connect(str(home / "warehouse.duckdb"))
        hold_back(con, args.increment)
        con.close()
        incremental_build(home, copied)  # untimed: the notices taken out, parsing warmed
    con = duckdb.connect(str(args.home / "warehouse.duckdb"), read_only=True)
    row = con.execute("select count(*) from raw.notices").fetchone()
    con.close()
    notices = (int(row[0]) if row else 0) - args.increment
    builds = []
    for round_ in range(args.rounds):
        marts: dict[str, dict[str, str]] = {}
        for label, home in homes.items():
            con = duckdb.connect(str(home / "warehouse.duckdb"))
            bring_back(con)
            con.close()
            figures = incremental_build(home, home / "dbt_project")
            nodes = dbt_nodes(home)
            figures = {
                "project": label,
                "round": round_,
                "notices": notices,
                **figures,
                "dbt_elapsed_seconds": nodes["dbt_elapsed_seconds"],
                "data_tests_seconds": nodes["data_tests_seconds"],
                "model_seconds": nodes["model_seconds"],
                "data_tests_seconds_by_model": nodes["data_tests_seconds_by_model"],
            }
            print(
                json.dumps(
                    {
                        k: v
                        for k, v in figures.items()
                        if "by_model" not in k and k != "model_seconds"
                    }
                ),
                flush=True,
            )
            builds.append(figures)
            marts[label] = mart_fingerprints(home)
            if round_ + 1 < args.rounds:
                con = duckdb.connect(str(home / "warehouse.duckdb"))
                hold_back(con, args.increment)
                con.close()
                incremental_build(home, home / "dbt_project")
        first = next(iter(marts.values()))
        assert all(m == first for m in marts.values()), "the projects built different marts"
    (args.out / f"incremental-ab-{notices}.json").write_text(
        json.dumps({"notices": notices, "increment": args.increment, "builds": builds}, indent=1),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
