"""Scale benchmark: the pipeline on N = 10, 100 and 1,000 notices, stage by stage.

    python -m bench.scale            # N = 10, 100, 1000, then a ~1M-row dbt build
    python -m bench.scale --quick    # N = 10 only, small dbt build (CI keeps this from rotting)
    python -m bench.scale --sizes 10 50 --million-rows 200000
    python -m bench.scale --national --workers 1,2 --notices 200 --increment 20
        # the national corpus on a real Airflow 3 CeleryExecutor deployment (bench/national.py)

For each N: a corpus from `bench.make_corpus`, a fresh warehouse, then each stage
(fetch from a directory, extract, validate, load, dbt build, publish) in its own process
so its wall time and peak memory (RSS) are its own; then a second run with nothing new
(no page may be parsed), and extraction on one process to get the multi-core speed-up.
Last, `dbt build` on a warehouse whose raw layer is replicated until the fact table holds
about a million obligation rows. Figures go to `bench/out/scale.json` and a chart to
`bench/out/scale.png`; a table is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from bench.make_corpus import make_corpus

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "bench" / "out"


def run_stage(stage: str, home: Path, config: Path | None = None, **extra: str) -> dict:
    """Run one stage in a child process; returns its JSON plus the child's peak RSS."""
    # cwd=REPO: `-m bench.scale_stage` finds the bench package there, so paths go absolute
    command = [sys.executable, "-m", "bench.scale_stage", stage, "--home", str(home.resolve())]
    if config:
        command += ["--config", str(config.resolve())]
    for key, value in extra.items():
        command += [f"--{key}", value]
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    _, status, usage = os.wait4(child.pid, 0)
    stdout = child.stdout.read() if child.stdout else ""
    stderr = child.stderr.read() if child.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"stage {stage} failed:\n{stderr[-3000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - started
    result["peak_rss_mb"] = usage.ru_maxrss / 1024  # KiB on Linux; includes waited children
    result["cpu_seconds"] = usage.ru_utime + usage.ru_stime  # dbt's child process included
    return result


def corpus(n: int, out: Path) -> tuple[Path, list[dict]]:
    folder = out / f"corpus-{n}"
    manifest_path = folder / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if len(manifest) == n:
            return folder, manifest
    shutil.rmtree(folder, ignore_errors=True)
    return folder, make_corpus(n, folder)


def sources_file(folder: Path, home: Path) -> Path:
    config = home / "sources.yml"
    config.write_text(
        f"sources:\n  - id: bench\n    type: dir\n    path: {folder.resolve()}\n    glob: '*.pdf'\n",
        encoding="utf-8",
    )
    return config


def bench_size(n: int, out: Path) -> dict:
    folder, manifest = corpus(n, out)
    pages = sum(m["pages"] for m in manifest)
    rows_generated = sum(m["rows"] for m in manifest)
    home = out / f"home-{n}"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    config = sources_file(folder, home)

    stages = {}
    stages["fetch"] = run_stage("fetch", home, config)
    stages["extract"] = run_stage("extract", home)
    stages["load"] = run_stage("load", home)
    stages["transform"] = run_stage("transform", home)
    stages["publish"] = run_stage("publish", home)
    noop = run_stage("noop", home, config)

    con = duckdb.connect(str(home / "reporting.duckdb"), read_only=True)
    facts = con.execute("select count(*) from marts.fct_disclosure_obligations").fetchone()[0]
    con.close()
    extract = stages["extract"]
    return {
        "n": n,
        "pages": pages,
        "rows_generated": rows_generated,
        "rows_extracted": extract["rows"],
        "documents_failed": extract["failed"],
        "fact_rows": facts,
        "stages": {
            "fetch": _figures(stages["fetch"], stages["fetch"]["seconds"], documents=n),
            "extract": _figures(extract, extract["seconds"], pages=pages, rows=extract["rows"]),
            "validate": _figures(
                stages["load"], stages["load"]["validate_seconds"], rows=stages["load"]["rows"]
            ),
            "load": _figures(
                stages["load"], stages["load"]["load_seconds"], rows=stages["load"]["rows"]
            ),
            "dbt build": _figures(stages["transform"], stages["transform"]["seconds"], rows=facts),
            "publish": _figures(stages["publish"], stages["publish"]["seconds"]),
        },
        "noop": {
            "seconds": noop["seconds"],
            "documents_fetched": noop["documents_fetched"],
            "documents_extracted": noop["documents_extracted"],
            "dbt_ran": noop["transformed"],
        },
    }


