"""Loading one extracted document into `raw`, all or nothing.

A revised notice (the same notice_id extracted from two documents): the document
registered last wins (`raw.documents.fetch_seq`: the sources' declared order, later
fetches after earlier ones; never the clock), whatever the load order, so a reprocess
gives the same warehouse. The losing document keeps its status and gets
note_kind `superseded` with the winner's id in note_message; its rows are removed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import duckdb

from expectations.result import NOTICE_QUARANTINED, ValidationResult
from extract.contract import NoticeMeta, NoticeRecords, TaskRow
from extract.vocabulary import LoadErrorKind, NoteKind
from warehouse.registry import STATUS_EXTRACTED, STATUS_QUARANTINED

log = logging.getLogger(__name__)

SUPERSEDED = NoteKind.SUPERSEDED.value

_LIST_FIELDS = ("section", "lead_units", "responsible_units", "cooperating_units", "frequencies")
_TEXT_FIELDS = (
    "seq",
    "requirement",
    "lead_units_text",
    "responsible_units_text",
    "deadline_text",
    "layout",
)


class LoadError(ValueError):
    """Input that cannot be loaded as given; nothing was written."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class LoadOutcome:
    document_id: str
    notice_id: str
    status: str  # the document's status: extracted | quarantined
    rows_loaded: int  # 0 when the notice lost to a newer document
    superseded_document_id: str | None = None  # the older document this one replaced
    superseded_by: str | None = None  # the newer document that holds this notice

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _check(document_id: str, notice: NoticeRecords, validation: ValidationResult) -> str:
    """The notice's id, once every row has a validation verdict (the records themselves
    were checked at the file edge: extract.contract)."""
    notice_id = notice.meta.notice_id
    unvalidated = {row.row for row in notice.rows} - set(validation.row_status)
    if unvalidated:
        raise LoadError(
            LoadErrorKind.NOT_VALIDATED,
            f"notice {notice_id}: rows {sorted(unvalidated)[:5]} have no validation verdict",
        )
    return notice_id


def _row_columns(
    document_id: str,
    notice_id: str,
    rows: Sequence[TaskRow],
    validation: ValidationResult,
    now: dt.datetime,
) -> dict[str, object]:
    """The rows as one list per column: DuckDB unnests them in one INSERT (no per-row SQL)."""
    verdicts = [validation.row_status[row.row] for row in rows]
    columns: dict[str, object] = {
        "notice_id": [notice_id] * len(rows),
        "row": [row.row for row in rows],
        "document_id": [document_id] * len(rows),
    }
    columns |= {name: [getattr(row, name) for row in rows] for name in _TEXT_FIELDS}
    columns |= {name: [list(getattr(row, name)) for row in rows] for name in _LIST_FIELDS}
    columns["deadline_date"] = [row.deadline_date for row in rows]
    columns["dq_status"] = [status for status, _ in verdicts]
    columns["dq_reasons"] = [list(reasons) for _, reasons in verdicts]
    columns["loaded_at"] = now
    return columns


def _unnest(name: str, sql_type: str) -> str:
    return f"unnest(${name}::{sql_type})"


# Invalid dates are loaded as NULL (try_cast): the row is already quarantined for them
# and its deadline_text keeps what the document said.
_INSERT_ROWS = f"""
insert into raw.task_rows (notice_id, row, document_id, {", ".join(_TEXT_FIELDS)},
    {", ".join(_LIST_FIELDS)}, deadline_date, dq_status, dq_reasons, loaded_at)
select {_unnest("notice_id", "varchar[]")}, {_unnest("row", "integer[]")},
    {_unnest("document_id", "varchar[]")},
    {", ".join(_unnest(name, "varchar[]") for name in _TEXT_FIELDS)},
    {", ".join(_unnest(name, "varchar[][]") for name in _LIST_FIELDS)},
    try_cast({_unnest("deadline_date", "varchar[]")} as date),
    {_unnest("dq_status", "varchar[]")}, {_unnest("dq_reasons", "varchar[][]")},
    $loaded_at::timestamptz
"""

