"""A body line that the detector cut in two beside a speck stays one line.

The characters are those the OCR reader gave on page 1 of an Augraphy scan (its full
pipeline, tuning seed 30953) of the LibreOffice print of ningyang-2017's nested layout:
the line 《2017年宁阳县政务公开重点工作任务分解表》已经县 was read as two recogniser
lines, and noise above the right-hand piece grew its box (34.9 pt high against the line's
22.3), so its first character, as wide as the box is high, reached 4.3 pt into 》. The
two pieces were kept as two lines, the right-hand one first (its top is higher), and the
notice's body read 已经县 before the sentence it ends."""

from __future__ import annotations

from extract.page.content import Char
from extract.page.lines import group_lines

_RIGHT_PIECE = [
    Char(466.2, 492.5, 439.2, 474.1, "已", 34.9, 43),
    Char(492.5, 507.1, 439.2, 474.1, "经", 34.9, 43),
    Char(507.1, 530.3, 439.2, 474.1, "县", 34.9, 43),
]
_LEFT_TEXT = "《2017年宁阳县政务公开重点工作任务分解表》"
_LEFT_EDGES = [
    113.4, 128.9, 139.7, 150.5, 159.2, 172.1, 189.4, 206.7, 224.0, 239.1, 254.3, 271.6,
    288.9, 306.2, 323.5, 340.8, 358.1, 373.2, 388.3, 405.6, 422.9, 440.2, 455.3, 470.5,
]  # fmt: skip
_LEFT_PIECE = [
    Char(x0, x1, 443.1, 465.4, text, 22.3, 44)
    for text, x0, x1 in zip(_LEFT_TEXT, _LEFT_EDGES[:-1], _LEFT_EDGES[1:], strict=True)
]


def test_a_line_cut_beside_a_speck_is_one_line() -> None:
    lines = group_lines(_RIGHT_PIECE + _LEFT_PIECE)
    assert [line.text for line in lines] == [_LEFT_TEXT + "已经县"]


def test_two_lines_of_one_cell_that_overlap_by_a_character_stay_two() -> None:
    # A cell's second line, one character wide at the left, its box overlapping the first
    # line's by more than half its height (the detector's boxes are taller than the pitch).
    first = [Char(100.0 + 12 * i, 112.0 + 12 * i, 100.0, 116.0, "局", 12.0, 1) for i in range(5)]
    second = [Char(100.0, 112.0, 106.0, 122.0, "办", 12.0, 2)]
    assert [line.text for line in group_lines(first + second)] == ["局局局局局", "办"]
