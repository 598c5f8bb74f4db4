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
from dataclasses import asdict, dataclass
from typing import Any

import duckdb

from expectations.result import NOTICE_QUARANTINED, ValidationResult
from extract.vocabulary import LoadErrorKind, NoteKind
from warehouse.registry import STATUS_EXTRACTED, STATUS_QUARANTINED

log = logging.getLogger(__name__)

SUPERSEDED = NoteKind.SUPERSEDED.value

_LIST_FIELDS = ("section", "lead_units", "responsible_units", "cooperating_units", "frequencies")
_TEXT_FIELDS = ("seq", "requirement", "lead_units_text", "responsible_units_text", "deadline_text")


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


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _texts(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v is not None]
    return [str(value)]  # a bare string is one item, never dropped


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def _check(
    document_id: str, meta: dict[str, Any], rows: list[dict[str, Any]], validation: ValidationResult
) -> str:
    notice_id = meta.get("notice_id")
    if not isinstance(notice_id, str) or not notice_id:
        raise LoadError(
            LoadErrorKind.NO_NOTICE_ID, f"document {document_id}: meta has no notice_id"
        )
    seen: set[int] = set()
    for position, row in enumerate(rows, start=1):
        number = row.get("row")
        if not isinstance(number, int) or isinstance(number, bool):
            raise LoadError(
                LoadErrorKind.BAD_ROW_NUMBER,
                f"notice {notice_id}: row #{position} has row={number!r}",
            )
        if number in seen:
            raise LoadError(
                LoadErrorKind.DUPLICATE_ROW, f"notice {notice_id}: row {number} appears twice"
            )
        seen.add(number)
    unvalidated = seen - set(validation.row_status)
    if unvalidated:
        raise LoadError(
            LoadErrorKind.NOT_VALIDATED,
            f"notice {notice_id}: rows {sorted(unvalidated)[:5]} have no validation verdict",
        )
    return notice_id


def _row_columns(
    document_id: str,
    notice_id: str,
    rows: list[dict[str, Any]],
    validation: ValidationResult,
    now: dt.datetime,
) -> dict[str, Any]:
    """The rows as one list per column: DuckDB unnests them in one INSERT (no per-row SQL)."""
    verdicts = [validation.row_status[row["row"]] for row in rows]
    columns: dict[str, Any] = {
        "notice_id": [notice_id] * len(rows),
        "row": [row["row"] for row in rows],
        "document_id": [document_id] * len(rows),
    }
    columns |= {name: [_text(row.get(name)) for row in rows] for name in _TEXT_FIELDS}
    columns |= {name: [_texts(row.get(name)) for row in rows] for name in _LIST_FIELDS}
    columns["deadline_date"] = [_text(row.get("deadline_date")) for row in rows]
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
    row_count, dq_status, dq_reasons, parser_version, loaded_at)
values (?, ?, ?, ?, ?, try_cast(? as date), ?, ?, ?, ?, ?, ?, ?::varchar[], ?, ?, ?, ?, ?::varchar[], ?, ?)
"""


def _notice_values(
    document_id: str,
    notice_id: str,
    meta: dict[str, Any],
    row_count: int,
    validation: ValidationResult,
    parser_version: str,
    now: dt.datetime,
) -> list[Any]:
    found = meta.get("region")
    region: dict[str, Any] = found if isinstance(found, dict) else {}
    quarantined = validation.notice_status == NOTICE_QUARANTINED
    return [
        notice_id,
        document_id,
        _text(meta.get("title")),
        _text(meta.get("doc_number")),
        _text(meta.get("issuer")),
        _text(meta.get("publish_date")),
        _int(meta.get("year")),
        _text(region.get("province")),
        _text(region.get("prefecture")),
        _text(region.get("county")),
        _text(region.get("adcode")),
        _text(meta.get("table_title")),
        _texts(meta.get("columns")),
        bool(meta.get("has_task_table")),
        _text(meta.get("body")),
        row_count,
        "quarantined" if quarantined else "ok",
        list(validation.notice_reasons),
        parser_version,
        now,
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
    meta: dict[str, Any],
    rows: list[dict[str, Any]],
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
    notice_id = _check(document_id, meta, rows, validation)
    now = dt.datetime.now(dt.UTC)
    status = (
        STATUS_QUARANTINED if validation.notice_status == NOTICE_QUARANTINED else STATUS_EXTRACTED
    )
    columns = _row_columns(document_id, notice_id, rows, validation, now)
    con.begin()
    try:
        mine = _document_order(con, document_id)
        holder = _holder(con, notice_id, document_id)
        _delete_document_rows(con, document_id)
        log.debug("document %s: previous rows deleted", document_id, extra={"stage": "deleted"})
        if holder is not None and _document_order(con, holder) > mine:
            note = (SUPERSEDED, f"notice {notice_id} is loaded from newer document {holder}")
            _set_document(con, document_id, status, parser_version, now, extracted_at, note)
            con.commit()
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
            _notice_values(
                document_id, notice_id, meta, len(rows), validation, parser_version, now
            ),
        )
        log.debug("document %s: notice inserted", document_id, extra={"stage": "notice_inserted"})
        if rows:
            con.execute(_INSERT_ROWS, columns)
        _set_document(con, document_id, status, parser_version, now, extracted_at, note)
        log.debug("document %s: rows inserted", document_id, extra={"stage": "rows_inserted"})
        con.commit()
    except BaseException:
        _rollback(con)
        raise
    return LoadOutcome(document_id, notice_id, status, len(rows), superseded_document_id=holder)