_INSERT_NOTICE = """
insert into raw.notices (notice_id, document_id, title, doc_number, issuer, publish_date, year,
    province, prefecture, county, region_adcode, table_title, columns, has_task_table, body,
    row_count, dq_status, dq_reasons, parser_version, loaded_at, kind)
values (?, ?, ?, ?, ?, try_cast(? as date), ?, ?, ?, ?, ?, ?, ?::varchar[], ?, ?, ?, ?, ?::varchar[], ?, ?,
    ?)
"""


def _notice_values(
    document_id: str,
    meta: NoticeMeta,
    row_count: int,
    validation: ValidationResult,
    parser_version: str,
    now: dt.datetime,
) -> list[object]:
    quarantined = validation.notice_status == NOTICE_QUARANTINED
    return [
        meta.notice_id,
        document_id,
        meta.title,
        meta.doc_number,
        meta.issuer,
        meta.publish_date,
        meta.year,
        meta.region.province,
        meta.region.prefecture,
        meta.region.county,
        meta.region.adcode,
        meta.table_title,
        list(meta.columns),
        meta.has_task_table,
        meta.body,
        row_count,
        "quarantined" if quarantined else "ok",
        list(validation.notice_reasons),
        parser_version,
        now,
        meta.kind,
    ]


def _document_order(con: duckdb.DuckDBPyConnection, document_id: str) -> tuple[int, str]:
    found = con.execute(
        "select fetch_seq, document_id from raw.documents where document_id = ?", [document_id]
    ).fetchone()
    if found is None:
        raise LoadError(LoadErrorKind.UNKNOWN_DOCUMENT, f"document {document_id} is not registered")
    return found[0], found[1]


def _holder(con: duckdb.DuckDBPyConnection, notice_id: str, document_id: str) -> str | None:
    found = con.execute(
        "select document_id from raw.notices where notice_id = ? and document_id <> ?",
        [notice_id, document_id],
    ).fetchone()
    return found[0] if found else None


def _delete_document_rows(con: duckdb.DuckDBPyConnection, document_id: str) -> None:
    con.execute("delete from raw.task_rows where document_id = ?", [document_id])
    con.execute("delete from raw.notices where document_id = ?", [document_id])


def _set_document(
    con: duckdb.DuckDBPyConnection,
    document_id: str,
    status: str,
    parser_version: str,
    now: dt.datetime,
    extracted_at: dt.datetime | None,
    note: tuple[str | None, str | None] | None,
) -> None:
    # A document that loads has no error: an earlier failure of it is cleared.
    kind, message = note if note else (None, None)
    con.execute(
        "update raw.documents set status = ?, parser_version = ?, loaded_at = ?, "
        "extracted_at = coalesce(?, extracted_at, ?), note_kind = ?, note_message = ?, "
        "error_kind = null, error_message = null where document_id = ?",
        [status, parser_version, now, extracted_at, now, kind, message, document_id],
    )


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    # A failed COMMIT has already rolled back; the original error is what matters.
    with contextlib.suppress(duckdb.Error):
        con.rollback()


def load_document(
    con: duckdb.DuckDBPyConnection,
    document_id: str,
    notice: NoticeRecords,
    validation: ValidationResult,
    parser_version: str,
    *,
    extracted_at: dt.datetime | None = None,
    note: tuple[str | None, str | None] | None = None,
) -> LoadOutcome:
    """Replace everything `document_id` contributed to `raw` in one transaction.

    Every row is loaded (quarantined ones included) with its dq_status/dq_reasons; the
    document becomes `extracted` or `quarantined`, with no error_kind. `note` = (kind,
    message) is kept in note_kind/note_message as information (a NoteKind, e.g.
    `no_task_table`); without one (or with (None, None)) they are cleared. On any error the
    transaction is rolled back and the previous version stays.
    Raises LoadError (nothing written) for input that cannot be loaded.
    """
    item = LoadItem(document_id, notice, validation, parser_version, note, extracted_at)
    notice_id = _check(document_id, notice, validation)
    con.begin()
    try:
        outcome = _replace(con, item, notice_id, dt.datetime.now(dt.UTC))
        con.commit()
    except BaseException:
        _rollback(con)
        raise
    return outcome


