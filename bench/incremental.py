"""Incremental dbt builds on a national-size warehouse: full build against a 100-notice
increment, on the same warehouse in one run.

    python -m bench.incremental --source HOME --notices 30000 [--increment 100]

HOME is a pipeline home whose raw layer was loaded for real (fetch, extract, load of a
`bench.make_corpus` corpus, as `bench/scale.py` does). Its raw rows are replicated, as
`bench/scale.py`'s ~1M-row dbt run does, until `raw` holds `--notices` + `--increment`
notices; each copy of a notice is moved to another real county of the
`administrative_divisions` seed (about ten notices a county, as ten years of a national
corpus would give), so the year-over-year models compare regions of realistic size. The
last `--increment` notices registered are held back. Then, each stage in its own process
(`bench.scale_stage`, the pipeline's own `building.transform`):

1. the first build (full) at N notices;
2. a build with nothing new (dbt's fixed cost, and the change check);
3. the held notices loaded back; with `--every-node`, on a copy, the incremental build
   running every node and data test (as before `dbt_project/selectors.yml`: the baseline,
   in the same run), then the incremental build as `notices transform` runs it; their
   marts must be equal;
4. unless `--no-full-refresh`, the full build (`--full-refresh`) of the same N + increment
   notices, whose marts must equal the incremental build's.

Every build runs a copy of the dbt project taken at the start (`<home>/dbt_project`; by
default this checkout's, `--project DIR` another, e.g. main's for a before/after), so
editing the project during a run cannot turn an increment into a full build. Prints the
wall times, the load average, the nodes run, each build's slowest dbt nodes and every
model's time (from dbt's run_results.json), and writes them to
`<out>/incremental-<N>[-<per county>-a-county].json`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
from pathlib import Path

import duckdb

from bench.scale import run_stage

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "dbt_project" / "seeds" / "administrative_divisions.csv"
TABLES = ("documents", "notices", "task_rows")


def replicate_nationally(
    con: duckdb.DuckDBPyConnection, total: int, per_county: int | None = None
) -> int:
    """Copy the raw notices (with their documents and task rows) until there are `total`;
    copy k > 0 of a notice gets the ids `<id>-k`, registration numbers after every earlier
    one, and a county of the seed chosen by (notice, copy). With `per_county`, the copies
    go to total / per_county counties of the seed only (spread over it by a hash of the
    adcode), so a smaller warehouse has the regions of a national one: ten years of notices
    a county, as 30,000 notices give the seed's 2,972 counties. Returns the copies made."""
    originals = con.execute("select count(*) from raw.notices").fetchone()
    assert originals is not None and originals[0] > 0, "the source warehouse has no notices"
    copies = -(-total // originals[0])
    con.execute(
        "create temp table counties as select adcode, province, prefecture, county, "
        "row_number() over (order by adcode) - 1 as county_index "
        f"from read_csv('{SEED}', all_varchar = true) where level = 'county'"
    )
    if per_county:
        con.execute(
            "create or replace temp table counties as select * from ("
            "  select * exclude (county_index), "
            "  row_number() over (order by hash(adcode), adcode) - 1 as county_index "
            "  from counties) where county_index < $k",
            {"k": -(-total // per_county)},
        )
    con.execute(
        "create temp table placed as "
        "select n.notice_id, k, c.adcode, c.province, c.prefecture, c.county "
        "from (select notice_id, row_number() over (order by notice_id) - 1 as i "
        f"      from raw.notices) n, range(1, {copies}) as r(k), counties c "
        f"where c.county_index = (n.i * {copies} + k) % (select count(*) from counties)"
    )
    con.execute("create temp table max_seq as select max(fetch_seq) as m from raw.documents")
    con.execute(
        "insert into raw.documents by name select d.* replace ("
        "  d.document_id || '-' || p.k as document_id,"
        "  d.fetch_seq + p.k * (select m from max_seq) as fetch_seq) "
        "from raw.documents d join raw.notices n on n.document_id = d.document_id "
        "join placed p on p.notice_id = n.notice_id"
    )
    con.execute(
        "insert into raw.notices by name select n.* replace ("
        "  n.notice_id || '-' || p.k as notice_id, n.document_id || '-' || p.k as document_id,"
        "  p.adcode as region_adcode, p.province as province, p.prefecture as prefecture,"
        "  p.county as county) "
        "from raw.notices n join placed p on p.notice_id = n.notice_id"
    )
    con.execute(
        "insert into raw.task_rows by name select t.* replace ("
        "  t.notice_id || '-' || p.k as notice_id, t.document_id || '-' || p.k as document_id) "
        "from raw.task_rows t join placed p on p.notice_id = t.notice_id"
    )
    # the copies past `total` go again: the raw layer holds exactly `total` notices
    con.execute(
        "create temp table surplus as select notice_id, document_id from raw.notices "
        "qualify row_number() over (order by notice_id) > $total",
        {"total": total},
    )
    for table, key in (("task_rows", "notice_id"), ("notices", "notice_id")):
        con.execute(f"delete from raw.{table} where {key} in (select {key} from surplus)")
    con.execute("delete from raw.documents where document_id in (select document_id from surplus)")
    return copies


def hold_back(con: duckdb.DuckDBPyConnection, increment: int) -> None:
    """Move the last `increment` notices registered (and their rows) to bench_hold.*."""
    con.execute("create schema if not exists bench_hold")
    con.execute(
        "create table bench_hold.documents as select d.* from raw.documents d "
        "join raw.notices n using (document_id) order by d.fetch_seq desc limit $n",
        {"n": increment},
    )
    con.execute(
        "create table bench_hold.notices as select * from raw.notices "
        "where document_id in (select document_id from bench_hold.documents)"
    )
    con.execute(
        "create table bench_hold.task_rows as select * from raw.task_rows "
        "where notice_id in (select notice_id from bench_hold.notices)"
    )
    for table, key in (("task_rows", "notice_id"), ("notices", "notice_id")):
        con.execute(
            f"delete from raw.{table} where {key} in (select {key} from bench_hold.{table})"
        )
    con.execute(
        "delete from raw.documents where document_id in "
        "(select document_id from bench_hold.documents)"
    )


def bring_back(con: duckdb.DuckDBPyConnection) -> None:
    for table in TABLES:
        con.execute(f"insert into raw.{table} by name select * from bench_hold.{table}")
    con.execute("drop schema bench_hold cascade")


def slowest_nodes(home: Path, top: int = 8) -> list[tuple[str, float]]:
    results = json.loads((home / "dbt_target" / "run_results.json").read_text(encoding="utf-8"))
    timed = sorted(
        ((r["unique_id"].split(".", 2)[-1], r["execution_time"]) for r in results["results"]),
        key=lambda item: -item[1],
    )
    return [(name, round(seconds, 2)) for name, seconds in timed[:top]]


def counts(home: Path) -> dict[str, int]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        found: dict[str, int] = {}
        for name, sql in (
            ("notices", "select count(*) from raw.notices"),
            ("task_rows", "select count(*) from raw.task_rows"),
            ("fact_rows", "select count(*) from marts.fct_disclosure_obligations"),
            ("obligation_periods", "select count(*) from marts.fct_obligation_periods"),
            ("task_changes", "select count(*) from marts.fct_task_changes"),
        ):
            row = con.execute(sql).fetchone()
            found[name] = int(row[0]) if row else 0
        return found
    finally:
        con.close()


def mart_fingerprints(home: Path) -> dict[str, str]:
    """Every mart table's row count and order-free sum of row hashes: equal fingerprints,
    equal tables (tests/dbt/test_incremental_marts.py compares them row by row)."""
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        tables = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = "
                "'marts' and table_type = 'BASE TABLE' order by 1"
            ).fetchall()
        ]
        found: dict[str, str] = {}
        for table in tables:
            row = con.execute(
                f'select count(*), coalesce(sum(hash(t)::hugeint), 0) from marts."{table}" t'
            ).fetchone()
            found[table] = f"{row[0]}:{row[1]}" if row else ""
        return found
    finally:
        con.close()


def data_tests_by_model(home: Path, timed: list[tuple[str, float]]) -> dict[str, float]:
    """The data tests' seconds summed by the model each is attached to (dbt's
    `attached_node`; a test of several models, e.g. a relationship, counts for its own)."""
    manifest = json.loads((home / "dbt_target" / "manifest.json").read_text(encoding="utf-8"))
    by_model: dict[str, float] = {}
    for unique_id, seconds in timed:
        if not unique_id.startswith("test."):
            continue
        attached = manifest["nodes"].get(unique_id, {}).get("attached_node") or "(singular)"
        name = attached.rsplit(".", 1)[-1]
        by_model[name] = by_model.get(name, 0.0) + seconds
    return {name: round(s, 2) for name, s in sorted(by_model.items(), key=lambda i: -i[1])}


def dbt_nodes(home: Path) -> dict[str, object]:
    """How many nodes dbt ran, of which data tests, its own elapsed time, and the seconds
    of each model and of all data tests together (how each grows with N)."""
    results = json.loads((home / "dbt_target" / "run_results.json").read_text(encoding="utf-8"))
    timed = [(r["unique_id"], r["execution_time"]) for r in results["results"]]
    return {
        "data_tests_seconds_by_model": data_tests_by_model(home, timed),
        "nodes": len(timed),
        "data_tests": sum(i.startswith("test.") for i, _ in timed),
        "data_tests_seconds": round(sum(t for i, t in timed if i.startswith("test.")), 1),
        "dbt_elapsed_seconds": round(results.get("elapsed_time", 0.0), 1),
        "model_seconds": {
            i.rsplit(".", 1)[-1]: round(t, 2) for i, t in timed if i.startswith("model.")
        },
    }


def build(home: Path, stage: str, label: str) -> dict:
    load_before = os.getloadavg()[0]
    result = run_stage(stage, home)
    figures = {
        "build": label,
        "seconds": round(result["seconds"], 1),
        "peak_rss_mb": round(result["peak_rss_mb"]),
        # CPU seconds of the stage and of dbt (its child): what the load does not inflate
        "cpu_seconds": round(result["cpu_seconds"], 1),
        "load_average_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        **dbt_nodes(home),
        "slowest_nodes": slowest_nodes(home),
    }
    print(json.dumps(figures, ensure_ascii=False), flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="a home with raw loaded")
    parser.add_argument("--notices", type=int, default=30_000)
    parser.add_argument("--increment", type=int, default=100)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument(
        "--per-county",
        type=int,
        help="notices a county (default: spread over every county of the seed)",
    )
    parser.add_argument(
        "--no-full-refresh",
        action="store_true",
        help="skip the last full build (incremental == full is then checked by the tests only)",
    )
    parser.add_argument(
        "--project",
        type=Path,
        default=REPO / "dbt_project",
        help="the dbt project to build (default: this checkout's; e.g. another branch's)",
    )
    parser.add_argument(
        "--every-node",
        action="store_true",
        help="also time the increment with every node and data test, on a copy",
    )
    args = parser.parse_args()
    # one as-of date for every build of the run (a run across midnight would otherwise
    # see every notice's compliance inputs change)
    os.environ.setdefault("NOTICES_COMPLIANCE_AS_OF", dt.date.today().isoformat())
    name = f"{args.notices}" + (f"-{args.per_county}-a-county" if args.per_county else "")
    home: Path = args.out / f"home-national-{name}"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    shutil.copy(args.source / "warehouse.duckdb", home / "warehouse.duckdb")

    project = home / "dbt_project"
    shutil.copytree(args.project, project, ignore=shutil.ignore_patterns("target", "logs"))
    os.environ.setdefault("NOTICES_DBT_PROJECT_DIR", str(project.resolve()))

    con = duckdb.connect(str(home / "warehouse.duckdb"))
    con.execute("delete from raw.build_state")  # the source's builds are not this warehouse's
    replicate_nationally(con, args.notices + args.increment, args.per_county)
    hold_back(con, args.increment)
    con.close()

    builds = [build(home, "transform", f"first build (full), {args.notices} notices")]
    sizes = counts(home)
    builds.append(build(home, "transform", "nothing new (incremental)"))
    con = duckdb.connect(str(home / "warehouse.duckdb"))
    bring_back(con)
    con.close()
    if args.every_node:
        # the same increment on a copy, incremental but running every node and data test
        # (as before dbt_project/selectors.yml): the baseline, measured in the same run
        twin = args.out / f"home-national-{name}-every-node"
        shutil.rmtree(twin, ignore_errors=True)
        shutil.copytree(home, twin)
        builds.append(build(twin, "transform_every_node", f"+{args.increment} notices, every node"))
        every_node = mart_fingerprints(twin)
        shutil.rmtree(twin)
    builds.append(build(home, "transform", f"+{args.increment} notices, incremental"))
    incremental = counts(home)
    incremental_marts = mart_fingerprints(home)
    if args.every_node:
        assert incremental_marts == every_node, "the selector changed the marts"
    if not args.no_full_refresh:
        builds.append(build(home, "transform_full", f"+{args.increment} notices, --full-refresh"))
        full = counts(home)
        assert incremental == full, f"incremental {incremental} != full {full}"
        assert incremental_marts == mart_fingerprints(home), "incremental marts != full marts"
    report = {
        "cpu_count": os.cpu_count(),
        "notices": args.notices,
        "increment": args.increment,
        "per_county": args.per_county,
        "sizes": sizes,
        "builds": builds,
    }
    (args.out / f"incremental-{name}.json").write_text(
        json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    print(json.dumps({"sizes": sizes, "after_increment": incremental}))


if __name__ == "__main__":
    main()
