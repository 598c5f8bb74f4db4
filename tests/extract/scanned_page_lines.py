"""The lines of a one-page scanned PDF as the page reader gives them (rendered at 200 dpi
as the scan reader renders, read by OCR, grouped into lines, spaces taken out): shared by
the tests that pin what a page of a committed scan reads."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from extract.errors import Problem
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


def recogniser_lines(path: Path) -> tuple[set[str], list[Problem]]:
    """The texts of the page's recogniser lines (each line's characters left to right,
    never grouped with another line's) and the page's problems: for the tests that check a
    line was left out whole, not merely joined to another."""
    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        page = pdf[0]
        image = _render(pdf, 0, OcrSettings().dpi)
        content, problems = ocr_page(image, 1, page.get_width(), page.get_height(), OcrSettings())
    finally:
        pdf.close()
    lines: dict[int | None, str] = {}
    for char in sorted(content.chars, key=lambda c: c.x0):
        lines[char.line] = lines.get(char.line, "") + char.text
    return set(lines.values()), problems
