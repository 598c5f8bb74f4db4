from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from expectations.result import ValidationResult
from extract.contract import NoticeRecords
from tests.warehouse.wh_corpus import SLUGS, all_ok, big_rows, dump, extraction, fetched
from warehouse.loader import LoadError, load_document
from warehouse.registry import register_fetched


def _load_corpus(con: duckdb.DuckDBPyConnection, parser_version: str = "p1") -> None:
    for minutes, slug in enumerate(SLUGS):
        doc = fetched(slug, minutes=minutes)
        register_fetched(con, [doc])
        meta, rows = extraction(slug)
        load_document(
            con,
            doc["document_id"],
            NoticeRecords.from_json(meta, rows),
            all_ok(rows),
            parser_version,
        )


def _counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    return con.execute(
        "select (select count(*) from raw.notices), (select count(*) from raw.task_rows)"
    ).fetchone()


def test_corpus_loads_with_contract_types(con: duckdb.DuckDBPyConnection) -> None:
    _load_corpus(con)
    expected_rows = sum(len(extraction(slug)[1]) for slug in SLUGS)
    assert _counts(con) == (len(SLUGS), expected_rows)
    types = dict(
        con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'raw' and table_name = 'task_rows'"
        ).fetchall()
    )
    assert types["lead_units"] == "VARCHAR[]" and types["deadline_date"] == "DATE"
    meta, rows = extraction("ningyang-2017")
    stored = con.execute(
        "select section, lead_units, responsible_units, cooperating_units, frequencies, "
        "requirement, deadline_date from raw.task_rows where notice_id = ? order by row",
        [meta["notice_id"]],
    ).fetchall()
    for row, (section, lead, resp, coop, freqs, requirement, deadline) in zip(
        rows, stored, strict=True
    ):
        assert (section, lead, resp, coop, freqs) == (
            row["section"],
            row["lead_units"],
            row["responsible_units"],
            row["cooperating_units"],
            row["frequencies"],
        )
        assert requirement == row["requirement"]
        assert (deadline.isoformat() if deadline else None) == row["deadline_date"]
    notice = con.execute(
        "select region_adcode, county, year, publish_date, columns, row_count, dq_status "
        "from raw.notices where notice_id = ?",
        [meta["notice_id"]],
    ).fetchone()
    assert notice == (
        "370921",
        "宁阳县",
        2017,
        dt.date(2017, 6, 30),
        meta["columns"],
        len(rows),
        "ok",
    )
    statuses = con.execute("select distinct status, parser_version from raw.documents").fetchall()
    assert statuses == [("extracted", "p1")]


def test_loading_twice_changes_nothing_but_load_time(con: duckdb.DuckDBPyConnection) -> None:
    _load_corpus(con)
    first = (
        _counts(con),
        con.execute("select * exclude (loaded_at) from raw.task_rows order by all").fetchall(),
    )
    _load_corpus(con)
    second = (
        _counts(con),
        con.execute("select * exclude (loaded_at) from raw.task_rows order by all").fetchall(),
    )
    assert first == second


def test_reextraction_replaces_rows(con: duckdb.DuckDBPyConnection) -> None:
    _load_corpus(con)
    doc = fetched("ningyang-2017", minutes=0)
    meta, rows = extraction("ningyang-2017")
    fewer = rows[:10]
    fewer[0]["requirement"] = "新解析器的文本"
    load_document(
        con, doc["document_id"], NoticeRecords.from_json(meta, fewer), all_ok(fewer), "p2"
    )
    stored = con.execute(
        "select count(*), min(requirement) filter (where row = 1) from raw.task_rows "
        "where document_id = ?",
        [doc["document_id"]],
    ).fetchone()
    assert stored == (10, "新解析器的文本")
    assert con.execute(
        "select row_count, parser_version from raw.notices where notice_id = ?",
        [meta["notice_id"]],
    ).fetchone() == (10, "p2")


def test_failure_mid_load_rolls_back_to_previous_version(con: duckdb.DuckDBPyConnection) -> None:
    _load_corpus(con)
    before = dump(con)
    doc = fetched("liangshan-2021", minutes=1)
    meta, rows = extraction("liangshan-2021")
    # passes the pre-checks, then fails inside the transaction (row does not fit INTEGER)
    rows[-1]["row"] = 2**40
    with pytest.raises(duckdb.Error):
        load_document(
            con, doc["document_id"], NoticeRecords.from_json(meta, rows), all_ok(rows), "p2"
        )
    assert dump(con) == before


def test_unloadable_input_is_refused_before_writing(con: duckdb.DuckDBPyConnection) -> None:
    _load_corpus(con)
    before = dump(con)
    doc = fetched("ningyang-2017", minutes=0)
    meta, rows = extraction("ningyang-2017")
    meta2, rows2 = extraction("ningyang-2017")
    with pytest.raises(LoadError) as partial:
        load_document(
            con, doc["document_id"], NoticeRecords.from_json(meta2, rows2), all_ok(rows2[:5]), "p2"
        )
    assert partial.value.kind == "not_validated"
    with pytest.raises(LoadError) as unknown:
        load_document(con, "f" * 64, NoticeRecords.from_json(meta2, rows2), all_ok(rows2), "p2")
    assert unknown.value.kind == "unknown_document"
    assert dump(con) == before


