"""The document registry: what was fetched, from where, and where it stands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import duckdb

STATUS_FETCHED = "fetched"
STATUS_EXTRACTED = "extracted"
STATUS_QUARANTINED = "quarantined"
STATUS_FAILED = "failed"

_DOCUMENT_FIELDS = (
    "document_id",
    "source_id",
    "url",
    "original_name",
    "landing_path",
    "fetched_at",
    "content_type",
    "bytes",
)
_SQL_TYPES = {"fetched_at": "timestamptz", "bytes": "bigint"} | {
    name: "varchar" for name in _DOCUMENT_FIELDS if name not in ("fetched_at", "bytes")
}
_FAULT_FIELDS = ("source_id", "url", "fetched_at", "error_kind", "error_message")


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


def register_fetched(con: duckdb.DuckDBPyConnection, docs: Iterable[Any]) -> list[str]:
    """Register fetched documents; one already known by its sha256 is left as it is.

    Returns the ids that were new.
    """
    known = known_sha256(con)
    fresh: dict[str, tuple[Any, ...]] = {}
    for doc in docs:
        values = tuple(_plain(_get(doc, name)) for name in _DOCUMENT_FIELDS)
        document_id = values[0]
        if not document_id or not _get(doc, "source_id") or not _get(doc, "url"):
            raise ValueError(f"fetched document lacks document_id/source_id/url: {doc!r}")
        if document_id not in known and document_id not in fresh:
            fresh[document_id] = values
    if fresh:
        # One INSERT for the whole batch (executemany costs a statement per document).
        by_column = {
            name: [v[i] for v in fresh.values()] for i, name in enumerate(_DOCUMENT_FIELDS)
        }
        selects = ", ".join(f"unnest(${name}::{_SQL_TYPES[name]}[])" for name in _DOCUMENT_FIELDS)
        con.execute(
            f"insert into raw.documents ({', '.join(_DOCUMENT_FIELDS)}, status) "
            f"select {selects}, '{STATUS_FETCHED}' on conflict (document_id) do nothing",
            by_column,
        )
    return list(fresh)


def register_faults(con: duckdb.DuckDBPyConnection, faults: Iterable[Any]) -> int:
    """Append fetch faults (a log: the same fault on two runs is two lines)."""
    values = [tuple(_plain(_get(f, name)) for name in _FAULT_FIELDS) for f in faults]
    if values:
        con.executemany(
            f"insert into raw.fetch_faults ({', '.join(_FAULT_FIELDS)}) values (?, ?, ?, ?, ?)",
            values,
        )
    return len(values)


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
    """Documents the extract step should (re)process, oldest fetch first.

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
        "fetched_at, status, parser_version from raw.documents"
        + (f" where {' and '.join(where)}" if where else "")
        + " order by fetched_at, document_id"
    )
    return [DocumentRef(*row) for row in con.execute(sql, params).fetchall()]


def mark_failed(
    con: duckdb.DuckDBPyConnection,
    document_id: str,
    kind: str,
    message: str,
    *,
    parser_version: str | None = None,
) -> None:
    """Record a failed extraction/load. Rows loaded by an earlier, successful run stay.

    Pass `parser_version` so the document is not retried until the parser changes.
    """
    updated = con.execute(
        "update raw.documents set status = ?, error_kind = ?, error_message = ?, "
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
