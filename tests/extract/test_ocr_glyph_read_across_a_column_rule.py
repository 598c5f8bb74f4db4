"""Part of a glyph that a line's box ran over, past a column rule, is not a character of
that line when the line of the glyph's own cell reads the glyph there.

The page: page 2 of the Excel fixture att-shouguang-2019.book.xlsx printed by Calc in
Noto Serif CJK SC (a face the OCR was not tuned on; `bench/face_scans.py`), scanned by
the second scanner (`bench/independent_scans.scan`: poppler + Pillow, seed 3202, 200 dpi
grey). The section cell's line 大攻坚战”信息公开 ends at the rule where the requirement
cell's line 公告公示，接受群众和社会监督。 begins: the two detector boxes overlap across
the rule, and each box's end read part of the other cell's first or last glyph: 公开么
(the top of 公) and 干公告 (the right of 开). The table put 干 in the section cell and 么 in
the requirement: three rows' section read 信息公开干 and a requirement 本级么公告公示.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.ocr.double_reads import split_off, without_glyphs_read_across
from extract.page.content import Char
from tests.extract.scanned_page_lines import page_lines

FACES = Path(__file__).parents[1] / "fixtures/scans/faces"


@pytest.mark.ocr
def test_a_glyph_part_read_past_a_column_rule_is_dropped() -> None:
    lines = page_lines(FACES / "att-shouguang-2019.calc.serif.p2.200grey.s3202.poppler.pdf")
    joined = "".join(lines)
    assert "信息公开" in joined and "公告公示" in joined, lines
    assert "公开么" not in joined and "开干" not in joined and "干公告" not in joined, lines


def _char(text: str, x0: float, line: int) -> Char:
    return Char(x0, x0 + 10.0, 100.0, 110.0, text, 10.0, line=line)


def test_only_a_side_read_by_its_own_cells_line_is_dropped() -> None:
    """Line 1 (开 公) split at a rule into 开 (its main side) and 么 (line 65, across);
    line 2 reads 公 where 么 stands: 么 goes. A side across the rule that no other line
    read (two cells read as one line, a faded rule between them) stays, whatever its
    text, and so does a character of a line not split."""
    first = [_char("开", 100.0, 1), _char("信", 90.0, 1), _char("么", 111.0, 65)]
    assert split_off(first) == [first[2]]
    second = [_char("公", 112.0, 2), _char("告", 122.0, 2)]
    kept = without_glyphs_read_across(first + second, _across(first))
    assert [c.text for c in kept] == ["开", "信", "公", "告"]
    alone = [_char("牵", 100.0, 3), _char("头", 110.0, 3), _char("完", 130.0, 66)]
    assert without_glyphs_read_across(alone, _across(alone)) == alone
    assert split_off(second) == []


def test_a_side_beside_its_own_lines_other_side_is_kept() -> None:
    """One box read 27改革 across the rule between the seq and the section cell: 27 is
    the side across, and 7 stands half an em from 改, its own line's other side."""
    read = [_char("2", 119.0, 4), _char("7", 127.0, 4), _char("改", 130.0, 70)]
    read += [_char("革", 140.0, 70), _char("促", 150.0, 70)]
    assert without_glyphs_read_across(read, _across(read)) == read


def _across(read: list[Char]) -> dict[Char, set[int | None]]:
    return {char: {c.line for c in read} for char in split_off(read)}
