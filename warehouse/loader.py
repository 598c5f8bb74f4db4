"""Loading one extracted document into `raw`, all or nothing.

A revised notice (the same notice_id extracted from two documents): the document
registered last wins (`raw.documents.fetch_seq`: the sources' declared order, later
fetches after earlier ones; never the clock), whatever the load order, so a reprocess
gives the same warehouse. The losing document keeps its status and gets
note_kind `superseded` with the winner's id in note_message; its rows are removed.

A batch (`load_documents`) is loaded set-based: `plan` takes the supersede decisions that
loading its documents one by one would take, in memory, and the batch is written with one
statement per table; the result is the same `raw` (tests/warehouse/test_wh_set_load.py).
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
    con: duckdb.DuckDBPyConnection, items: list[LoadItem], *, set_based: bool = True
) -> list[LoadOutcome | LoadError]:
    """Load a batch of documents in one transaction, set-based: the batch's deletes in one
    statement per table, its notices and rows each in one INSERT, its documents' statuses
    and notes in one UPDATE (`_load_set`), so the cost per document is a few list
    appends instead of a dozen statements.

    The result is what loading the items one by one in batch order gives (`load_document`),
    supersede notes included: `plan` decides the supersedes in memory by the same rule.
    Each document stays all in or all out: the batch commits whole, and should any
    document fail inside it (DuckDB refuses a row), the batch is rolled back and every
    document loaded again in its own transaction (`load_document`), so the failing one is
    named and the others load. A batch whose documents change notice ids among themselves
    (`_plan_batch` returns None) is loaded document after document inside the one transaction, as
    is every batch with `set_based=False` (kept for bench/load_speed.py's comparison).
    The result is per item, in order: its outcome, or the LoadError (kind LOAD_ERROR for
    DuckDB's)."""
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
        decided = _plan_batch(con, items, checked) if set_based else None
        if decided is None:
            for index, notice_id in checked:
                results[index] = _replace(con, items[index], notice_id, now)
        else:
            for index, done in _load_set(con, items, decided, now).items():
                results[index] = done
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


# --- Set-based batches -------------------------------------------------------------------


@dataclass(frozen=True)
class Arrival:
    """One document of a batch, in batch order, as the supersede rule sees it."""

    index: int  # its place in the batch (the items list)
    document_id: str
    notice_id: str
    order: tuple[int, str]  # (fetch_seq, document_id): the later registered is greater


@dataclass(frozen=True)
class Holder:
    """The document holding a notice in `raw.notices` before the batch."""

    notice_id: str
    document_id: str
    order: tuple[int, str]


@dataclass(frozen=True)
class BatchPlan:
    """What loading a batch's documents one after another decides, decided at once.

    `superseded` maps every document whose note ends as `superseded` to its note message
    (batch documents that lost, holders that were replaced); `standing` holds the batch
    documents whose notice and rows end in `raw` (the last registered copy of each
    notice); `superseded_by` and `replaced` are what each arrival's LoadOutcome says, as
    `_replace` would have said it at its turn."""

    arrivals: tuple[Arrival, ...]
    superseded: dict[str, str]
    standing: frozenset[str]
    superseded_by: dict[int, str]  # arrival index -> the newer document that kept its notice
    replaced: dict[int, str]  # arrival index -> the older document it replaced
    unknown: tuple[int, ...]  # arrival indexes whose document is not registered


def _superseded_note(notice_id: str, newer: str) -> str:
    return f"notice {notice_id} is loaded from newer document {newer}"


def plan(arrivals: Sequence[Arrival], holders: Sequence[Holder]) -> BatchPlan:
    """The supersede decisions of a batch: exactly those that loading the arrivals one by
    one in batch order makes (`_replace`), each against the notice's holder at its turn.
    The holder of a notice is the latest registered copy seen so far, so the copy that
    stands at the end is the one registered last; a document that loses names the holder
    it met, a holder that is replaced names the document that replaced it."""
    holding = {h.notice_id: (h.document_id, h.order) for h in holders}
    superseded: dict[str, str] = {}
    superseded_by: dict[int, str] = {}
    replaced: dict[int, str] = {}
    for arrival in arrivals:
        held = holding.get(arrival.notice_id)
        other = held if held is not None and held[0] != arrival.document_id else None
        if other is not None and other[1] > arrival.order:
            superseded[arrival.document_id] = _superseded_note(arrival.notice_id, other[0])
            superseded_by[arrival.index] = other[0]
            continue
        # it loads: its own note replaces a superseded one it may have got earlier
        superseded.pop(arrival.document_id, None)
        if other is not None:
            superseded[other[0]] = _superseded_note(arrival.notice_id, arrival.document_id)
            replaced[arrival.index] = other[0]
        holding[arrival.notice_id] = (arrival.document_id, arrival.order)
    batch = {a.document_id for a in arrivals}
    standing = frozenset(doc for doc, _ in holding.values() if doc in batch)
    return BatchPlan(tuple(arrivals), superseded, standing, superseded_by, replaced, ())


def _plan_batch(
    con: duckdb.DuckDBPyConnection, items: Sequence[LoadItem], checked: Sequence[tuple[int, str]]
) -> BatchPlan | None:
    """The batch's plan from two look-ups (the batch documents' fetch order, the notices'
    holders), or None when the set-based load would not be what one-by-one loading
    gives: a document twice in the batch, a registration without fetch_seq, or a document
    that held another notice which another document of the batch brings (loading one by
    one, the result then depends on which of the two comes first)."""
    documents = [items[index].document_id for index, _ in checked]
    notices = [notice_id for _, notice_id in checked]
    if len(set(documents)) != len(documents):
        return None
    orders = dict(
        con.execute(
            "select document_id, fetch_seq from raw.documents "
            "where document_id in (select unnest($ids::varchar[]))",
            {"ids": documents},
        ).fetchall()
    )
    held = con.execute(
        "select n.notice_id, n.document_id, d.fetch_seq from raw.notices n "
        "left join raw.documents d using (document_id) "
        "where n.notice_id in (select unnest($notices::varchar[])) "
        "or n.document_id in (select unnest($ids::varchar[]))",
        {"notices": notices, "ids": documents},
    ).fetchall()
    if any(seq is None for seq in orders.values()) or any(seq is None for _, _, seq in held):
        return None
    brings = dict(zip(documents, notices, strict=True))
    wanted = set(notices)
    holders = []
    for notice_id, document_id, seq in held:
        if document_id in brings and brings[document_id] != notice_id:
            if notice_id in wanted:
                return None
            continue  # its old notice goes with its old rows, as one by one
        if notice_id in wanted:
            holders.append(Holder(notice_id, document_id, (seq, document_id)))
    arrivals, unknown = [], []
    for index, notice_id in checked:
        document_id = items[index].document_id
        if document_id not in orders:
            unknown.append(index)
        else:
            arrivals.append(
                Arrival(index, document_id, notice_id, (orders[document_id], document_id))
            )
    decided = plan(arrivals, holders)
    return BatchPlan(
        decided.arrivals,
        decided.superseded,
        decided.standing,
        decided.superseded_by,
        decided.replaced,
        tuple(unknown),
    )


_INSERT_NOTICES = """
insert into raw.notices (notice_id, document_id, title, doc_number, issuer, publish_date, year,
    province, prefecture, county, region_adcode, table_title, columns, has_task_table, body,
    row_count, dq_status, dq_reasons, parser_version, loaded_at, kind)
select unnest($notice_id::varchar[]), unnest($document_id::varchar[]),
    unnest($title::varchar[]), unnest($doc_number::varchar[]), unnest($issuer::varchar[]),
    try_cast(unnest($publish_date::varchar[]) as date), unnest($year::integer[]),
    unnest($province::varchar[]), unnest($prefecture::varchar[]), unnest($county::varchar[]),
    unnest($region_adcode::varchar[]), unnest($table_title::varchar[]),
    unnest($columns::varchar[][]), unnest($has_task_table::boolean[]), unnest($body::varchar[]),
    unnest($row_count::integer[]), unnest($dq_status::varchar[]),
    unnest($dq_reasons::varchar[][]), unnest($parser_version::varchar[]),
    $loaded_at::timestamptz, unnest($kind::varchar[])
"""
_NOTICE_COLUMNS = (
    "notice_id",
    "document_id",
    "title",
    "doc_number",
    "issuer",
    "publish_date",
    "year",
    "province",
    "prefecture",
    "county",
    "region_adcode",
    "table_title",
    "columns",
    "has_task_table",
    "body",
    "row_count",
    "dq_status",
    "dq_reasons",
    "parser_version",
    "loaded_at",
    "kind",
)

# What `_set_document` does to one document, for the whole batch in one statement.
_SET_DOCUMENTS = """
update raw.documents as d set status = b.status, parser_version = b.parser_version,
    loaded_at = $now::timestamptz,
    extracted_at = coalesce(b.extracted_at, d.extracted_at, $now::timestamptz),
    note_kind = b.note_kind, note_message = b.note_message,
    error_kind = null, error_message = null
from (select unnest($document_id::varchar[]) as document_id,
    unnest($status::varchar[]) as status, unnest($parser_version::varchar[]) as parser_version,
    unnest($extracted_at::timestamptz[]) as extracted_at,
    unnest($note_kind::varchar[]) as note_kind,
    unnest($note_message::varchar[]) as note_message) as b
where d.document_id = b.document_id
"""

_NOTE_SUPERSEDED = """
update raw.documents as d set note_kind = $kind, note_message = b.note_message
from (select unnest($document_id::varchar[]) as document_id,
    unnest($note_message::varchar[]) as note_message) as b
where d.document_id = b.document_id
"""


# A batch's rows as one pandas frame that DuckDB scans: 3-4x faster than binding the same
# columns as lists to unnest (bench/load_speed.py --insert), and as fast as DuckDB's
# read_json over the extracted JSONL files, which would still need the verdicts joined.
_INSERT_FRAME = f"""
insert into raw.task_rows (notice_id, row, document_id, {", ".join(_TEXT_FIELDS)},
    {", ".join(_LIST_FIELDS)}, deadline_date, dq_status, dq_reasons, loaded_at)
select notice_id::varchar, row::integer, document_id::varchar,
    {", ".join(f"{name}::varchar" for name in _TEXT_FIELDS)},
    {", ".join(f"{name}::varchar[]" for name in _LIST_FIELDS)},
    try_cast(deadline_date as date), dq_status::varchar, dq_reasons::varchar[],
    $loaded_at::timestamptz
from _batch_rows
"""


def _insert_rows_frame(
    con: duckdb.DuckDBPyConnection, rows: dict[str, list[object]], now: dt.datetime
) -> None:
    import pandas as pd  # only the writer needs it, and only for a batch

    con.register("_batch_rows", pd.DataFrame(rows))
    try:
        con.execute(_INSERT_FRAME, {"loaded_at": now})
    finally:
        con.unregister("_batch_rows")


def _status(validation: ValidationResult) -> str:
    return (
        STATUS_QUARANTINED if validation.notice_status == NOTICE_QUARANTINED else STATUS_EXTRACTED
    )


def _load_set(
    con: duckdb.DuckDBPyConnection, items: Sequence[LoadItem], plan: BatchPlan, now: dt.datetime
) -> dict[int, LoadOutcome | LoadError]:
    """Carry out a batch's plan inside the caller's transaction: one DELETE per table for
    what the batch's documents and the holders they replace had, one INSERT per table for
    the copies that stand, one UPDATE for the batch's documents and one for the replaced
    holders' notes. Returns each item's result by index."""
    results: dict[int, LoadOutcome | LoadError] = {
        index: LoadError(
            LoadErrorKind.UNKNOWN_DOCUMENT,
            f"document {items[index].document_id} is not registered",
        )
        for index in plan.unknown
    }
    batch = [a.document_id for a in plan.arrivals]
    gone = batch + sorted(set(plan.superseded) - set(batch))
    con.execute(
        "delete from raw.task_rows where document_id in (select unnest($ids::varchar[]))",
        {"ids": gone},
    )
    con.execute(
        "delete from raw.notices where document_id in (select unnest($ids::varchar[]))",
        {"ids": gone},
    )
    log.debug("batch: previous rows deleted", extra={"stage": "deleted"})
    notices: dict[str, list[object]] = {name: [] for name in _NOTICE_COLUMNS}
    rows: dict[str, list[object]] = {}
    for arrival in plan.arrivals:
        if arrival.document_id not in plan.standing:
            continue
        item = items[arrival.index]
        values = _notice_values(
            arrival.document_id,
            item.notice.meta,
            len(item.notice.rows),
            item.validation,
            item.parser_version,
            now,
        )
        for name, value in zip(_NOTICE_COLUMNS, values, strict=True):
            notices[name].append(value)
        columns = _row_columns(
            arrival.document_id, arrival.notice_id, item.notice.rows, item.validation, now
        )
        for name, value in columns.items():
            if name != "loaded_at":
                assert isinstance(value, list)
                rows.setdefault(name, []).extend(value)
    if notices["notice_id"]:
        con.execute(_INSERT_NOTICES, {**notices, "loaded_at": now})
    log.debug("batch: notices inserted", extra={"stage": "notice_inserted"})
    if rows.get("row"):
        _insert_rows_frame(con, rows, now)
    log.debug("batch: rows inserted", extra={"stage": "rows_inserted"})
    documents: dict[str, list[object]] = {
        name: []
        for name in (
            "document_id",
            "status",
            "parser_version",
            "extracted_at",
            "note_kind",
            "note_message",
        )
    }
    for arrival in plan.arrivals:
        item = items[arrival.index]
        status = _status(item.validation)
        kind, message = item.note if item.note else (None, None)
        if arrival.document_id in plan.superseded:
            kind, message = SUPERSEDED, plan.superseded[arrival.document_id]
        for name, value in (
            ("document_id", arrival.document_id),
            ("status", status),
            ("parser_version", item.parser_version),
            ("extracted_at", item.extracted_at),
            ("note_kind", kind),
            ("note_message", message),
        ):
            documents[name].append(value)
        lost_to = plan.superseded_by.get(arrival.index)
        results[arrival.index] = LoadOutcome(
            arrival.document_id,
            arrival.notice_id,
            status,
            0 if lost_to is not None else len(item.notice.rows),
            superseded_document_id=plan.replaced.get(arrival.index),
            superseded_by=lost_to,
        )
    con.execute(_SET_DOCUMENTS, {**documents, "now": now})
    holders = sorted(set(plan.superseded) - set(batch))
    if holders:
        con.execute(
            _NOTE_SUPERSEDED,
            {
                "kind": SUPERSEDED,
                "document_id": holders,
                "note_message": [plan.superseded[doc] for doc in holders],
            },
        )
    log.debug(
        "batch: %d documents loaded set-based",
        len(plan.arrivals),
        extra={"stage": "set_based"},
    )
    return results
