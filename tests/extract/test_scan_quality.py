"""A page scanned below the quality OCR is measured on is reported, naming the page.

Copier scans (tests/fixtures/scans/copier.py) of a corpus PDF's first page at 100 and
200 dpi, greyscale and bitonal; and the same pages as image files. No OCR runs here:
what is checked is what the reader is told about the scan before it is read.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from extract.ocr.scanned import _render, _scan_of, _two_tone, scan_quality
from extract.vocabulary import NoteKind
from tests.fixtures.scans.copier import Degradation, Mode, scan_pdf

PDF = Path(__file__).parents[1] / "fixtures/corpus/pdf/yishui-2018.pdf"


def _copier(dpi: int, mode: Mode) -> Degradation:
    return Degradation(dpi, mode, 0.3, 0.4, 75, 5.0, 0.9, 3.0, False, "", False, False)


def _scanned_page(dpi: int, mode: Mode) -> tuple[float | None, bool]:
    """(dpi, bitonal) as the OCR reader sees the page rendered at its 200 dpi."""
    pdf = pdfium.PdfDocument(scan_pdf(PDF.read_bytes(), _copier(dpi, mode), 1, pages=(1,)))
    try:
        dpi_found, one_bit = _scan_of(pdf, 0)
        return dpi_found, one_bit or _two_tone(_render(pdf, 0, 200))
    finally:
        pdf.close()


def test_a_coarse_scan_is_reported_with_its_resolution() -> None:
    dpi, bitonal = _scanned_page(100, "grey")
    assert dpi is not None and round(dpi) == 100 and not bitonal
    (problem,) = scan_quality(3, dpi, bitonal)
    assert problem.kind == NoteKind.LOW_CONFIDENCE and problem.page == 3
    assert "about 100 dpi, below the 150 dpi" in problem.text


def test_a_bitonal_scan_is_reported_and_a_good_one_is_not() -> None:
    dpi, bitonal = _scanned_page(200, "bitonal")
    assert bitonal and dpi is not None and round(dpi) == 200
    assert ["bitonal" in p.text for p in scan_quality(1, dpi, bitonal)] == [True]
    assert scan_quality(1, *_scanned_page(200, "grey")) == []


def test_an_image_file_below_the_quality_is_reported_too() -> None:
    """A 1-bit TIFF of an A4 page 100 dpi wide: both problems, on its page."""
    from extract.ocr.scanned import _frames

    frame = Image.new("1", (827, 1169), 1)
    buffer = io.BytesIO()
    frame.save(buffer, format="TIFF")
    ((image, bitonal),) = list(_frames(buffer.getvalue()))
    assert bitonal and image.mode == "L"
    dpi = min(image.size) / (595 / 72)
    assert [p.text.split(":")[0] for p in scan_quality(1, dpi, bitonal)] == [
        "page 1 is a scan of about 100 dpi, below the 150 dpi OCR is measured on",
        "page 1 is a bitonal (black and white) scan",
    ]
