"""Rows of scans read exactly: lines, cells and units of pages cut from the second
scanner's scans (`bench/independent_scans.py`: poppler at 200 dpi grey, turned, blurred,
brightened, JPEG 70 by Pillow), each a page that read wrongly before its rule."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extract.api import extract_bytes
from extract.ocr.deskew import deskew, ink_mask
from extract.ocr.engine import detect, recognise
from extract.ocr.lines import Box, box_of, line_crop, text_lines
from extract.ocr.normalise import normalise_line
from extract.ocr.page import DETECT_PX_PER_PT
from extract.ocr.seal import grey_without_seals

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


@pytest.mark.ocr
def test_a_line_boxed_short_by_the_detector_keeps_its_final_comma() -> None:
    """Page 5 of the same scan: the detector, on the reduced page, boxed the short line
    门， of a unit cell from the top of 门's dot down to its foot and across 门 only; the
    recogniser was given 门 without its dot and without the ，and read 门 (the unit lost
    its comma). The line is found and read here as the page reader does, without the
    cost of reading the whole page."""
    pdf = pdfium.PdfDocument(
        (INDEPENDENT / "liangshan-2021.ruled.p5.200grey.poppler.pdf").read_bytes()
    )
    page = pdf[0]
    width = page.get_width()
    rgb = page.render(scale=200 / 72, rev_byteorder=True).to_numpy()[:, :, :3].copy()
    px_per_pt = rgb.shape[1] / width
    straight, _angle = deskew(grey_without_seals(rgb, px_per_pt * 72 / 25.4))
    boxes = [
        box_of(quad, straight.shape) for quad in detect(straight, 1, DETECT_PX_PER_PT / px_per_pt)
    ]
    # the unit cell of rows 19–23: 县政府有关部 / 门， / 各乡镇人民政 / 府、街道办事处
    cell = Box(190 * px_per_pt, 300 * px_per_pt, 272 * px_per_pt, 370 * px_per_pt)
    in_cell = [
        b
        for b in boxes
        if cell.x0 <= b.x0 and b.x1 <= cell.x1 and cell.top <= b.top and b.bottom <= cell.bottom
    ]
    lines = text_lines(straight, ink_mask(straight), in_cell, px_per_pt, 1)
    # as the page reader does: a half-width comma next to Chinese is the full-width one
    read = [
        normalise_line(r.text) for r in recognise([line_crop(straight, line) for line in lines], 1)
    ]
    assert "门，" in read, read
