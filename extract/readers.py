"""One reader per format, all handing a ReadDocument to the same table stages.

A reader turns one file into paragraphs and grids of cells (extract/table/document.py);
`assemble` does the rest, the same for every format. Images (OCR) add one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from extract.html_page import read_html
from extract.limits import Limits
from extract.ocr.image import read_image
from extract.office.convert import converted
from extract.office.docx import read_docx
from extract.office.xls import read_xls
from extract.office.xlsx import read_xlsx
from extract.pdf.document import read_pdf
from extract.sniff import DOC, DOCX, HTML, JPEG, PDF, PNG, TIFF, XLS, XLSX
from extract.table.document import DocumentTable, ReadDocument, assemble

Reader = Callable[[bytes], ReadDocument]
_READERS: dict[str, Reader] = {
    HTML: read_html,
    DOCX: read_docx,
    XLSX: read_xlsx,
    XLS: read_xls,
    # scanned notices uploaded as pictures: OCR into the same page content as a PDF
    JPEG: read_image,
    PNG: read_image,
    TIFF: read_image,
}


def read_table(
    kind: str,
    data: bytes,
    limits: Limits,
    timings: dict[str, float],
    scratch: Path | None = None,
) -> DocumentTable:
    """The document's task table: its format's reader, then the shared table stages."""
    return assemble(read_document(kind, data, limits, timings, scratch))


def read_document(
    kind: str,
    data: bytes,
    limits: Limits,
    timings: dict[str, float],
    scratch: Path | None = None,
) -> ReadDocument:
    """``timings`` receives the seconds of steps outside Python (LibreOffice conversion);
    a converter works in a folder under ``scratch`` (extract/office/convert.py)."""
    if kind == PDF:
        return read_pdf(data, limits)  # page geometry needs the limits (page count)
    if kind == DOC:
        # The Word binary format (and WPS's .wps) has no maintained Python reader;
        # LibreOffice turns it into .docx with every merge kept.
        data = converted(data, source="doc", target="docx", timings=timings, scratch=scratch)
        kind = DOCX
    if kind == HTML:
        data = limits.check_html(data)  # refused before parsing when past the limits
    return _READERS[kind](data)
