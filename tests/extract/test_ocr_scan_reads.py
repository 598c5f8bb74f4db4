"""Characters of scanned lines read as printed: pages of the second scanner's scans
(`bench/independent_scans.py`: poppler at 200 dpi grey, turned, blurred, brightened, JPEG
70 by Pillow; its tuning seeds) of the corpus's PDFs, each a page that read wrongly
before its rule (`extract/ocr/unread_ink.py`, `extract/ocr/normalise.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extract.scanned_page_lines import page_lines

INDEPENDENT = Path(__file__).parents[1] / "fixtures/scans/independent"


def _page_lines(name: str) -> list[str]:
    return page_lines(INDEPENDENT / name)


@pytest.mark.ocr
def test_a_mark_the_recogniser_dropped_between_two_characters_is_read() -> None:
    """Page 8: three unit cells end 各乡镇人民政 / 府、街道办事处. The recogniser read one of
    the three lines 府街道办事处, the 、 plain in its crop; that cell spans several rows,
    and each lost it."""
    lines = _page_lines("liangshan-2021.ruled.p8.200grey.poppler.pdf")
    assert sum(line.count("府、街道办事处") for line in lines) == 3, lines
    assert not any("府街道" in line for line in lines), lines


@pytest.mark.ocr
def test_thin_characters_past_the_end_of_a_detected_box_are_read() -> None:
    """Page 7: a requirement's line ends …建设一二三 at its cell's side. On the page
    reduced for detection the strokes of 二三 are faint bars, and the detector's box ended
    after 一: the row read 建设一产业融合发展示范园."""
    lines = _page_lines("liangshan-2021.ruled.p7.200grey.poppler.pdf")
    assert any(line.endswith("建设一二三") for line in lines), lines


@pytest.mark.ocr
def test_a_bracketed_heading_number_one_is_not_read_as_an_arrow() -> None:
    """Page 4 of `ningyang-2017.grid.pdf`: the section cell's short line （一） (of
    （一）推进“放管服”改革信息公开) was read (→), and six rows' section paths held it."""
    lines = _page_lines("ningyang-2017.grid.p4.200grey.s5972.poppler.pdf")
    assert not any("→" in line for line in lines), lines
    assert any(line.startswith("（一）") for line in lines), lines
