from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from expectations.checkpoint import validate_many, validate_notice
from expectations.result import ValidationResult
from extract.contract import ContractError, NoticeRecords
from tests.contract_json import records

Extraction = tuple[dict[str, Any], list[dict[str, Any]]]


def _not_ok(result: ValidationResult) -> dict[int, tuple[str, list[str]]]:
    return {row: verdict for row, verdict in result.row_status.items() if verdict[0] != "ok"}


def test_corpus_passes_every_expectation(corpus: dict[str, Extraction], docs_dir: Path) -> None:
    results = validate_many(records(list(corpus.values())), data_docs_dir=docs_dir)
    for (meta, rows), result in zip(corpus.values(), results, strict=True):
        assert result.notice_status == "ok", meta["notice_id"]
        assert result.notice_reasons == [] and result.success
        assert sorted(result.row_status) == [row["row"] for row in rows]
        assert _not_ok(result) == {}


def test_bad_rows_are_quarantined_with_their_reasons(ningyang: Extraction, docs_dir: Path) -> None:
    meta, rows = ningyang
    rows[0]["frequencies"] = ["monthly", "fortnightly"]
    rows[1]["deadline_date"] = "2030-01-01"  # notice year 2017
    rows[2]["requirement"] = ""
    rows[3]["requirement"] = "  "
    rows[4]["deadline_date"] = "2017-02-30"
    rows[5]["section"] = []
    rows[6]["lead_units"], rows[6]["cooperating_units"] = [], []  # its lead cell has text
    rows[7]["frequencies"] = ["sometimes"]
    rows[7]["requirement"] = None
    result = validate_notice(NoticeRecords.from_json(meta, rows), data_docs_dir=docs_dir)
    assert _not_ok(result) == {
        1: ("quarantined", ["frequency_label_known"]),
        2: ("quarantined", ["deadline_within_notice_year"]),
        3: ("quarantined", ["requirement_not_empty"]),
        4: ("quarantined", ["requirement_not_empty"]),
        5: ("quarantined", ["deadline_date_valid"]),
        6: ("quarantined", ["section_not_empty"]),
        7: ("warn", ["lead_units_split"]),
        8: ("quarantined", ["requirement_not_empty", "frequency_label_known"]),
    }
    # 8 bad rows of 133: the notice itself stands
    assert result.notice_status == "ok" and not result.success


def test_a_row_numbered_twice_is_refused_when_read_never_validated(ningyang: Extraction) -> None:
    """Which of two rows numbered 10 would stand? Neither: the file is refused where it is
    read (extract.contract), before validation, with the load error kind."""
    meta, rows = ningyang
    rows[8]["row"] = rows[9]["row"]
    with pytest.raises(ContractError) as refused:
        NoticeRecords.from_json(meta, rows)
    assert refused.value.kind == "duplicate_row"
    rows[8]["row"] = "9"
    with pytest.raises(ContractError) as unnumbered:
        NoticeRecords.from_json(meta, rows)
    assert unnumbered.value.kind == "bad_row_number"


def test_soft_failures_only_warn(ningyang: Extraction) -> None:
    meta, rows = ningyang
    rows[0]["frequencies"] = []
    rows[1]["requirement"] = "很长的要求" * 400
    assert rows[2]["lead_units_text"] and rows[2]["responsible_units_text"]
    rows[2]["lead_units"] = rows[2]["responsible_units"] = rows[2]["cooperating_units"] = []
    result = validate_notice(NoticeRecords.from_json(meta, rows), data_docs_dir=None)
    assert _not_ok(result) == {
        1: ("warn", ["frequencies_present"]),
        2: ("warn", ["requirement_length_plausible"]),
        3: ("warn", ["lead_units_split", "responsible_units_split", "no_units"]),
    }
    assert result.notice_status == "ok" and result.quarantined_rows() == []
    assert not result.success


def test_a_row_without_units_warns_instead_of_passing(ningyang: Extraction) -> None:
    """Unit cells that came out empty (cut by a page) leave nothing to split, so only the
    table's unit columns tell that the row lacks its units; a notice whose table has no
    unit column has nothing to expect."""
    meta, rows = ningyang
    for field in ("lead_units_text", "responsible_units_text"):
        rows[4][field] = None
    for field in ("lead_units", "responsible_units", "cooperating_units"):
        rows[4][field] = []
    assert _not_ok(validate_notice(NoticeRecords.from_json(meta, rows))) == {
        5: ("warn", ["no_units"])
    }
    no_unit_columns = dict(meta, columns=["工作任务", "具体要求", "完成时限"])
    assert _not_ok(validate_notice(NoticeRecords.from_json(no_unit_columns, rows))) == {}


def test_notice_level_checks(corpus: dict[str, Extraction]) -> None:
    meta, rows = copy.deepcopy(corpus["liangshan-2021"])
    empty_table = dict(meta, has_task_table=True)
    no_title = dict(meta, title=None, issuer=" ")
    bad_region = dict(meta, region=dict(meta["region"], adcode="37092"))
    soft_only = dict(meta, publish_date="2021-13-01")
    results = validate_many(
        records([(empty_table, []), (no_title, rows), (bad_region, rows), (soft_only, rows)])
    )
    verdicts = [(r.notice_status, r.notice_reasons) for r in results]
    assert verdicts == [
        ("quarantined", ["rows_when_task_table"]),
        ("quarantined", ["title_present", "issuer_present"]),
        ("quarantined", ["adcode_six_digits"]),
        ("ok", ["publish_date_valid"]),
    ]
    assert not results[3].success
    # a notice without a task table and without rows is fine
    yishui = validate_notice(NoticeRecords.from_json(*corpus["yishui-2018"]))
    assert (yishui.notice_status, yishui.row_status) == ("ok", {})


def test_notice_with_mostly_bad_rows_is_quarantined(ningyang: Extraction) -> None:
    meta, rows = ningyang
    for row in rows[: len(rows) // 2 + 1]:
        row["frequencies"] = ["whenever"]
    result = validate_notice(NoticeRecords.from_json(meta, rows))
    assert result.notice_status == "quarantined"
    assert result.notice_reasons == ["most_rows_quarantined"]
    assert len(result.quarantined_rows()) == len(rows) // 2 + 1


def test_batch_verdicts_do_not_leak_between_notices(
    corpus: dict[str, Extraction], ningyang: Extraction
) -> None:
    meta, rows = ningyang
    rows[0]["frequencies"] = ["fortnightly"]
    good_meta, good_rows = corpus["ningyang-2017"]  # the same row numbers, all good
    batch = validate_many(records([(meta, rows), (good_meta, good_rows)]))
    alone = validate_notice(NoticeRecords.from_json(meta, rows))
    assert batch[0] == alone
    assert _not_ok(batch[0]) == {1: ("quarantined", ["frequency_label_known"])}
    assert _not_ok(batch[1]) == {} and batch[1].success


def test_data_docs_are_written_on_each_run(corpus: dict[str, Extraction], docs_dir: Path) -> None:
    validate_many(records([corpus["liangshan-2021"]]), data_docs_dir=docs_dir)
    index = docs_dir / "index.html"
    pages = sorted((docs_dir / "validations").rglob("*.html"))
    assert index.is_file() and pages
    before = len(pages)
    validate_many(records([corpus["liangshan-2021"]]), data_docs_dir=docs_dir)
    assert len(sorted((docs_dir / "validations").rglob("*.html"))) > before
    assert "task_rows" in index.read_text(encoding="utf-8")
