"""Which version of `raw` the marts were built from, so a run can tell they are behind.

The raw version is a fingerprint of the raw tables dbt reads (row count and a sum of
row hashes per table) plus a fingerprint of the dbt project's own files: it changes with
every load, failure or registration, whoever wrote it (CLI, Airflow, reprocess), and is
the same for the same content. A transform records the version it built from
(`raw.build_state`, target `marts`); a publish records, once its snapshot is in place, the
version of the marts it copied (target `snapshot`). A run compares both with the current
version and rebuilds or republishes whatever is behind, whatever it fetched: a kill during
dbt or publish is healed by the next run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb

from warehouse.db import one_row

MARTS = "marts"
SNAPSHOT = "snapshot"

# The raw tables the dbt sources read (dbt_project/models/staging/__sources.yml).
DBT_SOURCES = ("documents", "notices", "task_rows")
_PROJECT_FILES = ("*.yml", "*.sql", "*.csv", "*.md")


def raw_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    parts = []
    for table in DBT_SOURCES:
        count, total = one_row(
            con, f"select count(*), coalesce(sum(hash(t)::hugeint), 0)::varchar from raw.{table} t"
        )
        parts.append(f"{table}:{count}:{total}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def project_fingerprint(project_dir: Path) -> str:
    """The dbt project's models, seeds, macros and settings: new code means new marts."""
    digest = hashlib.sha256()
    project_dir = Path(project_dir)
    skip = {"target", "logs", "dbt_packages"}
    files = sorted(
        path
        for pattern in _PROJECT_FILES
        for path in project_dir.rglob(pattern)
        if not skip.intersection(path.relative_to(project_dir).parts)
    )
    for path in files:
        digest.update(str(path.relative_to(project_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def raw_version(con: duckdb.DuckDBPyConnection, project_dir: Path) -> str:
    return f"{raw_fingerprint(con)}-{project_fingerprint(project_dir)}"


def built_version(con: duckdb.DuckDBPyConnection, target: str = MARTS) -> str | None:
    found = con.execute(
        "select raw_version from raw.build_state where target = ?", [target]
    ).fetchone()
    return found[0] if found else None


def record_built(con: duckdb.DuckDBPyConnection, version: str, target: str = MARTS) -> None:
    con.execute(
        "insert or replace into raw.build_state (target, raw_version, built_at) values (?, ?, ?)",
        [target, version, dt.datetime.now(dt.UTC)],
    )
