"""Regression: a unit list that a page break cuts between two units kept no break there,
so 县退役军人事务局 and 人民银行梁山县支行 became one unit (headonce-liangshan-2021, row 3)."""

from __future__ import annotations

from pathlib import Path

from extract.api import extract_file
from extract.table.joins import line_break

FIXTURE = Path(__file__).parents[1] / "fixtures/layouts/pdf/headonce-liangshan-2021.headonce.pdf"


def test_line_break_between_two_units_and_inside_a_wrapped_name() -> None:
    assert line_break("县退役军人事务局", "人民银行梁山县支行") == "\n"
    assert line_break("县政府有关部门", "各乡镇人民政府") == "\n"
    assert line_break("县发改局、县经", "信局") == ""  # a name wrapped by the cell width


def test_unit_list_cut_by_a_page_break_keeps_the_break_between_two_units() -> None:
    rows = extract_file(FIXTURE).rows
    lead = next(r["lead_units"] for r in rows if r["row"] == 3)
    assert "县退役军人事务局" in lead and "人民银行梁山县支行" in lead
    assert not any(unit.startswith("县退役军人事务局人民") for unit in lead)
