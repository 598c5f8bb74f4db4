"""Notes and errors live in separate columns of raw.documents (issue 13).

A warehouse made before `note_kind` existed kept notes (superseded, no_task_table, the
first extraction problem) in `error_kind`; connecting to it moves them, so an upgraded
warehouse equals one built fresh, however often it is opened.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from expectations.result import ValidationResult
from extract.contract import NoticeRecords
from tests.warehouse.wh_corpus import all_ok, dump, extraction, fetched
from warehouse.db import connect
from warehouse.loader import load_document
from warehouse.registry import mark_failed, register_fetched


def _quarantined(rows: list[dict]) -> ValidationResult:
    return ValidationResult(
        row_status={row["row"]: ("quarantined", ["misaligned_rows"]) for row in rows},
        notice_status="quarantined",
        notice_reasons=["misaligned_rows"],
    )


def _build(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Documents of every kind through the real loader: a superseded rendering, a notice
    without a task table, one loaded quarantined with a problem, one that failed."""
    old, new = fetched("ningyang-v1", minutes=0), fetched("ningyang-v2", minutes=5)
    plain, held, broken = fetched("yishui"), fetched("liangshan"), fetched("broken")
    register_fetched(con, [old, new, plain, held, broken])
    meta, rows = extraction("ningyang-2017")
    for doc in (old, new):
        load_document(
            con, doc["document_id"], NoticeRecords.from_json(meta, rows), all_ok(rows), "p1"
        )
    meta, rows = extraction("yishui-2018")
    note = ("no_task_table", "the notice carries no task table")
    load_document(
        con,
        plain["document_id"],
        NoticeRecords.from_json(meta, rows),
        all_ok(rows),
        "p1",
        note=note,
    )
    meta, rows = extraction("liangshan-2021")
    note = ("misaligned_rows", "1 problem(s) (misaligned_rows); first on page 2: rows 4")
    load_document(
        con,
        held["document_id"],
        NoticeRecords.from_json(meta, rows),
        _quarantined(rows),
        "p1",
        note=note,
    )
    mark_failed(con, broken["document_id"], "corrupt", "broken xref", parser_version="p1")
    return {
        name: doc["document_id"]
        for name, doc in (
            ("superseded", old),
            ("winner", new),
            ("no_table", plain),
            ("quarantined", held),
            ("failed", broken),
        )
    }


def _documents(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    return {
        row[0]: row[1:]
        for row in con.execute(
            "select document_id, status, error_kind, note_kind from raw.documents"
        ).fetchall()
    }


def _to_old_shape(path: Path) -> None:
    """The warehouse as the release before note_kind wrote it: notes in error_kind."""
    con = duckdb.connect(str(path))
    try:
        con.execute(
            "update raw.documents set error_kind = note_kind, error_message = note_message "
            "where note_kind is not null"
        )
        con.execute("alter table raw.documents drop column note_kind")
        con.execute("alter table raw.documents drop column note_message")
    finally:
        con.close()


def test_loaded_documents_carry_notes_and_no_error(con: duckdb.DuckDBPyConnection) -> None:
    ids = _build(con)
    assert _documents(con) == {
        ids["superseded"]: ("extracted", None, "superseded"),
        ids["winner"]: ("extracted", None, None),
        ids["no_table"]: ("extracted", None, "no_task_table"),
        ids["quarantined"]: ("quarantined", None, "misaligned_rows"),
        ids["failed"]: ("failed", "corrupt", None),
    }
    message = con.execute(
        "select note_message from raw.documents where document_id = ?", [ids["superseded"]]
    ).fetchone()[0]
    assert ids["winner"] in message


def test_a_document_that_fails_after_loading_drops_its_note(
    con: duckdb.DuckDBPyConnection,
) -> None:
    ids = _build(con)
    mark_failed(con, ids["no_table"], "parser_error", "KeyError: 'x'", parser_version="p2")
    assert _documents(con)[ids["no_table"]] == ("failed", "parser_error", None)


def test_old_warehouse_with_notes_in_error_kind_upgrades_to_a_fresh_one(tmp_path: Path) -> None:
    fresh_path = tmp_path / "fresh.duckdb"
    with connect(fresh_path) as fresh:
        _build(fresh)
        expected = dump(fresh)
    old_path = tmp_path / "old.duckdb"
    shutil.copy(fresh_path, old_path)
    _to_old_shape(old_path)
    old = duckdb.connect(str(old_path), read_only=True)
    try:
        kinds = {k for (k,) in old.execute("select error_kind from raw.documents").fetchall()}
    finally:
        old.close()
    assert kinds == {"superseded", "no_task_table", "misaligned_rows", "corrupt", None}

    with connect(old_path) as upgraded:
        assert dump(upgraded) == expected
    with connect(old_path) as again:  # the migration runs on every connect: a no-op now
        assert dump(again) == expected


def test_status_counts_documents_as_a_run_reports_them(tmp_path: Path) -> None:
    """`notices status` says loaded and superseded, as the run did, not `extracted` for
    both (a newcomer saw `extracted: 5` after a run that loaded 3 and superseded 2)."""
    from warehouse.summary import summary

    con = connect(tmp_path / "warehouse.duckdb")
    _build(con)
    documents = summary(con)["documents"]
    con.close()
    assert documents == {"failed": 1, "loaded": 2, "quarantined": 1, "superseded": 1}
