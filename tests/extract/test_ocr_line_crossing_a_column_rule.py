"""A text line whose box crosses a found column rule is read as two cells' lines.

The page: page 2 of the Excel fixture att-panzhihua-2017.book.xlsx printed by Calc in
AR PL UKai (a face the OCR was not tuned on; `bench/face_scans.py`), scanned by the
second scanner (`bench/independent_scans.scan`: poppler + Pillow, seed 7030, outside the
reserved seeds, 200 dpi grey). Calc prints a cell's text a point from its side: the merged
section cell's line 推进减税、降费、 ends at the rule where the requirement's line
位等。全面公开… starts, and the detector's box of the requirement's line began left of the
rule, over the section's 、. That 、 was read twice, the second reading half an em off,
and the section of six rows read 、推进减税、降费、… On the copier's scan of the same
sheet in Kai (seed 1855, page 4) the same overlap read the right half of 机 as 几 in the
next cell (几8.全面推进…) and the top of 态 as 太 (…监管太为基本手段).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extract.ocr.cell_sides import cut_at_column_rules
from extract.ocr.lines import Box, TextLine
from extract.ocr.rules import Segment
from tests.extract.scanned_page_lines import page_lines

FACES = Path(__file__).parents[1] / "fixtures/scans/faces"
FIXTURE = "att-panzhihua-2017.calc.kai.p2.200grey.s7030.poppler.pdf"


@pytest.mark.ocr
def test_a_neighbour_cells_glyph_is_not_read_into_a_cell() -> None:
    lines = page_lines(FACES / FIXTURE)
    assert any(line.startswith("推进减税、降费、") for line in lines), lines
    assert not any(line.startswith("、位等") for line in lines), lines


def _line(x0: float, x1: float) -> TextLine:
    return TextLine(Box(x0, 5.0, x1, 35.0), 10.0, 30.0)


def _ink(*spans: tuple[int, int]) -> np.ndarray:
    ink = np.zeros((40, 200), dtype=np.uint8)
    for a, b in spans:
        ink[10:30, a:b] = 255
    return ink


RULE = Segment(False, 100.0, 0.0, 40.0)


def test_a_line_crossing_a_side_is_cut_there() -> None:
    """Ink on both sides of the rule with paper on its column: two cells' lines."""
    lines = cut_at_column_rules([_line(10.0, 190.0)], [RULE], _ink((20, 95), (105, 180)))
    assert [(line.box.x0, line.box.x1) for line in lines] == [(10.0, 100.0), (100.0, 190.0)]


def test_a_stroke_on_the_rules_column_is_not_a_side() -> None:
    """A character whose strokes cross the rule's column (重's middle upright bridging
    two rules) keeps its line whole."""
    ink = _ink((20, 95), (105, 180))
    ink[20, 90:110] = 255  # a horizontal stroke through the rule's column
    lines = cut_at_column_rules([_line(10.0, 190.0)], [RULE], ink)
    assert [(line.box.x0, line.box.x1) for line in lines] == [(10.0, 190.0)]


def test_a_glyph_seen_through_another_lines_box_end_is_dropped() -> None:
    """Two boxes overlapping across the rule: each one's part past the rule holds only a
    piece of the other line's glyph, which the other reads whole."""
    ink = _ink((20, 96), (104, 180))
    lines = cut_at_column_rules([_line(10.0, 112.0), _line(88.0, 190.0)], [RULE], ink)
    assert [(line.box.x0, line.box.x1) for line in lines] == [(10.0, 100.0), (100.0, 190.0)]


def test_a_side_not_spanning_the_line_cuts_nothing() -> None:
    """A rule ending above the line (a row's side, the line in a merged cell) cuts nothing."""
    short = Segment(False, 100.0, 0.0, 20.0)
    lines = cut_at_column_rules([_line(10.0, 190.0)], [short], _ink((20, 95), (105, 180)))
    assert [(line.box.x0, line.box.x1) for line in lines] == [(10.0, 190.0)]


def test_the_ends_of_two_lines_half_a_line_off_are_dropped() -> None:
    """The next cell's line stands half a line off this cell's two lines (a row's cells
    centre their texts in different heights): its box's part before the rule holds the
    ends of both, on none of their rows alone (新 read as 關, …加大新關旧动能…)."""
    ink = np.zeros((60, 200), dtype=np.uint8)
    ink[10:30, 20:95] = 255  # this cell's first line
    ink[32:52, 20:93] = 255  # its second line
    ink[21:41, 105:180] = 255  # the next cell's line, half a line lower
    lines = [
        TextLine(Box(10.0, 8.0, 96.0, 32.0), 10.0, 30.0),
        TextLine(Box(88.0, 19.0, 190.0, 43.0), 21.0, 41.0),
        TextLine(Box(10.0, 30.0, 94.0, 54.0), 32.0, 52.0),
    ]
    cut = cut_at_column_rules(lines, [Segment(False, 100.0, 0.0, 60.0)], ink)
    assert [(line.box.x0, line.box.x1) for line in cut] == [
        (10.0, 96.0),
        (100.0, 190.0),
        (10.0, 94.0),
    ]
