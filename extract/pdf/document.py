"""A PDF notice: its pages read into the page model (text layer, or OCR for scanned
pages), then read like every fixed-layout notice (extract/page/layout.py)."""

from __future__ import annotations

from pdfplumber.pdf import PDF

from extract.errors import ExtractionError
from extract.limits import Limits
from extract.ocr.scanned import ocr_pdf_pages
from extract.page.content import PageContent
from extract.page.layout import document_from_contents
from extract.pdf.open_pdf import open_pdf
from extract.pdf.pdfplumber_page import read_page
from extract.table.document import ReadDocument


def read_pdf(data: bytes, limits: Limits) -> ReadDocument:
    """The paragraphs before the task table, then the table's grid on each of its pages
    (or all paragraphs, when no page holds a table). Table finding needs page geometry,
    so it happens here; the table stages (assemble) do the rest, as for every format."""
    with open_pdf(data, limits) as pdf:
        try:
            contents = _read_pages(pdf)
        except ExtractionError:
            raise
        except Exception as error:  # pdfminer fails in many ways on damaged page streams
            raise ExtractionError(
                "corrupt",
                f"cannot read a page: {type(error).__name__}: {error}".splitlines()[0][:200],
            ) from None
    # Scanned pages (images without a text layer) are read by OCR, page by page.
    contents, scanned = ocr_pdf_pages(data, contents)
    return document_from_contents(contents, scanned)


def _read_pages(pdf: PDF) -> list[PageContent]:
    contents: list[PageContent] = []
    for page in pdf.pages:
        contents.append(read_page(page))
    return contents
