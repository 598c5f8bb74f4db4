"""A full dbt build's wall time, CPU and peak memory on a replicated national warehouse,
and the fingerprints of what it built, so two versions of the dbt project can be compared.

    python -m bench.full_build_memory --source HOME --notices 6000 --per-county 10 \
        [--project DIR] [--label after] [--keep]

HOME is a pipeline home whose raw layer was loaded for real (as for `bench.incremental`).
Its raw rows are replicated to `--notices` notices, `--per-county` a county
(`bench.incremental.replicate_nationally`, the same placement), then one full build
(`notices transform --full-refresh`, the pipeline's own `building.transform`) runs in its
own process on the project `--project` (default: this checkout's `dbt_project`), copied
into the home first. Printed and written to `<out>/full-build-<N>-<label>.json`: wall,
CPU (the stage and dbt), the peak RSS of the largest process (dbt), the load average
before and after, every model's seconds, and an order-free fingerprint of every mart table
and of the year-over-year intermediates (equal fingerprints, equal tables: run it on two
projects and compare the `fingerprints` of the two files, or pass `--compare FILE`).

DuckDB's memory limit is the profile's (`NOTICES_DUCKDB_MEMORY_LIMIT`, default 4GB; set it
to `none` here to leave DuckDB's own default of 80% of the machine's memory).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
from pathlib import Path

import duckdb

from bench.incremental import build, replicate_nationally

REPO = Path(__file__).resolve().parents[1]
COMPARED_INTERMEDIATES = (
    "int_task_versions",
    "int_task_notice_pairs",
    "int_task_match_candidates",
    "int_task_matches",
)


def fingerprints(warehouse: Path) -> dict[str, str]:
    """Row count and order-free sum of row hashes of every mart table and of the
    year-over-year intermediates."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = [
            (schema, name)
            for schema, name in con.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_type = 'BASE TABLE' and (table_schema = 'marts' "
                "or (table_schema = 'intermediate' and table_name in "
                f"{COMPARED_INTERMEDIATES!r})) order by 1, 2"
            ).fetchall()
        ]
        found: dict[str, str] = {}
        for schema, table in tables:
            row = con.execute(
                f'select count(*), coalesce(sum(hash(t)::hugeint), 0) from {schema}."{table}" t'
            ).fetchone()
            found[f"{schema}.{table}"] = f"{row[0]}:{row[1]}" if row else ""
        return found
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="a home with raw loaded")
    parser.add_argument("--notices", type=int, required=True)
    parser.add_argument("--per-county", type=int, default=10)
    parser.add_argument("--project", type=Path, default=REPO / "dbt_project")
    parser.add_argument("--label", default="after")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--compare", type=Path, help="a json of this bench to compare with")
    parser.add_argument("--keep", action="store_true", help="keep the home (its warehouse)")
    args = parser.parse_args()
    os.environ.setdefault("NOTICES_COMPLIANCE_AS_OF", dt.date.today().isoformat())
    if os.environ.get("NOTICES_DUCKDB_MEMORY_LIMIT", "").lower() == "none":
        # DuckDB's own default: 80% of the machine's memory
        os.environ["NOTICES_DUCKDB_MEMORY_LIMIT"] = (
            f"{int(os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') * 0.8 / 2**20)}MB"
        )
    name = f"{args.notices}-{args.per_county}-a-county-{args.label}"
    home: Path = args.out / f"home-full-{name}"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    shutil.copy(args.source / "warehouse.duckdb", home / "warehouse.duckdb")
    project = home / "dbt_project"
    shutil.copytree(args.project, project, ignore=shutil.ignore_patterns("target", "logs"))
    os.environ["NOTICES_DBT_PROJECT_DIR"] = str(project.resolve())

    con = duckdb.connect(str(home / "warehouse.duckdb"))
    con.execute("delete from raw.build_state")  # the source's builds are not this warehouse's
    replicate_nationally(con, args.notices, args.per_county)
    con.close()

    figures = build(home, "transform_full", f"full build, {args.notices} notices ({args.label})")
    report = {
        "notices": args.notices,
        "per_county": args.per_county,
        "label": args.label,
        "memory_limit": os.environ.get("NOTICES_DUCKDB_MEMORY_LIMIT", "profile default"),
        "build": figures,
        "fingerprints": fingerprints(home / "warehouse.duckdb"),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"full-build-{name}.json").write_text(
        json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    if args.compare:
        other = json.loads(args.compare.read_text(encoding="utf-8"))["fingerprints"]
        differ = sorted(
            t
            for t in set(other) | set(report["fingerprints"])
            if other.get(t) != report["fingerprints"].get(t)
        )
        print(json.dumps({"compared_with": str(args.compare), "tables_differing": differ}))
    if not args.keep:
        shutil.rmtree(home)


if __name__ == "__main__":
    main()
