"""The checkpoint's verdicts land in DuckDB as Contract 2 dq_status / dq_reasons."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from expectations.checkpoint import validate_many
from expectations.result import ValidationResult
from extract.contract import NoticeRecords
from tests.contract_json import records
from warehouse.db import connect
from warehouse.loader import load_document
from warehouse.registry import register_fetched

Extraction = tuple[dict[str, Any], list[dict[str, Any]]]


def test_validated_batch_loads_with_verdicts(
    corpus: dict[str, Extraction], tmp_path: Path, docs_dir: Path
) -> None:
    items = [copy.deepcopy(item) for item in corpus.values()]
    items[0][1][0]["frequencies"] = ["fortnightly"]
    items[0][1][1]["deadline_date"] = "2099-12-31"
    results = validate_many(records(items), data_docs_dir=docs_dir)
    con = connect(tmp_path / "warehouse.duckdb")
    for i, ((meta, rows), result) in enumerate(zip(items, results, strict=True)):
        doc_id = f"{i:064d}"
        register_fetched(
            con,
            [
                {
                    "document_id": doc_id,
                    "source_id": "samples",
                    "url": f"/samples/{meta['notice_id']}.pdf",
                    "fetched_at": dt.datetime(2024, 3, 1, tzinfo=dt.UTC),
                }
            ],
        )
        # through JSON-like form and back, as results travel between steps
        load_document(
            con,
            doc_id,
            NoticeRecords.from_json(meta, rows),
            ValidationResult.from_dict(result.to_dict()),
            "p1",
        )
    stored = con.execute(
        "select row, dq_status, dq_reasons from raw.task_rows "
        "where notice_id = ? and dq_status <> 'ok' order by row",
        [items[0][0]["notice_id"]],
    ).fetchall()
    assert stored == [
        (1, "quarantined", ["frequency_label_known"]),
        (2, "quarantined", ["deadline_within_notice_year"]),
    ]
    total = sum(len(rows) for _, rows in items)
    assert con.execute("select count(*) from raw.task_rows").fetchone() == (total,)
    assert con.execute("select distinct status from raw.documents").fetchall() == [("extracted",)]
    con.close()
