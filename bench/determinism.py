"""Determinism: the same inputs give byte-identical marts, run after run.

    python -m bench.determinism                 # 10 fresh runs of sources.yml (samples/)
    python -m bench.determinism --runs 3 --config other.yml

Each run is a fresh `notices run` in its own NOTICES_HOME, started at a different time of
the clock (runs take seconds, so fetch times, run ids and load times all differ). Every
table of the published snapshot (`reporting.duckdb`, marts only) is read in a total order
and hashed; the script prints one fingerprint per run and per table and says whether they
agree. Every column of every mart is compared: no mart holds when the pipeline ran.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]


def table_fingerprints(snapshot: Path) -> dict[str, str]:
    """sha256 of every mart table's rows, columns in name order, rows sorted."""
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' order by 1, 2"
        ).fetchall()
        prints: dict[str, str] = {}
        for schema, table in tables:
            columns = sorted(
                name
                for (name,) in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = ? and table_name = ?",
                    [schema, table],
                ).fetchall()
            )
            if not columns:
                continue
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = con.execute(f'select {quoted} from "{schema}"."{table}" order by all').fetchall()
            digest = hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()[:16]
            prints[f"{schema}.{table}"] = digest
        return prints
    finally:
        con.close()


def fresh_run(config: Path, home: Path) -> dict[str, str]:
    env = {**os.environ, "NOTICES_HOME": str(home)}
    notices = Path(sys.executable).with_name("notices")
    subprocess.run(
        [str(notices), "run", "--config", str(config)],
        cwd=REPO,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return table_fingerprints(home / "reporting.duckdb")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--config", type=Path, default=REPO / "sources.yml")
    args = parser.parse_args()
    results: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="notices-determinism-") as work:
        for i in range(args.runs):
            prints = fresh_run(args.config.resolve(), Path(work) / f"run{i}")
            results.append(prints)
            whole = hashlib.sha256(repr(sorted(prints.items())).encode()).hexdigest()[:16]
            print(f"run {i + 1}: {len(prints)} tables, fingerprint {whole}", flush=True)
    first = results[0]
    differing = sorted(
        {
            table
            for r in results[1:]
            for table in set(first) | set(r)
            if r.get(table) != first.get(table)
        }
    )
    if differing:
        print(f"NOT deterministic: {len(differing)} table(s) differ: {', '.join(differing)}")
        raise SystemExit(1)
    print(f"deterministic: {args.runs} fresh runs gave identical marts ({len(first)} tables)")


if __name__ == "__main__":
    main()