@dataclass(frozen=True)
class LoadItem:
    """One validated extraction to load: what `load_document` takes."""

    document_id: str
    notice: NoticeRecords
    validation: ValidationResult
    parser_version: str
    note: tuple[str | None, str | None] | None = None
    extracted_at: dt.datetime | None = None


def load_documents(
    con: duckdb.DuckDBPyConnection, items: list[LoadItem]
) -> list[LoadOutcome | LoadError]:
    """Load a batch of documents in one transaction: one commit for the batch instead of
    one per document (the commit, not the insert, is most of a small document's cost).

    Each document stays all in or all out: the batch commits whole, and should any
    document fail inside it (DuckDB refuses a row, a document is not registered), the
    batch is rolled back and every document loaded again in its own transaction
    (`load_document`), so the failing one is named and the others load. The result is
    per item, in order: its outcome, or the LoadError (kind LOAD_ERROR for DuckDB's)."""
    results: list[LoadOutcome | LoadError | None] = []
    checked: list[tuple[int, str]] = []
    for index, item in enumerate(items):
        try:
            checked.append((index, _check(item.document_id, item.notice, item.validation)))
            results.append(None)
        except LoadError as error:
            results.append(error)
    if not checked:
        return [r for r in results if r is not None]
    now = dt.datetime.now(dt.UTC)
    con.begin()
    try:
        for index, notice_id in checked:
            results[index] = _replace(con, items[index], notice_id, now)
        con.commit()
    except (LoadError, duckdb.Error):
        _rollback(con)
        for index, _ in checked:
            results[index] = _load_alone(con, items[index])
    except BaseException:
        _rollback(con)
        raise
    return [r for r in results if r is not None]


def _load_alone(con: duckdb.DuckDBPyConnection, item: LoadItem) -> LoadOutcome | LoadError:
    try:
        return load_document(
            con,
            item.document_id,
            item.notice,
            item.validation,
            item.parser_version,
            extracted_at=item.extracted_at,
            note=item.note,
        )
    except LoadError as error:
        return error
    except duckdb.Error as error:  # its transaction was rolled back
        return LoadError(LoadErrorKind.LOAD_ERROR.value, f"{type(error).__name__}: {error}")


def _replace(
    con: duckdb.DuckDBPyConnection, item: LoadItem, notice_id: str, now: dt.datetime
) -> LoadOutcome:
    """Replace what the document contributed to `raw`, inside the caller's transaction."""
    document_id, rows, validation = item.document_id, item.notice.rows, item.validation
    parser_version, extracted_at, note = item.parser_version, item.extracted_at, item.note
    status = (
        STATUS_QUARANTINED if validation.notice_status == NOTICE_QUARANTINED else STATUS_EXTRACTED
    )
    columns = _row_columns(document_id, notice_id, rows, validation, now)
    mine = _document_order(con, document_id)
    holder = _holder(con, notice_id, document_id)
    _delete_document_rows(con, document_id)
    log.debug("document %s: previous rows deleted", document_id, extra={"stage": "deleted"})
    if holder is not None and _document_order(con, holder) > mine:
        note = (SUPERSEDED, f"notice {notice_id} is loaded from newer document {holder}")
        _set_document(con, document_id, status, parser_version, now, extracted_at, note)
        return LoadOutcome(document_id, notice_id, status, 0, superseded_by=holder)
    if holder is not None:
        _delete_document_rows(con, holder)
        con.execute(
            "update raw.documents set note_kind = ?, note_message = ? where document_id = ?",
            [
                SUPERSEDED,
                f"notice {notice_id} is loaded from newer document {document_id}",
                holder,
            ],
        )
    con.execute(
        _INSERT_NOTICE,
        _notice_values(document_id, item.notice.meta, len(rows), validation, parser_version, now),
    )
    log.debug("document %s: notice inserted", document_id, extra={"stage": "notice_inserted"})
    if rows:
        con.execute(_INSERT_ROWS, columns)
    _set_document(con, document_id, status, parser_version, now, extracted_at, note)
    log.debug("document %s: rows inserted", document_id, extra={"stage": "rows_inserted"})
    return LoadOutcome(document_id, notice_id, status, len(rows), superseded_document_id=holder)
