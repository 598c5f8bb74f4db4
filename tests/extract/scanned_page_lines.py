"""The lines of a one-page scanned PDF as the page reader gives them (rendered at 200 dpi
as the scan reader renders, read by OCR, grouped into lines, spaces taken out): shared by
the tests that pin what a page of a committed scan reads."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from extract.ocr.page import ocr_page
from extract.ocr.scanned import _render
from extract.ocr.settings import OcrSettings
from extract.page.lines import group_lines


def page_lines(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        page = pdf[0]
        image = _render(pdf, 0, 200)
        content, _problems = ocr_page(image, 1, page.get_width(), page.get_height(), OcrSettings())
    finally:
        pdf.close()
    return [line.text.replace(" ", "") for line in group_lines(content.chars)]
