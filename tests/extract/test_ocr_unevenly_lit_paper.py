"""A scan whose paper the light left grey: Augraphy's `LightingGradient` (a library this
project did not write, `bench/augraphy_degrade.py` with ONLY=LightingGradient, seed 30004)
over poppler's 200-dpi rendering of LibreOffice's export of
wp-shouguang-2019.pagebreak.docx, page 2. Its paper stands at 160–175 grey, its ink at
30–60: legible to anyone, and the table's rules and text are clear.

Part ac (tenth round) read it by dividing the page by its paper level measured locally
(`extract/ocr/paper.py` on branch `issue-24ac`); that change lost 47 rows on the held-out
Augraphy scans (160 -> 113 of 504: a ruled table's 52 rows to 0) and was taken out; the
page was a strict xfail until part am (twelfth round) read grey paper without it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from extract.api import Extraction, extract_bytes
from extract.vocabulary import NoteKind

SCANS = Path(__file__).parents[1] / "fixtures/scans"
LIT = "augraphy-wp-shouguang-2019.pagebreak.p2.200grey.lighting.s30004.pdf"


@cache
def _extraction() -> Extraction:
    return extract_bytes((SCANS / LIT).read_bytes())


@pytest.mark.ocr
def test_a_grey_papers_cells_are_read_line_by_line() -> None:
    """On the grey paper the narrow first column's cells were read as merged lines (the
    category (一)做好助推寿光高质量发展信息公开 read “（一）做好助推寿光高质展宜复信公开”,
    the task 1.推进新旧动能转换重大工程信息公开 lost 新旧动 and 重), with a low_confidence
    problem on nearly every line of the page. Part am (twelfth round) found the cause: the
    ink mask of the page with its rules erased to white was parted at a threshold between
    that white and the grey paper, so the whole page was ink and no line of a cell was told
    from the next; the mask is now parted where the page as scanned parts it
    (`extract.ocr.page`, tests/extract/test_ocr_grey_paper_with_rules_erased.py)."""
    extraction = _extraction()
    sections = [row["section"] for row in extraction.rows]
    assert len(sections) == 5
    assert all(s[1] == "（一）做好助推寿光高质量发展信息公开" for s in sections)
    assert sections[0][2] == "1.推进新旧动能转换重大工程信息公开"
    assert sections[4][2] == "3.推进海洋强市信息公开"
    units = [row["responsible_units_text"] for row in extraction.rows]
    assert (
        units[1]
        == "市农业农村局、市交通局、市发改局按职责分工分别牵头落实\n市直相关部门、各镇（街区）分别落实"
    )
    unsure = [p for p in extraction.problems if p.kind == NoteKind.LOW_CONFIDENCE]
    assert len(unsure) <= 2