def _figures(stage: dict, seconds: float, **counts: int) -> dict:
    figures = {"seconds": round(seconds, 3), "peak_rss_mb": round(stage["peak_rss_mb"], 1)}
    for name, count in counts.items():
        figures[name] = count
        figures[f"{name}_per_second"] = round(count / seconds, 1) if seconds > 0 else None
    return figures


def single_process_speedup(n: int, out: Path) -> dict:
    """Extraction rate on one process vs all cores, on the same corpus."""
    folder, manifest = corpus(n, out)
    pages = sum(m["pages"] for m in manifest)
    rates = {}
    for workers in (1, os.cpu_count() or 1):
        home = out / f"home-{n}-workers-{workers}"
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        run_stage("fetch", home, sources_file(folder, home))
        result = run_stage("extract", home, workers=str(workers))
        rates[workers] = pages / result["seconds"]
        shutil.rmtree(home, ignore_errors=True)
    one, many = rates[1], rates[max(rates)]
    return {
        "n": n,
        "pages": pages,
        "pages_per_second_1_process": round(one, 2),
        f"pages_per_second_{max(rates)}_processes": round(many, 2),
        "speedup": round(many / one, 2),
    }


def _replicate(con: duckdb.DuckDBPyConnection, table: str, copies: int) -> None:
    """Append copies-1 copies of a raw table with suffixed document and notice ids (and,
    for documents, registration numbers after the originals': fetch_seq stays unique)."""
    columns = [c[0] for c in con.execute(f"describe raw.{table}").fetchall()]
    renamed = {c: f"{c} || '-' || k as {c}" for c in ("document_id", "notice_id")}
    if table == "documents":
        renamed["fetch_seq"] = (
            "fetch_seq + k * (select coalesce(max(fetch_seq), 0) from raw.documents) as fetch_seq"
        )
    select = ", ".join(renamed.get(c, c) for c in columns)
    con.execute(
        f"insert into raw.{table} select {select} from raw.{table}, range(1, {copies}) as r(k)"
    )


def million_rows(source_home: Path, target_rows: int, out: Path) -> dict:
    """dbt build on a raw layer replicated until the fact table has ~target_rows rows."""
    home = out / "home-million"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    shutil.copy(source_home / "warehouse.duckdb", home / "warehouse.duckdb")
    con = duckdb.connect(str(home / "warehouse.duckdb"))
    facts = con.execute("select count(*) from marts.fct_disclosure_obligations").fetchone()[0]
    copies = max(1, round(target_rows / max(facts, 1)))
    con.execute("begin")
    for table in ("documents", "notices", "task_rows"):
        _replicate(con, table, copies)
    con.execute("commit")
    task_rows = con.execute("select count(*) from raw.task_rows").fetchone()[0]
    con.close()
    result = run_stage("transform", home)
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    facts = con.execute("select count(*) from marts.fct_disclosure_obligations").fetchone()[0]
    con.close()
    shutil.rmtree(home, ignore_errors=True)
    return {
        "task_rows": task_rows,
        "fact_rows": facts,
        "seconds": round(result["seconds"], 2),
        "cpu_seconds": round(result["cpu_seconds"], 2),
        "peak_rss_mb": round(result["peak_rss_mb"], 1),
        "fact_rows_per_second": round(facts / result["seconds"], 1),
    }


