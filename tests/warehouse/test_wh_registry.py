from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from extract.contract import NoticeRecords
from tests.warehouse.wh_corpus import all_ok, extraction, fetched
from warehouse.db import connect
from warehouse.loader import load_document
from warehouse.registry import (
    documents_to_extract,
    known_sha256,
    mark_failed,
    register_faults,
    register_fetched,
)


@dataclass
class FetchFault:
    source_id: str
    url: str
    fetched_at: dt.datetime
    error_kind: str
    error_message: str


def test_connect_is_idempotent_and_creates_contract_tables(wh_path: Path) -> None:
    for _ in range(2):
        con = connect(wh_path)
        tables = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'raw'"
            ).fetchall()
        }
        con.close()
    assert tables == {
        "documents",
        "fetch_faults",
        "notices",
        "task_rows",
        "load_runs",
        "build_state",
        "publication_listings",
        "publication_sources",
    }


def test_same_sha256_is_registered_once(con: duckdb.DuckDBPyConnection) -> None:
    first = register_fetched(con, [fetched("a"), fetched("b"), fetched("a")])
    again = register_fetched(con, [fetched("a", minutes=60), fetched("c")])
    assert first == [fetched("a")["document_id"], fetched("b")["document_id"]]
    assert again == [fetched("c")["document_id"]]
    rows = con.execute("select document_id, fetched_at, status from raw.documents").fetchall()
    assert len(rows) == 3
    assert {status for _, _, status in rows} == {"fetched"}
    # the first sighting is kept, not overwritten by the later fetch
    kept = dict((d, f) for d, f, _ in rows)[fetched("a")["document_id"]]
    assert kept == fetched("a")["fetched_at"]
    assert known_sha256(con) == {fetched(n)["document_id"] for n in "abc"}


def test_document_without_source_is_rejected(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError, match="source_id"):
        register_fetched(con, [dict(fetched("a"), source_id=None)])
    assert known_sha256(con) == set()


def test_a_fault_seen_again_is_one_row_updated(con: duckdb.DuckDBPyConnection) -> None:
    when = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    later = dt.datetime(2024, 3, 2, tzinfo=dt.UTC)
    fault = FetchFault("portal", "https://x.gov.cn/a", when, "http_404", "not found")
    again = FetchFault("portal", "https://x.gov.cn/a", later, "http_404", "still not found")
    other = FetchFault("portal", "https://x.gov.cn/a", later, "timeout", "slow")
    assert register_faults(con, [fault, fault]) == 2
    assert register_faults(con, [again, other]) == 2
    assert con.execute(
        "select error_kind, error_message, first_seen_at, fetched_at, times_seen "
        "from raw.fetch_faults order by error_kind"
    ).fetchall() == [
        ("http_404", "still not found", when, later, 2),
        ("timeout", "slow", later, later, 1),
    ]


def _ids(refs: list) -> set[str]:
    return {ref["document_id"] for ref in refs}


def test_documents_to_extract_new_and_other_parser(con: duckdb.DuckDBPyConnection) -> None:
    docs = [fetched("a"), fetched("b", minutes=1), fetched("c", minutes=2)]
    register_fetched(con, docs)
    a, b, c = (d["document_id"] for d in docs)
    assert [r.document_id for r in documents_to_extract(con, "p1")] == [a, b, c]
    meta, rows = extraction("ningyang-2017")
    load_document(con, a, NoticeRecords.from_json(meta, rows), all_ok(rows), "p1")
    mark_failed(con, b, "corrupt", "broken xref", parser_version="p1")
    assert _ids(documents_to_extract(con, "p1")) == {c}
    # a parser upgrade brings back everything processed by the old one
    assert _ids(documents_to_extract(con, "p2")) == {a, b, c}
    failed = con.execute(
        "select status, error_kind, error_message from raw.documents where document_id = ?", [b]
    ).fetchone()
    assert failed == ("failed", "corrupt", "broken xref")


def test_reprocess_filters(con: duckdb.DuckDBPyConnection) -> None:
    docs = [
        fetched("a", minutes=0, source_id="s1"),
        fetched("b", minutes=60 * 24, source_id="s1"),
        fetched("c", minutes=60 * 48, source_id="s2"),
    ]
    register_fetched(con, docs)
    a, b, c = (d["document_id"] for d in docs)
    meta, rows = extraction("liangshan-2021")
    load_document(con, a, NoticeRecords.from_json(meta, rows), all_ok(rows), "p1")
    assert _ids(documents_to_extract(con, "p1", all=True)) == {a, b, c}
    assert _ids(documents_to_extract(con, "p1", source_id="s1")) == {a, b}
    assert _ids(documents_to_extract(con, "p1", since="2024-03-02")) == {b, c}
    assert _ids(documents_to_extract(con, "p1", until=dt.date(2024, 3, 2))) == {a, b}
    assert _ids(documents_to_extract(con, "p1", since="2024-03-02", source_id="s2")) == {c}
    ref = documents_to_extract(con, "p1", source_id="s2")[0]
    assert ref.to_dict()["url"] == "/data/c.pdf" and ref.status == "fetched"


def test_mark_failed_unknown_document(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(KeyError):
        mark_failed(con, "0" * 64, "empty", "zero bytes")
