"""Rows of scans read exactly: lines, cells and units of pages cut from the second
scanner's scans (`bench/independent_scans.py`: poppler at 200 dpi grey, turned, blurred,
brightened, JPEG 70 by Pillow), each a page that read wrongly before its rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.api import extract_bytes

INDEPENDENT = Path(__file__).parents[1] / "fixtures/scans/independent"


@pytest.mark.ocr
def test_a_short_centred_line_between_two_lines_of_a_cell_is_read() -> None:
    """Page 3 of the corpus's `liangshan-2021.ruled.pdf`: the responsible-unit cell
    prints 县政府有关部 / 门， / 各乡镇人民政 / 府、街道办事处, and the detector, on the
    page reduced to ~94 dpi, found no box for the short centred line 门，: the unit lost
    门， on every such row."""
    pdf = INDEPENDENT / "liangshan-2021.ruled.p3.200grey.poppler.pdf"
    rows = extract_bytes(pdf.read_bytes()).rows
    whole = "县政府有关部门，各乡镇人民政府、街道办事处"
    units = ["".join(str(row["responsible_units_text"]).split()) for row in rows]
    assert len(rows) == 7
    assert units.count(whole) == 6, units
