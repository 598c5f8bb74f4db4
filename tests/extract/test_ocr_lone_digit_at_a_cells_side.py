"""A half-width digit printed alone at a cell's side, which the detector never boxes, is
read.

Calc right-aligns a sequence number: 1, 4 and 7 stand a point from their cell's right
side, alone in a tall cell, and the detector boxes none of them (not on the reduced page,
not on a second look), so rows lost their seq. The page: page 2 of the Excel fixture
att-panzhihua-2017.book.xlsx printed by Calc in AR PL UKai and scanned by the second
scanner (seed 7030, 200 dpi grey; see `test_ocr_line_crossing_a_column_rule.py`), where
row 7's seq was not read.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extract.ocr.lines import Box, TextLine, lone_glyphs
from tests.extract.scanned_page_lines import page_lines

FIXTURE = (
    Path(__file__).parents[1] / "fixtures/scans/faces/att-panzhihua-2017.calc.kai.p2.200grey"
    ".s7030.poppler.pdf"
)


@pytest.mark.ocr
def test_a_lone_seq_digit_is_read() -> None:
    lines = page_lines(FIXTURE)
    assert any(line.startswith("7市财政局、地税局") for line in lines), lines


def _page_with(glyph: np.ndarray) -> tuple[np.ndarray, list[TextLine]]:
    """A page with one line of text (ink 20 px high) and ``glyph`` alone below it."""
    ink = np.zeros((200, 200), dtype=np.uint8)
    ink[20:40, 20:180] = 255
    line = TextLine(Box(15.0, 15.0, 185.0, 45.0), 20.0, 40.0)
    ink[100 : 100 + glyph.shape[0], 100 : 100 + glyph.shape[1]] = glyph
    return ink, [line]


def test_a_digits_shape_alone_is_a_line() -> None:
    one = np.zeros((16, 6), dtype=np.uint8)
    one[:, 2:4] = 255  # the stroke
    one[-2:, :] = 255  # the foot
    one[1:3, 0:2] = 255  # the flag
    ink, lines = _page_with(one)
    (found,) = lone_glyphs(ink, lines)
    assert (found.top, found.bottom) == (100.0, 116.0)
    assert found.box.x0 < 100 and found.box.x1 > 106


def test_a_rules_remnant_or_a_speck_is_not() -> None:
    bar = np.full((16, 4), 255, dtype=np.uint8)  # a solid bar: a faint rule's piece
    assert lone_glyphs(*_page_with(bar)) == []
    speck = np.full((4, 4), 255, dtype=np.uint8)
    assert lone_glyphs(*_page_with(speck)) == []
