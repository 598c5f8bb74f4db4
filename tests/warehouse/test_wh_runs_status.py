from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from expectations.result import ValidationResult
from extract.contract import NoticeRecords
from tests.warehouse.wh_corpus import SLUGS, all_ok, extraction, fetched
from warehouse.load_runs import LoadRun, record_run
from warehouse.loader import load_document
from warehouse.registry import mark_failed, register_faults, register_fetched
from warehouse.summary import summary


def test_run_is_inserted_then_updated(con: duckdb.DuckDBPyConnection) -> None:
    started = dt.datetime(2024, 3, 1, 8, tzinfo=dt.UTC)
    run_id = record_run(con, LoadRun(started_at=started, trigger="cli", status="running"))
    record_run(
        con,
        LoadRun(
            run_id=run_id,
            finished_at=started + dt.timedelta(minutes=2),
            notices_loaded=3,
            load_seconds=1.5,
            status="success",
        ),
    )
    assert con.execute(
        "select started_at, trigger, notices_loaded, load_seconds, status from raw.load_runs"
    ).fetchall() == [(started, "cli", 3, 1.5, "success")]


def test_run_rejects_unknown_fields(con: duckdb.DuckDBPyConnection) -> None:
    # a record read back from JSON (the pending-failures side file) with a misspelt field
    with pytest.raises(ValueError, match="notices_lodaed"):
        LoadRun.from_json({"started_at": "2024-03-01T08:00:00+00:00", "notices_lodaed": 3})
    with pytest.raises(ValueError, match="started_at"):
        record_run(con, LoadRun(status="running"))
    assert con.execute("select count(*) from raw.load_runs").fetchone() == (0,)


def test_summary_counts_what_was_loaded(con: duckdb.DuckDBPyConnection) -> None:
    docs = [fetched(slug, minutes=i) for i, slug in enumerate(SLUGS)] + [fetched("bad", minutes=9)]
    register_fetched(con, docs)
    for doc, slug in zip(docs, SLUGS, strict=False):
        meta, rows = extraction(slug)
        validation = all_ok(rows)
        if slug == "liangshan-2021":
            status = {r["row"]: ("quarantined", ["frequency_label_known"]) for r in rows}
            validation = ValidationResult(status, "quarantined", ["most_rows_quarantined"])
        load_document(
            con, doc["document_id"], NoticeRecords.from_json(meta, rows), validation, "p1"
        )
    mark_failed(con, docs[-1]["document_id"], "not_pdf", "HTML error page")
    register_faults(
        con,
        [
            {
                "source_id": "s",
                "url": "u",
                "fetched_at": dt.datetime.now(dt.UTC),
                "error_kind": "http_500",
            }
        ],
    )
    record_run(con, LoadRun(run_id="r1", started_at=dt.datetime.now(dt.UTC), status="success"))
    counts = {slug: len(extraction(slug)[1]) for slug in SLUGS}
    result = summary(con)
    assert result["documents"] == {"loaded": 2, "failed": 1, "quarantined": 1}
    assert result["failed_documents"] == [
        {"name": "bad.pdf", "error_kind": "not_pdf", "error_message": "HTML error page"}
    ]
    assert result["notices"] == 3 and result["notices_quarantined"] == 1
    assert result["task_rows"] == sum(counts.values())
    assert result["task_rows_by_dq_status"] == {
        "ok": counts["ningyang-2017"],
        "quarantined": counts["liangshan-2021"],
    }
    assert result["fetch_faults"] == 1
    assert result["obligations"] is None  # no marts before the first dbt build
    assert result["last_run"]["run_id"] == "r1"


def test_summary_reads_the_marts_when_built(con: duckdb.DuckDBPyConnection) -> None:
    # the columns summary() relies on, as dbt_project's marts define them
    con.execute("create schema marts")
    con.execute(
        "create table marts.fct_disclosure_obligations as "
        "select * from (values ('monthly'), ('monthly'), ('annual')) t(frequency_label)"
    )
    con.execute(
        "create table marts.metrics_unit_classification as "
        "select 200 as unit_mentions, 0.015 as unclassified_share"
    )
    result = summary(con)
    assert result["obligations"] == 3
    assert result["obligations_by_frequency"] == {"monthly": 2, "annual": 1}
    assert result["unit_mentions"] == 200 and result["unclassified_unit_share"] == 0.015
