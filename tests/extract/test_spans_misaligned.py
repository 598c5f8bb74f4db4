"""Rows that do not fit a table's spans are reported with their numbers (issue 18.5);
well-formed spans, captions and headings are not."""

from __future__ import annotations

from extract.errors import Problem
from extract.ids import notice_id
from extract.table.spans import SpanCell, grid_from_spans


def _cells(*texts: str) -> list[SpanCell]:
    return [SpanCell(t) for t in texts]


def _problems(rows: list[list[SpanCell]]) -> list[Problem]:
    found: list[Problem] = []
    grid_from_spans(rows, problems=found)
    return found


def test_well_formed_spans_captions_and_headings_are_not_misaligned() -> None:
    rows = [
        [SpanCell("2021年任务分解表", colspan=2)],  # a caption narrower than the table
        _cells("序号", "具体要求", "责任单位"),
        [SpanCell("一、重点领域", colspan=3)],  # a heading across the table
        [SpanCell("1"), SpanCell("公开预算"), SpanCell("财政局", rowspan=2)],
        _cells("2", "公开决算"),  # the unit cell reaches down from the row above
    ]
    assert _problems(rows) == []


def test_lying_rowspan_and_stray_cell_name_their_rows() -> None:
    rows = [
        _cells("序号", "具体要求", "责任单位"),
        [SpanCell("1"), SpanCell("公开预算"), SpanCell("财政局", rowspan=3)],
        _cells("2", "公开决算", "审计局"),  # still brings its own unit cell
        _cells("3", "公开收费"),
        _cells("4", "公开价格", "发改局", "备注"),  # a stray cell
    ]
    [problem] = _problems(rows)
    assert problem.kind == "misaligned_rows"
    assert "rows 3 (4 columns), 5 (4 columns)" in problem.text


def test_notice_without_name_takes_its_identity_from_its_bytes() -> None:
    """Issue 14.6: no title, issuer or year → two files are two notices."""
    assert notice_id(None, None, None, None, document_sha256="a" * 64) != notice_id(
        None, None, None, None, document_sha256="b" * 64
    )
    named = notice_id("宁阳县人民政府办公室", None, "标题", 2017, document_sha256="a" * 64)
    assert named == notice_id("宁阳县人民政府办公室", None, "标题", 2017)
