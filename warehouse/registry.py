"""The document registry: what was fetched, from where, and where it stands."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import duckdb

from extract.vocabulary import DocumentStatus
from warehouse.db import one_row

STATUS_FETCHED = DocumentStatus.FETCHED.value
STATUS_EXTRACTED = DocumentStatus.EXTRACTED.value
STATUS_QUARANTINED = DocumentStatus.QUARANTINED.value
STATUS_FAILED = DocumentStatus.FAILED.value

_DOCUMENT_FIELDS = (
    "document_id",
    "source_id",
    "url",
    "original_name",
    "landing_path",
    "fetched_at",
    "content_type",
    "bytes",
    "status",
    "error_kind",
    "error_message",
    "parser_version",
    "notice_context",
)
_SQL_TYPES = {"fetched_at": "timestamptz", "bytes": "bigint"} | {
    name: "varchar" for name in _DOCUMENT_FIELDS if name not in ("fetched_at", "bytes")
}
_FAULT_FIELDS = ("source_id", "url", "fetched_at", "error_kind", "error_message")
_FAULT_TYPES = ("varchar", "varchar", "timestamptz", "varchar", "varchar")


@dataclass(frozen=True)
class DocumentRef:
    """A registered document, as the extract step needs it."""

    document_id: str
    source_id: str
    url: str
    original_name: str | None
    landing_path: str | None
    content_type: str | None
    fetched_at: dt.datetime
    status: str
    parser_version: str | None
    notice_context: dict[str, Any] | None = None

    def __getitem__(self, name: str) -> Any:
        # Callers that treat documents as JSON-like dicts (XCom, the CLI) index by name.
        return getattr(self, name)

    def to_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["fetched_at"] = self.fetched_at.isoformat()
        return values


def _get(obj: Any, name: str) -> Any:
    """Fields of a FetchedDocument/FetchFault dataclass, or of a plain dict (e.g. from XCom)."""
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _plain(value: Any) -> Any:
    # Paths and other objects are stored as their text.
    if value is None or isinstance(value, str | int | float | dt.datetime | dt.date):
        return value
    return str(value)


def _document_values(doc: Any, parser_version: str | None) -> tuple[Any, ...]:
    """A fetched document as a raw.documents row. One that no reader handles yet
    (error_kind unsupported_format) is registered `failed` with the parser version that
    judged it, so the next parser version, or `notices reprocess`, picks it up."""
    kind = _get(doc, "error_kind")
    context = _get(doc, "notice_context")
    derived = {
        "status": STATUS_FAILED if kind else STATUS_FETCHED,
        "parser_version": parser_version if kind else None,
        "notice_context": json.dumps(context, ensure_ascii=False) if context else None,
    }
    return tuple(
        _plain(derived[name] if name in derived else _get(doc, name)) for name in _DOCUMENT_FIELDS
    )


def register_fetched(
    con: duckdb.DuckDBPyConnection, docs: Iterable[Any], *, parser_version: str | None = None
) -> list[str]:
    """Register fetched documents; one already known by its sha256 is left as it is.

    Returns the ids that were new.
    """
    known = known_sha256(con)
    fresh: dict[str, tuple[Any, ...]] = {}
    for doc in docs:
        values = _document_values(doc, parser_version)
        document_id = values[0]
        if not document_id or not _get(doc, "source_id") or not _get(doc, "url"):
            raise ValueError(f"fetched document lacks document_id/source_id/url: {doc!r}")
        if document_id not in known and document_id not in fresh:
            fresh[document_id] = values
    if fresh:
        # One INSERT for the whole batch (executemany costs a statement per document).
        # fetch_seq numbers them in the order given (the sources' declared order), after
        # every document already registered: the order a later copy of a notice wins by.
        by_column = {
            name: [v[i] for v in fresh.values()] for i, name in enumerate(_DOCUMENT_FIELDS)
        }
        (last,) = one_row(con, "select coalesce(max(fetch_seq), 0) from raw.documents")
        by_column["fetch_seq"] = [last + i for i in range(1, len(fresh) + 1)]
        columns = (*_DOCUMENT_FIELDS, "fetch_seq")
        types = _SQL_TYPES | {"fetch_seq": "bigint"}
        selects = ", ".join(f"unnest(${name}::{types[name]}[])" for name in columns)
        con.execute(
            f"insert into raw.documents ({', '.join(columns)}) "
            f"select {selects} on conflict (document_id) do nothing",
            by_column,
        )
    return list(fresh)


def register_faults(con: duckdb.DuckDBPyConnection, faults: Iterable[Any]) -> int:
    """Record fetch faults, one row per (source_id, url, error_kind).

    A fault seen again updates its row (last seen in `fetched_at`, `times_seen`, the
    latest message) instead of adding one, so a portal that keeps failing the same way
    does not grow the table on every run. Returns the number of faults given.
    """
    latest: dict[tuple[Any, Any, Any], tuple[Any, ...]] = {}
    given = 0
    for fault in faults:
        given += 1
        values = tuple(_plain(_get(fault, name)) for name in _FAULT_FIELDS)
        latest[(values[0], values[1], values[3])] = values  # one per key within a run
    if not latest:
        return 0
    by_column = {name: [v[i] for v in latest.values()] for i, name in enumerate(_FAULT_FIELDS)}
    selects = ", ".join(
        f"unnest(${name}::{sql}[]) as {name}"
        for name, sql in zip(_FAULT_FIELDS, _FAULT_TYPES, strict=True)
    )
    # One MERGE: atomic, and one statement however many faults a listing brings.
    con.execute(
        f"""
        merge into raw.fetch_faults as f
        using (select {selects}) as s
        on f.source_id = s.source_id and f.url = s.url and f.error_kind = s.error_kind
        when matched then update set
            fetched_at = s.fetched_at,
            error_message = s.error_message,
            first_seen_at = coalesce(f.first_seen_at, f.fetched_at),
            times_seen = coalesce(f.times_seen, 1) + 1
        when not matched then insert
            (source_id, url, fetched_at, error_kind, error_message, first_seen_at, times_seen)
            values (s.source_id, s.url, s.fetched_at, s.error_kind, s.error_message,
                    s.fetched_at, 1)
        """,
        by_column,
    )
    return given


def known_sha256(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute("select document_id from raw.documents").fetchall()}


def _bound(value: dt.date | dt.datetime | str | None, *, end: bool) -> dt.datetime | None:
    """A date bound covers its whole day: since=day → from 00:00, until=day → through 23:59:59."""
    if value is None:
        return None
    if isinstance(value, str):
        value = (
            dt.datetime.fromisoformat(value)
            if "T" in value or " " in value
            else dt.date.fromisoformat(value)
        )
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    start = dt.datetime.combine(value, dt.time.min, tzinfo=dt.UTC)
    return start + dt.timedelta(days=1) - dt.timedelta(microseconds=1) if end else start


def documents_to_extract(
    con: duckdb.DuckDBPyConnection,
    parser_version: str,
    *,
    source_id: str | None = None,
    since: dt.date | dt.datetime | str | None = None,
    until: dt.date | dt.datetime | str | None = None,
    all: bool = False,  # noqa: A002 - the interface's name
) -> list[DocumentRef]:
    """Documents the extract step should (re)process, in the order they were registered.

    By default: new documents (status `fetched`) and those last processed by another
    parser version. With `all`, a `source_id` or a date range (reprocess): every document
    matching the filters, whatever its status. Dates filter `fetched_at`, bounds inclusive.
    """
    where: list[str] = []
    params: list[Any] = []
    reprocess = all or source_id is not None or since is not None or until is not None
    if not reprocess:
        where.append("(status = ? or (parser_version is not null and parser_version <> ?))")
        params += [STATUS_FETCHED, parser_version]
    if source_id is not None:
        where.append("source_id = ?")
        params.append(source_id)
    if (start := _bound(since, end=False)) is not None:
        where.append("fetched_at >= ?")
        params.append(start)
    if (stop := _bound(until, end=True)) is not None:
        where.append("fetched_at <= ?")
        params.append(stop)
    sql = (
        "select document_id, source_id, url, original_name, landing_path, content_type, "
        "fetched_at, status, parser_version, notice_context from raw.documents"
        + (f" where {' and '.join(where)}" if where else "")
        + " order by fetch_seq, document_id"  # registration order, never the clock
    )
    return [
        DocumentRef(
            *row[:-1],  # type: ignore[misc]  # the select lists DocumentRef's fields in order
            notice_context=json.loads(row[-1]) if row[-1] else None,
        )
        for row in con.execute(sql, params).fetchall()
    ]


def mark_failed(
    con: duckdb.DuckDBPyConnection,
    document_id: str,
    kind: str,
    message: str,
    *,
    parser_version: str | None = None,
) -> None:
    """Record a failed extraction/load. Rows loaded by an earlier, successful run stay;
    the note of that load is cleared (a failed document carries its error, not a note).

    Pass `parser_version` so the document is not retried until the parser changes.
    """
    updated = con.execute(
        "update raw.documents set status = ?, error_kind = ?, error_message = ?, "
        "note_kind = null, note_message = null, "
        "parser_version = coalesce(?, parser_version) where document_id = ? returning document_id",
        [STATUS_FAILED, kind, message, parser_version, document_id],
    ).fetchall()
    if not updated:
        raise KeyError(f"document {document_id} is not registered")


def record_formats(con: duckdb.DuckDBPyConnection, formats: dict[str, str]) -> None:
    """The format each document was read as (extraction sniffs it from the bytes)."""
    for document_id, document_format in formats.items():
        con.execute(
            "update raw.documents set format = ? where document_id = ?",
            [document_format, document_id],
        )
