"""A task row that names no unit although its table has unit columns is reported as a
``no_units`` problem (never a silent row without obligations)."""

from __future__ import annotations

from extract.api import extract_bytes
from extract.rows import rows_without_units, task_rows
from extract.table.logical import LogicalRow

PAGE = """<html><head><meta charset="utf-8"><title>某县2024年政务公开工作任务分解表</title>
</head><body><h1>某县2024年政务公开工作任务分解表</h1><table border="1">
<tr><th>工作任务</th><th>具体要求</th><th>牵头单位</th><th>责任单位</th></tr>
<tr><td>一、分类</td><td>按月公开甲。</td><td>县发改局</td><td>各乡镇</td></tr>
<tr><td>一、分类</td><td>及时公开乙。</td><td></td><td></td></tr>
</table></body></html>"""


def test_a_row_whose_unit_cells_are_empty_is_a_no_units_problem() -> None:
    extraction = extract_bytes(PAGE.encode("utf-8"), name="notice.html")
    assert [row["requirement"] for row in extraction.rows] == ["按月公开甲。", "及时公开乙。"]
    assert [(p.kind, p.text) for p in extraction.problems] == [("no_units", "row 2: 及时公开乙。")]


def test_a_table_without_unit_columns_expects_no_units() -> None:
    logical = [LogicalRow(1, None, ["一、分类"], "公开甲。", None, None, "6月底前")]
    rows = task_rows(logical, notice_id="n", year=2024)
    assert rows_without_units(rows, logical, ["工作任务", "具体要求", "完成时限"]) == []
    problems = rows_without_units(rows, logical, ["工作任务", "具体要求", "责任单位"])
    assert [(p.kind, p.page) for p in problems] == [("no_units", 1)]
