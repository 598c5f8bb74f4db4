"""Rows run together into one (a faded scan's row rules not found) leave a task's sentence
where none belongs: in a units cell, in a section heading, or a category's number after a
requirement's last sentence. Each is a ``missing_rows`` problem; real cells are not."""

from __future__ import annotations

from extract.table.logical import LogicalRow
from extract.table.missing import sentences_out_of_place
from extract.vocabulary import NoteKind


def _row(
    requirement: str = "公开预算信息。",
    lead: str | None = "县财政局",
    units: str | None = "县政府有关部门，\n各乡镇人民政府、街道办事处",
    section: tuple[str, ...] = ("一、深化重点领域政府信息公开", "（一）推进政务公开"),
) -> LogicalRow:
    return LogicalRow(1, None, list(section), requirement, lead, units, None)


def test_a_units_cell_holding_a_tasks_sentence_is_rows_run_together() -> None:
    lead = "县发展改革局\n多形式发布落实黄河流域生态保护和高质量发展的进展、成效。\n县水务局"
    problems = sentences_out_of_place([_row(), _row(lead=lead)])
    assert [p.kind for p in problems] == [NoteKind.MISSING_ROWS]
    assert "多形式发布" in problems[0].text


def test_a_heading_holding_a_tasks_sentence_is_named_once() -> None:
    heading = "更新完善权责清单并按要求公开。推进政务服务标准化。（三）聚焦优化营商环境"
    rows = [_row(section=("一、甲", heading)), _row(section=("一、甲", heading))]
    assert len(sentences_out_of_place(rows)) == 1


def test_a_category_after_a_requirements_last_sentence_is_rows_run_together() -> None:
    requirement = "推进政务服务标准化、规范化、便利化。（三）聚焦优化营商环境推进政务公开"
    problems = sentences_out_of_place([_row(requirement=requirement)])
    assert len(problems) == 1 and "（三）" in problems[0].text


def test_real_cells_are_not_rows_run_together() -> None:
    rows = [
        _row(),
        _row(requirement="做好以下工作：（1）公开预算；（2）公开决算。", lead=None),
        _row(units="各县（市、区）人民政府，市直各部门", section=("一、甲",)),
        _row(
            requirement="公开规划。（1）按季度更新；（2）按年度总结。", lead="县发展改革局（牵头）"
        ),
    ]
    assert sentences_out_of_place(rows) == []
