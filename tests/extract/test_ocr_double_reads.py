"""A character two overlapping line boxes both read is one character.

The page: page 2 of the Excel fixture att-panzhihua-2017.book.xlsx printed by Calc in
WenQuanYi Micro Hei (a face the OCR was not tuned on; `bench/face_scans.py`), scanned
by the copier (`tests/fixtures/scans/copier.py`, seed 1567, 200 dpi grey). The merged
section cell's wrapped text 降低要素成本信息 fills its column up to the rule, where the
next cell's last line 的查处结果 starts: the detector boxed the row twice, the boxes
overlapping over 息 and 的, and both lines read them (降低要素成本信息的 / 息的查处结果).
Six rows' section paths read 信息息公开 and a requirement ended 的的查处结果.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.ocr.double_reads import without_double_reads
from extract.page.content import Char
from tests.extract.scanned_page_lines import page_lines

FACES = Path(__file__).parents[1] / "fixtures/scans/faces"


def _page_lines(name: str) -> list[str]:
    return page_lines(FACES / name)


@pytest.mark.ocr
def test_characters_in_two_overlapping_line_boxes_are_read_once() -> None:
    lines = _page_lines("att-panzhihua-2017.calc.microhei.p2.200grey.s1567.copier.pdf")
    joined = "".join(lines)
    assert "降低要素成本信息的查处结果" in joined, lines
    assert "息息" not in joined and "的的" not in joined, lines


def _char(text: str, x0: float, line: int, top: float = 100.0) -> Char:
    return Char(x0, x0 + 10.0, top, top + 10.0, text, 10.0, line=line)


def test_a_character_repeated_in_one_line_or_an_em_apart_is_kept() -> None:
    """Two 的 printed side by side (an em apart), read by one line, or on two lines whose
    ink bands single spacing packed 0.42 em apart (方面的内容 lost its 的 to the line
    above's on a copier scan, `test_embedded_scans`) are two characters."""
    side_by_side = [_char("的", 100.0, 1), _char("的", 110.0, 2)]
    assert without_double_reads(side_by_side) == side_by_side
    one_line = [_char("的", 100.0, 1), _char("的", 103.0, 1)]
    assert without_double_reads(one_line) == one_line
    stacked = [_char("的", 100.0, 1), _char("的", 101.0, 2, top=104.2)]
    assert without_double_reads(stacked) == stacked
    twice = [_char("息", 100.0, 1), _char("息", 102.0, 2)]
    assert without_double_reads(twice) == twice[:1]
