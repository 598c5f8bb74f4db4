"""A batch of documents loaded in one transaction (load_documents) leaves `raw` as loading
them one by one does, supersedes within the batch by fetch order, and a document that
fails inside the batch is named while the others still load."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from extract.contract import NoticeRecords
from tests.warehouse.wh_corpus import SLUGS, all_ok, extraction, fetched
from warehouse.db import connect
from warehouse.loader import LoadError, LoadItem, LoadOutcome, load_document, load_documents
from warehouse.registry import register_fetched

# what two loads of the same input may differ in: the clock
_COMPARABLE = {
    "notices": "select * exclude (loaded_at) from raw.notices order by notice_id",
    "task_rows": "select * exclude (loaded_at) from raw.task_rows order by notice_id, row",
    "documents": "select document_id, status, note_kind, note_message, error_kind "
    "from raw.documents order by document_id",
}


def _items(con: duckdb.DuckDBPyConnection) -> list[LoadItem]:
    items = []
    for minutes, slug in enumerate(SLUGS):
        doc = fetched(slug, minutes=minutes)
        register_fetched(con, [doc])
        meta, rows = extraction(slug)
        items.append(
            LoadItem(doc["document_id"], NoticeRecords.from_json(meta, rows), all_ok(rows), "p1")
        )
    return items


def _state(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    return {name: con.execute(sql).fetchall() for name, sql in _COMPARABLE.items()}


def test_a_batch_leaves_raw_as_one_document_at_a_time_does(tmp_path: Path) -> None:
    one_by_one = connect(tmp_path / "one.duckdb")
    for item in _items(one_by_one):
        load_document(
            one_by_one,
            item.document_id,
            item.notice,
            item.validation,
            "p1",
        )
    batched = connect(tmp_path / "batch.duckdb")
    outcomes = load_documents(batched, _items(batched))
    assert all(isinstance(o, LoadOutcome) for o in outcomes)
    assert _state(batched) == _state(one_by_one)
    assert sum(o.rows_loaded for o in outcomes if isinstance(o, LoadOutcome)) == len(
        _state(batched)["task_rows"]
    )


def test_a_document_failing_inside_a_batch_is_named_and_the_others_load(
    con: duckdb.DuckDBPyConnection,
) -> None:
    items = _items(con)
    # registered nowhere: the batch meets it after loading the first document
    meta, rows = extraction(SLUGS[0])
    meta["notice_id"] = "unregistered-notice"
    rows = [dict(row, notice_id="unregistered-notice") for row in rows]
    stray = LoadItem("0" * 64, NoticeRecords.from_json(meta, rows), all_ok(rows), "p1")
    outcomes = load_documents(con, [items[0], stray, *items[1:]])
    assert isinstance(outcomes[1], LoadError) and outcomes[1].kind == "unknown_document"
    loaded = [o for o in outcomes if isinstance(o, LoadOutcome)]
    assert [o.document_id for o in loaded] == [i.document_id for i in items]
    assert con.execute("select count(*) from raw.notices").fetchone() == (len(SLUGS),)


def test_the_later_fetched_document_wins_inside_a_batch(
    con: duckdb.DuckDBPyConnection,
) -> None:
    meta, rows = extraction(SLUGS[0])
    older, newer = fetched("first", minutes=1), fetched("revised", minutes=2)
    register_fetched(con, [older, newer])
    revised = [dict(row, requirement=row["requirement"] + "（修订）") for row in rows]
    # the newer document first in the batch: fetch order decides, not batch order
    outcomes = load_documents(
        con,
        [
            LoadItem(
                newer["document_id"], NoticeRecords.from_json(meta, revised), all_ok(revised), "p1"
            ),
            LoadItem(older["document_id"], NoticeRecords.from_json(meta, rows), all_ok(rows), "p1"),
        ],
    )
    assert isinstance(outcomes[1], LoadOutcome)
    assert outcomes[1].superseded_by == newer["document_id"]
    held = con.execute("select distinct document_id from raw.task_rows").fetchall()
    assert held == [(newer["document_id"],)]
