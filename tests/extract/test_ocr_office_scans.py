"""Scans of Word-typeset tables read as their text layers read.

The table (tests/fixtures/scans/office_cells.py) is typeset like a Word notice: single
line spacing, 10.5 pt text centred in cells six characters wide, exported to PDF by
LibreOffice; the copier (tests/fixtures/scans/copier.py) scans it at 200 dpi. The
expected rows are the text layer's, read by the same extraction.
"""

from __future__ import annotations

from functools import cache

import pytest

from bench.accuracy import edit_distance
from extract.api import Extraction, extract_bytes
from tests.fixtures.scans.copier import Degradation, Mode, office_copier, scan_pdf
from tests.fixtures.scans.office_cells import SECTION, UNITS, office_table_pdf
from tests.soffice_gate import require_soffice

pytestmark = pytest.mark.ocr


SEAL = "梁山县人民政府办公室"


def _copier(mode: Mode, *, seal: bool = False) -> Degradation:
    """A clean office copier: 200 dpi, turned 0.8°, a little blur, JPEG quality 70."""
    return office_copier(200, mode=mode, seal=seal, seal_text=SEAL)


@cache
def _pdf() -> bytes:
    return office_table_pdf()


@cache
def _scan(mode: Mode, *, seal: bool = False) -> Extraction:
    return extract_bytes(scan_pdf(_pdf(), _copier(mode, seal=seal), seed=1), name="scan.pdf")


@pytest.fixture(scope="module")
def text_layer() -> Extraction:
    require_soffice()
    extraction = extract_bytes(_pdf(), name="table.pdf")
    # the fixture is what it says: two rows, the units' and the section's cells as typed
    assert [r["lead_units_text"] for r in extraction.rows] == list(UNITS)
    assert [r["section"] for r in extraction.rows] == [[SECTION], [SECTION]]
    return extraction


def test_single_spaced_lines_of_a_narrow_cell_are_read_line_by_line(
    text_layer: Extraction,
) -> None:
    """县水务局、/县自然资源/和规划局、/县工业和信/息化局: five lines a few pixels apart,
    each read on its own and kept in order (not 县县自水然务局资…)."""
    scan = _scan("grey")
    assert [r["lead_units_text"] for r in scan.rows] == [
        r["lead_units_text"] for r in text_layer.rows
    ]
    assert [r["lead_units"] for r in scan.rows] == [r["lead_units"] for r in text_layer.rows]


def test_a_bitonal_scan_of_a_section_cell_reads_in_order(text_layer: Extraction) -> None:
    """The merged section cell （一）立足/实施重大战/略推进政务/公开, scanned bitonal: the
    rows keep their section, and the rest of the row with it."""
    scan = _scan("bitonal")
    assert [r["section"] for r in scan.rows] == [r["section"] for r in text_layer.rows]
    assert [r["deadline_text"] for r in scan.rows] == [r["deadline_text"] for r in text_layer.rows]
    for got, want in zip(scan.rows, text_layer.rows, strict=True):
        # a misread character may remain (reported as low confidence), a line out of
        # place may not
        distance = edit_distance(got["requirement"], want["requirement"])
        assert distance <= 0.03 * len(want["requirement"])


def test_a_red_seal_over_the_last_rows_is_not_read(text_layer: Extraction) -> None:
    """A colour scan with the issuer's red seal stamped over the last rows: the rows are
    the text layer's, and not one character of the seal's ring is in them."""
    scan = _scan("colour", seal=True)
    assert [r["lead_units"] for r in scan.rows] == [r["lead_units"] for r in text_layer.rows]
    assert [r["deadline_text"] for r in scan.rows] == [r["deadline_text"] for r in text_layer.rows]
    assert [r["section"] for r in scan.rows] == [r["section"] for r in text_layer.rows]
    text = "".join(str(value) for row in scan.rows for value in row.values())
    assert "梁山" not in text and "人民政府" not in text  # the ring's text, read anywhere
