"""A scanned notice uploaded as a picture (.jpg, .png, one- or multi-page .tif)."""

from __future__ import annotations

from extract.ocr.scanned import image_pages
from extract.ocr.settings import OcrSettings
from extract.page.layout import document_from_contents
from extract.table.document import ReadDocument


def read_image(data: bytes, settings: OcrSettings | None = None) -> ReadDocument:
    """Every frame read by OCR as a page, then the PDF table finding on those pages."""
    contents, problems = image_pages(data, settings)
    return document_from_contents(contents, problems)