def test_quarantined_rows_are_loaded_with_reasons(con: duckdb.DuckDBPyConnection) -> None:
    doc = fetched("liangshan-2021")
    register_fetched(con, [doc])
    meta, rows = extraction("liangshan-2021")
    rows[0]["deadline_date"] = "2021-02-30"  # not a date: loaded as NULL, kept in the row
    status = {row["row"]: ("ok", []) for row in rows}
    status[1] = ("quarantined", ["deadline_date_valid"])
    status[2] = ("warn", ["lead_units_split"])
    validation = ValidationResult(status, "quarantined", ["adcode_six_digits"], success=False)
    load_document(con, doc["document_id"], NoticeRecords.from_json(meta, rows), validation, "p1")
    stored = con.execute(
        "select row, dq_status, dq_reasons, deadline_date from raw.task_rows "
        "where row <= 3 order by row"
    ).fetchall()
    assert stored == [
        (1, "quarantined", ["deadline_date_valid"], None),
        (2, "warn", ["lead_units_split"], None),
        (3, "ok", [], None),
    ]
    assert con.execute("select count(*) from raw.task_rows").fetchone()[0] == len(rows)
    assert con.execute("select dq_status, dq_reasons from raw.notices").fetchone() == (
        "quarantined",
        ["adcode_six_digits"],
    )
    assert con.execute("select status from raw.documents").fetchone() == ("quarantined",)


def test_note_is_kept_and_cleared_on_next_load(con: duckdb.DuckDBPyConnection) -> None:
    doc = fetched("yishui-2018")
    register_fetched(con, [doc])
    meta, rows = extraction("yishui-2018")
    load_document(
        con,
        doc["document_id"],
        NoticeRecords.from_json(meta, rows),
        all_ok(rows),
        "p1",
        note=("no_task_table", "no table"),
    )
    assert con.execute("select status, note_kind, error_kind from raw.documents").fetchone() == (
        "extracted",
        "no_task_table",
        None,
    )
    load_document(
        con,
        doc["document_id"],
        NoticeRecords.from_json(meta, rows),
        all_ok(rows),
        "p1",
        note=(None, None),
    )
    assert con.execute("select note_kind, error_kind from raw.documents").fetchone() == (None, None)


@pytest.mark.parametrize("order", ["old_first", "new_first"])
def test_revised_notice_newest_document_wins(con: duckdb.DuckDBPyConnection, order: str) -> None:
    old, new = fetched("ningyang-v1", minutes=0), fetched("ningyang-v2", minutes=5)
    register_fetched(con, [old, new])
    meta, rows = extraction("ningyang-2017")
    revised = rows[:20]
    loads = [(old, rows), (new, revised)]
    for doc, doc_rows in loads if order == "old_first" else loads[::-1]:
        load_document(
            con, doc["document_id"], NoticeRecords.from_json(meta, doc_rows), all_ok(doc_rows), "p1"
        )
    assert con.execute("select document_id, row_count from raw.notices").fetchall() == [
        (new["document_id"], 20)
    ]
    assert con.execute(
        "select count(distinct document_id), count(*) from raw.task_rows"
    ).fetchone() == (1, 20)
    kinds = dict(con.execute("select document_id, note_kind from raw.documents").fetchall())
    assert kinds == {old["document_id"]: "superseded", new["document_id"]: None}
    errors = con.execute("select count(error_kind) from raw.documents").fetchone()
    assert errors == (0,)


def test_bulk_load_of_a_big_document(con: duckdb.DuckDBPyConnection) -> None:
    doc = fetched("big")
    register_fetched(con, [doc])
    meta, rows = extraction("ningyang-2017")
    many = big_rows(rows, 20_000)
    outcome = load_document(
        con, doc["document_id"], NoticeRecords.from_json(meta, many), all_ok(many), "p1"
    )
    assert outcome.rows_loaded == 20_000
    assert con.execute("select count(*), max(row) from raw.task_rows").fetchone() == (
        20_000,
        20_000,
    )


@pytest.mark.parametrize("seconds_apart", [0, 1])
@pytest.mark.parametrize("declared", [("v1", "v2"), ("v2", "v1")])
def test_copy_of_a_notice_kept_is_the_one_declared_last_whatever_the_clock(
    con: duckdb.DuckDBPyConnection, seconds_apart: int, declared: tuple[str, str]
) -> None:
    """Two copies of one notice fetched in one run: the one the sources list later stands
    for the notice, whether their fetch times fall in one second or straddle a second
    boundary (with fetched_at deciding, the winner changed with the clock)."""
    first, second = (fetched(f"ningyang-{name}") for name in declared)
    # the clock says the opposite of the declared order, or nothing at all
    first["fetched_at"] = second["fetched_at"] + dt.timedelta(seconds=seconds_apart)
    register_fetched(con, [first, second])
    meta, rows = extraction("ningyang-2017")
    for doc in (second, first):
        load_document(
            con, doc["document_id"], NoticeRecords.from_json(meta, rows), all_ok(rows), "p1"
        )
    assert con.execute("select document_id from raw.notices").fetchall() == [
        (second["document_id"],)
    ]


def test_documents_registered_before_fetch_seq_are_numbered_in_their_old_order(
    tmp_path: Path,
) -> None:
    from warehouse.db import connect

    path = tmp_path / "old.duckdb"
    con = connect(path)
    docs = [fetched(name, minutes=m) for name, m in (("b", 2), ("a", 1), ("c", 1))]
    register_fetched(con, docs)
    con.execute("update raw.documents set fetch_seq = null")
    con.close()
    con = connect(path)  # the migration numbers them: fetched_at, then document_id
    numbered = con.execute(
        "select document_id, fetch_seq from raw.documents order by fetch_seq"
    ).fetchall()
    order = sorted(docs, key=lambda d: (d["fetched_at"], d["document_id"]))
    assert numbered == [(d["document_id"], i) for i, d in enumerate(order, start=1)]
    con.close()
    again = connect(path)  # idempotent: nothing left to number, nothing renumbered
    assert (
        again.execute("select document_id, fetch_seq from raw.documents order by 2").fetchall()
        == numbered
    )
