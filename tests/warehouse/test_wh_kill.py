"""A loader SIGKILLed inside its transaction leaves the warehouse exactly as before."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from extract.contract import NoticeRecords
from tests.warehouse.wh_corpus import SLUGS, all_ok, big_rows, dump, extraction, fetched
from warehouse.db import connect
from warehouse.loader import load_document
from warehouse.registry import register_fetched

# A big document (the load takes a noticeable time) without slowing the suite down.
ROWS = 20_000
REPO = Path(__file__).resolve().parents[2]
LOADER = "tests.warehouse.kill_loader"  # run as a module from the root: it imports wh_corpus


def _previous_version(path: Path) -> str:
    con = connect(path)
    for minutes, slug in enumerate(SLUGS):
        doc = fetched(slug, minutes=minutes)
        register_fetched(con, [doc])
        meta, rows = extraction(slug)
        load_document(
            con, doc["document_id"], NoticeRecords.from_json(meta, rows), all_ok(rows), "p1"
        )
    con.close()
    return fetched("ningyang-2017")["document_id"]


@pytest.mark.parametrize(
    ("stage", "batch"),
    [("deleted", False), ("rows_inserted", False), ("rows_inserted", True)],
)
def test_sigkill_inside_transaction_leaves_previous_version(
    tmp_path: Path, stage: str, batch: bool
) -> None:
    path = tmp_path / "warehouse.duckdb"
    document_id = _previous_version(path)
    before = dump(path)
    # a set-based batch: the big document with another loaded one, killed after its rows
    other = [fetched("liangshan-2021", minutes=1)["document_id"]] if batch else []
    loader = subprocess.Popen(
        [sys.executable, "-m", LOADER, str(path), document_id, stage, str(ROWS), *other],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert loader.stdout is not None
        assert loader.stdout.readline().strip() == "IN_TRANSACTION"
        loader.send_signal(signal.SIGKILL)
        loader.wait(timeout=30)
    finally:
        if loader.poll() is None:
            loader.kill()
    assert loader.returncode == -signal.SIGKILL
    assert dump(path) == before
    # and the warehouse still takes that load afterwards
    con = connect(path)
    meta, rows = extraction("ningyang-2017")
    many = big_rows(rows, ROWS)
    load_document(con, document_id, NoticeRecords.from_json(meta, many), all_ok(many), "p2")
    assert con.execute(
        "select count(*) from raw.task_rows where document_id = ?", [document_id]
    ).fetchone() == (ROWS,)
    con.close()
