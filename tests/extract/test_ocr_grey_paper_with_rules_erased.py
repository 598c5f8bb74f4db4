"""Cells on grey paper once the table's rules are erased: page 3 of Augraphy's full
pipeline over wp-ningyang-2017.nested (a library this project did not write;
`bench/augraphy_degrade.py`, document seed 30953, as `python -m bench.augraphy_scans
--seeds tune --dpi 200` makes it: poppler's 200-dpi rendering of LibreOffice's export of
the .docx, Augraphy's ink, paper and post phases, a seeded rotation and JPEG). The page is
plain to the eye; its paper is grey (levels 140–165, the ink below 120).

Before the fixes:
- the page reader erases the rules it found by painting them white (255), and the ink
  mask of the erased page was parted by Otsu's threshold over that page: the white was a
  third level, the threshold fell between it and the grey paper (194), and every pixel of
  paper was ink. No line of a tall narrow cell was told from the next (以政 / 务公 / 开助 /
  力惠 / 民生 was read from crops three lines tall: 以政务公民生), and the 、 past the end
  of 各乡镇（街道）、 was not taken into the line: every row of the page lost its section
  path or a unit's 、 (0 of 12 rows exact);
- with that mended, the recogniser's crop of （一） had the rows above the line's ink (the
  edge of the line above) blanked white: a white band over grey paper, read 【（一】.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest

from extract.api import Extraction, extract_bytes
from extract.ocr.lines import Box, TextLine, line_crop

PAGE = (
    Path(__file__).parents[1]
    / "fixtures/scans/augraphy-wp-ningyang-2017.nested.p3.200grey.s30953.pdf"
)


@cache
def _extraction() -> Extraction:
    return extract_bytes(PAGE.read_bytes())


@pytest.mark.ocr
def test_the_lines_of_a_tall_narrow_cell_on_grey_paper_are_read_one_by_one() -> None:
    rows = _extraction().rows
    assert len(rows) == 12
    assert [row["section"][0] for row in rows] == ["以政务公开助力惠民生"] * 12
    assert [row["section"][-1] for row in rows[:6]] == ["1.加大扶贫信息公开力度"] * 2 + [
        "2.深化社会救助信息公开"
    ] * 4


@pytest.mark.ocr
def test_a_mark_past_a_line_on_grey_paper_is_taken_into_the_line() -> None:
    units = ["".join(str(row["responsible_units_text"]).split()) for row in _extraction().rows]
    assert units == ["各乡镇（街道）、宁阳经济开发区"] * 12


@pytest.mark.ocr
def test_a_bracketed_number_on_grey_paper_is_not_read_as_lenticular_brackets() -> None:
    sections = [row["section"][1] for row in _extraction().rows]
    assert (
        sections
        == ["（一）推进扶贫脱贫和社会救助信息公开"] * 6 + ["（二）推进环境保护信息公开"] * 6
    )


def test_the_rows_of_other_lines_in_a_crop_are_blanked_to_the_paper() -> None:
    """The margin rows of a line's crop take the crop's own paper level, not white."""
    page = np.full((40, 30), 150, dtype=np.uint8)
    page[6:11, 10:20] = 20  # the foot of the line above, in the crop's top margin
    page[12:28, 10:20] = 30  # the line's own ink
    crop = line_crop(page, TextLine(Box(0, 0, 30, 40), 12, 28))
    assert crop.max() == 150
    assert (crop[:3] == 150).all()
