"""Scans of task tables printed from Excel by LibreOffice Calc.

Calc prints a cell's text a point from its left side and, as clerks size them, rows
as tall as their text: the header's texts touch the rules of their one-line row. The
end-to-end case is page 1 of one of our tuning prints (`tests/fixtures/office/
make_calc_tuning.py`: the corpus's liangshan-2021 rows in a workbook with the top
category as a heading row under the header, printed one page wide) scanned by the
second scanner (bench/independent_scans.py, 200 dpi grey, JPEG); the others check
`extract/ocr/lines.py` on segments in pixels.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from extract.api import extract_bytes
from extract.ocr.lines import Box, without_stroke_ends
from extract.ocr.rules import Segment

PX_PER_PT = 200 / 72
FIXTURES = Path(__file__).parents[1] / "fixtures"


def _header_row(text_x0: float) -> tuple[list[Segment], list[Box], np.ndarray]:
    """A header row 18 pt high (y 100..150 px) between two row rules, over a body whose
    column rule (x 300) starts below a heading row across the table (y 150..190); the
    header's text 具体要求 starts at ``text_x0`` and its detector box a little left."""
    rules = [
        Segment(True, 100, 50, 900),
        Segment(True, 150, 50, 900),
        Segment(True, 190, 50, 900),
        Segment(False, 50, 100, 600),
        Segment(False, 900, 100, 600),
        Segment(False, 300, 190, 600),  # the column's rule in the body
    ]
    ink = np.zeros((620, 950), np.uint8)
    for rule in rules:
        if rule.horizontal:
            ink[round(rule.at), round(rule.start) : round(rule.end)] = 255
        else:
            ink[round(rule.start) : round(rule.end), round(rule.at)] = 255
    ink[100:151, 300] = 255  # the header cell's side
    ink[110:142, round(text_x0) : round(text_x0) + 110] = 255  # 具体要求, blurred solid
    box = Box(text_x0 - 6, 104.0, text_x0 + 116, 146.0)
    return rules, [box], ink


def test_a_header_cells_side_touched_by_its_text_is_a_rule() -> None:
    """The side of a header cell from one row rule to the next, on the line of the
    column's rule below the heading row, is kept although 具体要求 touches it (its run of
    ink reaches into the line as a character's stroke does). The same piece of ink where
    no column rule continues it is still a stroke."""
    rules, boxes, ink = _header_row(301)
    side = Segment(False, 300, 100, 150)
    assert side in without_stroke_ends([*rules, side], boxes, ink, PX_PER_PT)
    alone = [r for r in rules if r != Segment(False, 300, 190, 600)]
    assert side not in without_stroke_ends([*alone, side], boxes, ink, PX_PER_PT)


def _corpus_rows(first: int, last: int) -> list[dict[str, object]]:
    lines = (FIXTURES / "corpus/expected/liangshan-2021.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in lines.splitlines()][first - 1 : last]


@pytest.mark.ocr
def test_header_cells_touched_by_their_text_keep_their_sides_on_a_calc_scan() -> None:
    """Page 1 of the Calc print: 具体要求, 牵头单位, 责任单位 touch the left sides of their
    header cells, and a heading row across the table (一、深化重点领域政府信息公开) stands
    between the header and the body, so the sides are short pieces of their own. They
    were dropped as strokes of the header's text: the header read as two columns
    (工作任务 | 具体要求牵头单位责任单位), every unit went into the requirement."""
    pdf = FIXTURES / "scans/independent/calc-liangshan-headings.p1.200grey.poppler.pdf"
    extraction = extract_bytes(pdf.read_bytes())
    assert extraction.meta["columns"] == ["工作任务", "具体要求", "牵头单位", "责任单位"]
    rows = list(extraction.rows)
    assert len(rows) == 6  # the sixth continues on page 2
    keys = ("section", "lead_units_text", "responsible_units_text")
    for got, want in zip(rows[:5], _corpus_rows(1, 5), strict=True):
        assert [got[k] for k in keys] == [want[k] for k in keys]


@pytest.mark.ocr
def test_a_row_rule_found_in_part_on_one_scanned_page_splits_no_column() -> None:
    """Pages 1-3 of a Calc print sized by Calc (`calc-liangshan-sized`: a 序号 column,
    liangshan-2021 rows 15-35), scanned whole by the second scanner. On page 2 the rule
    under row 7 was found only from the middle of the requirement column on: its end
    became a column boundary of the whole table, the requirement column read as a
    category and a requirement, and the first row of every page was joined to the last
    row of the page before (9 and 10 one row: 10 rows, not 12)."""
    pdf = FIXTURES / "scans/independent/calc-liangshan-sized.p1-3.200grey.poppler.pdf"
    extraction = extract_bytes(pdf.read_bytes())
    rows = list(extraction.rows)
    assert extraction.meta["columns"] == ["序号", "工作任务", "具体要求", "牵头单位", "责任单位"]
    assert len(rows) == 12
    want = _corpus_rows(15, 26)
    assert [str(r["requirement"])[:8] for r in rows] == [str(r["requirement"])[:8] for r in want]
    assert [r["seq"] for r in rows][7:] == ["8", "9", "10", "11", "12"]
