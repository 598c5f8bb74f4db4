"""A scan whose paper the light left grey: Augraphy's `LightingGradient` (a library this
project did not write, `bench/augraphy_degrade.py` with ONLY=LightingGradient, seed 30004)
over poppler's 200-dpi rendering of LibreOffice's export of
wp-shouguang-2019.pagebreak.docx, page 2. Its paper stands at 160–175 grey, its ink at
30–60: legible to anyone, and the table's rules and text are clear."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest

from extract.api import Extraction, extract_bytes
from extract.ocr.paper import even_paper
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
    problem on nearly every line of the page: the page's paper level, measured locally,
    makes the paper white first (`extract.ocr.paper`)."""
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


def test_white_paper_is_left_as_it_is() -> None:
    """A page whose paper is white everywhere is not touched: evenly lit scans read as
    they did before the paper level was measured."""
    page = np.full((400, 300), 246, dtype=np.uint8)
    page[100:110, 50:250] = 30
    assert even_paper(page, 300 / 595) is page


def test_grey_paper_beside_white_paper_becomes_white() -> None:
    """Paper grey on one side (150) and white on the other, ink on both: the paper turns
    white on both sides, and the ink on the grey side keeps its contrast to its paper."""
    px_per_pt = 300 / 210
    ramp = np.linspace(150, 250, 300, dtype=np.float32)
    page = np.tile(ramp, (400, 1))
    page[200:204, 20:280] *= 0.25  # a rule, a quarter of its paper's level
    out = even_paper(page.astype(np.uint8), px_per_pt)
    assert out[50:150, 10:290].min() >= 240
    assert out[200:204, 20:60].max() <= 80
