"""Rules of low-resolution copier scans are not made of characters' strokes.

The end-to-end case is the Word-typeset table with full-width heading rows
(tests/fixtures/scans/office_cells.py, python-docx exported by LibreOffice) scanned at
150 dpi; the others check `extract/ocr/rules.py` and `lines.py` on images and segments
in pixels.
"""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
import pytest

from bench.accuracy import edit_distance
from extract.api import extract_bytes
from extract.ocr.lines import Box, without_stroke_ends
from extract.ocr.page import ocr_page
from extract.ocr.rules import Segment
from extract.ocr.settings import OcrSettings
from tests.fixtures.scans.copier import office_copier, scan_pdf
from tests.fixtures.scans.make_scans import LAYOUTS, scanned_image
from tests.fixtures.scans.office_cells import HEADINGS, heading_table_pdf
from tests.soffice_gate import require_soffice

PX_PER_PT = 200 / 72


def test_a_rule_continued_by_the_top_stroke_of_a_line_ends_at_its_crossing_rule() -> None:
    """A row's rule bridged into the next column by the top stroke of 开 (a line of a
    merged cell starts just there) ends at the column's side; a rule whose stretch past
    the crossing stands apart from the text below it (the cell's padding) is kept."""
    ink = np.zeros((300, 600), np.uint8)
    ink[100:101, 40:560] = 255  # the stroke beside the column rule, and the rule
    ink[100:128, 60:90] = 255  # the line's ink hangs from its top stroke
    side = Segment(False, 100, 0, 300)
    rule = Segment(True, 100, 60, 560)
    line = Box(55.0, 92.0, 98.0, 132.0)
    trimmed = without_stroke_ends([rule, side], [line], ink, PX_PER_PT)
    assert Segment(True, 100, 100, 560) in trimmed
    apart = np.zeros_like(ink)
    apart[100:101, 60:560] = 255
    apart[106:128, 60:90] = 255  # text below the rule after the padding
    kept = without_stroke_ends([rule, side], [line], apart, PX_PER_PT)
    assert rule in kept


LOW_DPI = office_copier(150)


@pytest.mark.ocr
def test_a_characters_stroke_on_a_column_rules_line_does_not_cut_a_heading_row() -> None:
    """At 150 dpi the middle stroke of 重 (一、扎实做好重点…) lies on the line of the
    column rule below and above the full-width heading row and bridges them: the
    heading row is still one cell over the table, each row under its own heading."""
    require_soffice()
    scan = extract_bytes(scan_pdf(heading_table_pdf(), LOW_DPI, seed=1), name="scan.pdf")
    assert len(scan.rows) == 2
    for row, heading in zip(scan.rows, HEADINGS, strict=True):
        assert len(row["section"]) == 2
        # one character may be misread at 150 dpi (扎 as 孔); the cell is whole
        assert edit_distance(row["section"][0], heading) <= 1


@pytest.mark.ocr
def test_a_rule_ends_where_its_ink_ends_not_in_the_text_line_beyond_it() -> None:
    """A table ruled horizontally only (hrules-liangshan-2021, page 3, scanned at 200 dpi
    as the multi-page TIFF of tests/extract/test_ocr.py is): the rule under 县商务局 /
    县大数据中心 (108–194 pt in the text layer) is met on its line by the top strokes of
    县政府有关部 a few points past its end and of 着眼 before its start. Joined to them, it
    reached into both lines (93.5–261 pt); its ends are column sides in such a table,
    and 责任单位's column split in two wherever the header's last character happened to
    be read a point narrower."""
    source = pdfium.PdfDocument(str(LAYOUTS / "pdf" / "hrules-liangshan-2021.hrules.pdf"))
    try:
        image = scanned_image(source[2], 200, np.random.default_rng(7))
        width, height = source[2].get_size()
    finally:
        source.close()
    content, _ = ocr_page(np.asarray(image), 3, width, height, OcrSettings())
    (rule,) = [r for r in content.hrules if abs(r.y - 502) < 3 and r.x1 < 280]
    assert abs(rule.x0 - 108.2) < 3 and abs(rule.x1 - 194.3) < 3
