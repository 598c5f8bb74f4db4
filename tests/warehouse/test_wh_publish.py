from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from extract.contract import NoticeRecords
from tests.warehouse.wh_corpus import SLUGS, all_ok, dump, extraction, fetched
from warehouse.db import connect
from warehouse.loader import load_document
from warehouse.publish import PublishError, publish
from warehouse.registry import register_fetched

READER = Path(__file__).with_name("reporting_reader.py")
RAW = ("raw",)


def _load(con: duckdb.DuckDBPyConnection, name: str, slug: str, minutes: int) -> None:
    doc = fetched(name, minutes=minutes)
    register_fetched(con, [doc])
    meta, rows = extraction(slug)
    meta["notice_id"] = f"{slug}-{name}"
    load_document(con, doc["document_id"], NoticeRecords.from_json(meta, rows), all_ok(rows), "p1")


def _corpus(con: duckdb.DuckDBPyConnection) -> None:
    for minutes, slug in enumerate(SLUGS):
        _load(con, slug, slug, minutes)


def test_snapshot_equals_the_warehouse(tmp_path: Path) -> None:
    warehouse, reporting = tmp_path / "warehouse.duckdb", tmp_path / "reporting.duckdb"
    con = connect(warehouse)
    _corpus(con)
    # the pipeline's own writer connection stays open while it publishes
    assert publish(warehouse, reporting, method="file") == reporting
    assert dump(reporting) == dump(con)
    con.close()
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert leftovers == ["reporting.duckdb", "warehouse.duckdb"]


def test_publish_without_warehouse_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="no warehouse"):
        publish(tmp_path / "missing.duckdb", tmp_path / "reporting.duckdb")
    assert not (tmp_path / "reporting.duckdb").exists()


def test_readers_are_never_blocked_and_see_whole_versions(tmp_path: Path) -> None:
    """Readers of the snapshot while the pipeline publishes again and again, by the
    pipeline's own method (a new file written through DuckDB, then renamed), here with
    the raw tables so that a half version would show."""
    warehouse, reporting = tmp_path / "warehouse.duckdb", tmp_path / "reporting.duckdb"
    stop = tmp_path / "stop"
    con = connect(warehouse)
    _corpus(con)
    publish(warehouse, reporting, schemas=RAW)
    first = len(SLUGS)
    readers = {
        mode: subprocess.Popen(
            [sys.executable, str(READER), str(reporting), str(stop), mode],
            stdout=subprocess.PIPE,
            text=True,
        )
        for mode in ("held", "fresh")
    }
    try:
        for reader in readers.values():
            assert reader.stdout is not None
            assert reader.stdout.readline().strip() == "READY"
        for i in range(4):
            _load(con, f"extra-{i}", SLUGS[i % 2], 10 + i)  # 133 or 64 more rows
            publish(warehouse, reporting, schemas=RAW)
            time.sleep(0.2)  # let the readers query each version a few times
        stop.touch()
        reports = {
            mode: json.loads(reader.communicate(timeout=60)[0].strip().splitlines()[-1])
            for mode, reader in readers.items()
        }
    finally:
        for reader in readers.values():
            if reader.poll() is None:
                reader.kill()
    last = first + 4
    assert reports["held"]["errors"] == [] and reports["fresh"]["errors"] == []
    # the connection opened before the publishes keeps its own complete version
    assert set(reports["held"]["versions"]) == {first}
    # fresh opens only ever move forward, through whole versions, to the last one
    fresh = reports["fresh"]["versions"]
    assert fresh == sorted(fresh)
    assert set(fresh) <= set(range(first, last + 1))
    # READY came after a first read, before any publish: it read across all of them
    assert fresh[0] == first and fresh[-1] == last
    con.close()
