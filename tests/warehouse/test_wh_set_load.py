"""A batch loaded set-based (load_documents: one statement per table for the whole batch)
leaves every raw table as loading the same documents one by one in the same order does
(load_document), supersede notes included: copies of one notice within the batch in any
order, the re-load of a loaded document, a quarantined notice, a document nobody
registered and one DuckDB refuses."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from expectations.result import ValidationResult
from extract.contract import NoticeRecords
from tests.warehouse.wh_corpus import all_ok, dump, extraction, fetched
from warehouse.db import connect
from warehouse.loader import (
    Arrival,
    Holder,
    LoadError,
    LoadItem,
    LoadOutcome,
    load_document,
    load_documents,
    plan,
)
from warehouse.registry import register_fetched

# The only thing two loads of the same input may differ in is the clock: each document
# loaded alone reads its own, a batch one for all.
_CLOCK = {
    "documents": ("loaded_at", "extracted_at"),
    "notices": ("loaded_at",),
    "task_rows": ("loaded_at",),
}


@dataclass(frozen=True)
class Copy:
    """One document to load: which corpus notice, under which notice id, registered when."""

    name: str
    slug: str
    notice_id: str
    minutes: int  # registration order: fetch_seq follows it
    quarantined: bool = False
    row_too_big: bool = False  # a row number that does not fit INTEGER: DuckDB refuses it
    registered: bool = True
    note: tuple[str | None, str | None] | None = None


def _item(copy: Copy, parser_version: str) -> LoadItem:
    meta, rows = extraction(copy.slug)
    meta["notice_id"] = copy.notice_id
    rows = [dict(row, notice_id=copy.notice_id) for row in rows]
    if copy.row_too_big:
        rows[-1]["row"] = 2**40
    validation = all_ok(rows)
    if copy.quarantined:
        status = dict(validation.row_status)
        status[rows[0]["row"]] = ("quarantined", ["deadline_date_valid"])
        rows[0]["deadline_date"] = "2024-02-30"  # loaded as NULL, its text kept
        validation = ValidationResult(status, "quarantined", ["adcode_six_digits"], False)
    document_id = fetched(copy.name, minutes=copy.minutes)["document_id"]
    return LoadItem(
        document_id, NoticeRecords.from_json(meta, rows), validation, parser_version, copy.note
    )


# Loaded one by one into both warehouses before the batch.
BEFORE = (
    Copy("a-first", "ningyang-2017", "N1", 1),
    Copy("b", "liangshan-2021", "N2", 5),
    Copy("d-old-id", "yishui-2018", "N-old", 6),
)
BATCH = (
    Copy("a-third", "ningyang-2017", "N1", 3),
    Copy("a-second", "ningyang-2017", "N1", 2),
    Copy("c-older-than-b", "liangshan-2021", "N2", 0),
    Copy("b", "liangshan-2021", "N2", 5),  # the re-load of a loaded document
    Copy("a-fourth", "ningyang-2017", "N1", 4, note=("no_task_table", "kept as said")),
    Copy("q", "liangshan-2021", "N3", 7, quarantined=True),
    Copy("stray", "yishui-2018", "N4", 8, registered=False),
    Copy("refused", "liangshan-2021", "N5", 9, row_too_big=True),
    Copy("d-old-id", "yishui-2018", "N6", 6),  # re-extracted under another notice id
)


def _warehouse(path: Path, copies: tuple[Copy, ...]) -> duckdb.DuckDBPyConnection:
    con = connect(path)
    seen = {c.name: c for c in (*BEFORE, *copies) if c.registered}
    register_fetched(
        con, [fetched(c.name, minutes=c.minutes) for c in sorted(seen.values(), key=_minutes)]
    )
    for copy in BEFORE:
        item = _item(copy, "p1")
        load_document(con, item.document_id, item.notice, item.validation, "p1")
    return con


def _minutes(copy: Copy) -> int:
    return copy.minutes


def _one_by_one(con: duckdb.DuckDBPyConnection, items: list[LoadItem]) -> list[Any]:
    results: list[Any] = []
    for item in items:
        try:
            results.append(
                load_document(
                    con,
                    item.document_id,
                    item.notice,
                    item.validation,
                    item.parser_version,
                    extracted_at=item.extracted_at,
                    note=item.note,
                )
            )
        except LoadError as error:
            results.append((error.kind, error.message))
        except duckdb.Error:
            results.append(("load_error", "refused"))
    return results


def _batched(con: duckdb.DuckDBPyConnection, items: list[LoadItem]) -> list[Any]:
    return [
        done
        if isinstance(done, LoadOutcome)
        else (done.kind, done.message)
        if done.kind != "load_error"
        else ("load_error", "refused")
        for done in load_documents(con, items)
    ]


def _without_clock(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    for table, columns in _CLOCK.items():
        for column in columns:
            con.execute(
                f"update raw.{table} set {column} = timestamptz '2000-01-01 00:00:00+00' "
                f"where {column} is not null"
            )
    return dump(con)


def _stages(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    """(stage, whose): `batch` for the set-based statements, `document` for one by one."""
    stages = []
    for record in caplog.records:
        stage = getattr(record, "stage", None)
        if isinstance(stage, str):
            stages.append((stage, str(record.msg).split()[0].rstrip(":")))
    return stages


@pytest.mark.parametrize("order", ["as listed", "reversed", "interleaved"])
def test_a_set_based_batch_leaves_raw_as_one_document_at_a_time_does(
    tmp_path: Path, order: str, caplog: pytest.LogCaptureFixture
) -> None:
    listed = tuple(c for c in BATCH if not c.row_too_big)
    batch = {
        "as listed": listed,
        "reversed": listed[::-1],
        "interleaved": listed[::2] + listed[1::2],
    }[order]
    one = _warehouse(tmp_path / "one.duckdb", batch)
    by_one = _one_by_one(one, [_item(c, "p2") for c in batch])
    batched = _warehouse(tmp_path / "batch.duckdb", batch)
    with caplog.at_level(logging.DEBUG, logger="warehouse.loader"):
        by_batch = _batched(batched, [_item(c, "p2") for c in batch])
    # set-based, and no document fell back to its own transaction
    stages = _stages(caplog)
    assert ("set_based", "batch") in stages
    assert not [whose for _, whose in stages if whose != "batch"]
    assert by_batch == by_one
    assert _without_clock(batched) == _without_clock(one)
    # the copy that stands is the one registered last, whatever the batch order
    a_fourth = fetched("a-fourth", minutes=4)["document_id"]
    assert batched.execute(
        "select distinct document_id from raw.task_rows where notice_id = 'N1'"
    ).fetchall() == [(a_fourth,)]
    one.close()
    batched.close()


def test_a_document_refused_in_a_set_based_batch_is_named_and_the_others_load(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    one = _warehouse(tmp_path / "one.duckdb", BATCH)
    by_one = _one_by_one(one, [_item(c, "p2") for c in BATCH])
    batched = _warehouse(tmp_path / "batch.duckdb", BATCH)
    with caplog.at_level(logging.DEBUG, logger="warehouse.loader"):
        by_batch = _batched(batched, [_item(c, "p2") for c in BATCH])
    stages = _stages(caplog)
    # tried as a batch, refused, then loaded one by one
    assert ("deleted", "batch") in stages and ("set_based", "batch") not in stages
    assert ("rows_inserted", "document") in stages
    refused = [c.row_too_big for c in BATCH].index(True)
    assert by_batch[refused] == ("load_error", "refused")
    assert by_batch == by_one
    assert _without_clock(batched) == _without_clock(one)
    one.close()
    batched.close()


def test_documents_trading_notice_ids_in_one_batch_load_as_one_by_one(tmp_path: Path) -> None:
    # d-old-id held N-old and now brings N6, while another document brings N-old: one by
    # one the result depends on which comes first; the batch follows the batch order.
    batch = (
        Copy("e", "ningyang-2017", "N-old", 2),
        Copy("d-old-id", "yishui-2018", "N6", 6),
        Copy("a-third", "ningyang-2017", "N1", 3),
    )
    one = _warehouse(tmp_path / "one.duckdb", batch)
    by_one = _one_by_one(one, [_item(c, "p2") for c in batch])
    batched = _warehouse(tmp_path / "batch.duckdb", batch)
    assert _batched(batched, [_item(c, "p2") for c in batch]) == by_one
    assert _without_clock(batched) == _without_clock(one)
    one.close()
    batched.close()


def test_a_copy_that_loses_names_the_copy_it_met_and_the_last_registered_stands() -> None:
    # N held by a1; the batch brings a3, a2, a4 in that order (registered 1 < 2 < 3 < 4)
    decided = plan(
        [
            Arrival(0, "a3", "N", (3, "a3")),
            Arrival(1, "a2", "N", (2, "a2")),
            Arrival(2, "a4", "N", (4, "a4")),
        ],
        [Holder("N", "a1", (1, "a1"))],
    )
    assert decided.standing == frozenset({"a4"})
    newer = {doc: note.rsplit(" ", 1)[-1] for doc, note in decided.superseded.items()}
    assert newer == {"a1": "a3", "a2": "a3", "a3": "a4"}
    assert decided.superseded_by == {1: "a3"}
    assert decided.replaced == {0: "a1", 2: "a3"}