def chart(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["n"] for r in results]
    figure, axis = plt.subplots(figsize=(8, 5))
    for stage in results[0]["stages"]:
        axis.plot(sizes, [r["stages"][stage]["seconds"] for r in results], marker="o", label=stage)
    axis.plot(
        sizes, [r["noop"]["seconds"] for r in results], marker="x", ls="--", label="no-op run"
    )
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("notices (N)")
    axis.set_ylabel("wall time (s)")
    axis.set_title("Pipeline time per stage against N (2 cores)")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def print_table(results: list[dict]) -> None:
    print(f"{'N':>6} {'stage':<10} {'seconds':>9} {'rate':>22} {'peak MB':>9}")
    for r in results:
        for stage, f in r["stages"].items():
            rate = next(
                (f"{f[k]} {k.removesuffix('_per_second')}/s" for k in f if k.endswith("_second")),
                "",
            )
            print(
                f"{r['n']:>6} {stage:<10} {f['seconds']:>9.2f} {rate:>22} {f['peak_rss_mb']:>9.0f}"
            )
        noop = r["noop"]
        print(
            f"{r['n']:>6} {'no-op run':<10} {noop['seconds']:>9.2f} "
            f"{'re-extracted ' + str(noop['documents_extracted']):>22} "
            f"{'dbt ' + ('ran' if noop['dbt_ran'] else 'skipped'):>9}"
        )
        print(
            f"{'':>6} pages {r['pages']}, rows generated {r['rows_generated']}, "
            f"extracted {r['rows_extracted']}, failed documents {r['documents_failed']}, "
            f"fact rows {r['fact_rows']}"
        )


INCREMENT_SEED = 29


def increment(home: Path, n: int, out: Path) -> dict:
    """`n` more notices into the warehouse of `home` (another seed of the corpus): fetch,
    extract, load, then the dbt build incremental by notice and, to compare, with
    --full-refresh; each stage timed in its own process."""
    folder = out / f"increment-{n}"
    if not (folder / "manifest.json").exists():
        make_corpus(n, folder, seed=INCREMENT_SEED)
    config = sources_file(folder, home)
    stages = {
        stage: run_stage(stage, home, config if stage == "fetch" else None)
        for stage in ("fetch", "extract", "load", "transform", "transform_full")
    }
    return {
        "n": n,
        **{f"{stage}_seconds": round(result["seconds"], 2) for stage, result in stages.items()},
        **{
            f"{stage}_peak_rss_mb": round(result["peak_rss_mb"]) for stage, result in stages.items()
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 10 and a small dbt build")
    parser.add_argument("--sizes", type=int, nargs="+")
    parser.add_argument("--million-rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="corpora, homes, figures")
    parser.add_argument(
        "--increment",
        type=int,
        default=0,
        help="then add this many notices to the largest warehouse: dbt incremental vs full",
    )
    national = parser.add_argument_group("national run (bench/national.py)")
    national.add_argument(
        "--national",
        action="store_true",
        help="the national corpus through Airflow's CeleryExecutor, 1 then 2 workers",
    )
    national.add_argument("--workers", default="1,2", help="Celery worker counts, in order")
    national.add_argument("--notices", type=int, default=200, help="notices per worker count")
    national.add_argument("--batch-size", type=int, default=10, help="documents per mapped task")
    national.add_argument(
        "--replicate-to",
        type=int,
        default=3000,
        help="then dbt on the raw layer replicated to this many notices (0: skip)",
    )
    args = parser.parse_args()
    if args.national:
        from bench import national as national_run

        if args.out == DEFAULT_OUT:
            args.out = DEFAULT_OUT / "national"
        national_run.main(args)
        return
    sizes = args.sizes or ([10] if args.quick else [10, 100, 1000])
    target = 20_000 if args.quick else args.million_rows
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    results = []
    for n in sizes:
        results.append(bench_size(n, out))
        print_table(results[-1:])
        sys.stdout.flush()
    speedup = single_process_speedup(10 if args.quick else min(100, max(sizes)), out)
    print(f"extraction speed-up: {speedup}")
    million = million_rows(out / f"home-{max(sizes)}", target, out)
    print(f"dbt build on {million['fact_rows']} fact rows: {million}")

    added = increment(out / f"home-{max(sizes)}", args.increment, out) if args.increment else None
    if added:
        print(f"increment of {args.increment} notices: {added}")

    report = {
        "increment": added,
        "sizes": results,
        "extraction_speedup": speedup,
        "dbt_million": million,
        "cores": os.cpu_count(),
    }
    suffix = "-quick" if args.quick else ""
    (out / f"scale{suffix}.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    chart(results, out / f"scale{suffix}.png")
    print(f"figures → {out / f'scale{suffix}.json'}, chart → {out / f'scale{suffix}.png'}")


if __name__ == "__main__":
    main()
