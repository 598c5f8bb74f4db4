"""One reader per format, all handing a ReadDocument to the same table stages.

A reader turns one file into paragraphs and grids of cells (extract/table/document.py);
`assemble` does the rest, the same for every format. Images (OCR) add one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from extract.html_page import read_html
from extract.limits import Limits
from extract.ocr.image import read_image
from extract.ofd.document import read_ofd
from extract.office.convert import converted
from extract.office.docx import read_docx
from extract.office.xls import read_xls
from extract.office.xlsx import read_xlsx
from extract.pdf.document import read_pdf
from extract.sniff import DOC, DOCX, HTML, JPEG, OFD, PDF, PNG, TIFF, XLS, XLSX
from extract.table.document import DocumentTable, ReadDocument, assemble


@dataclass(frozen=True)
class ReadContext:
    """What a reader may need beyond the bytes: the limits (pages, HTML size) and where
    to put the seconds spent outside Python (LibreOffice conversion)."""

    limits: Limits
    timings: dict[str, float]
    scratch: Path | None = None  # where a converter works (extract/office/convert.py)


Reader = Callable[[bytes, ReadContext], ReadDocument]


def _pdf(data: bytes, context: ReadContext) -> ReadDocument:
    return read_pdf(data, context.limits)  # page geometry needs the limits (page count)


def _ofd(data: bytes, context: ReadContext) -> ReadDocument:
    return read_ofd(data, context.limits)  # the page count is bounded as for a PDF


def _doc(data: bytes, context: ReadContext) -> ReadDocument:
    # The Word binary format (and WPS's .wps) has no maintained Python reader;
    # LibreOffice turns it into .docx with every merge kept.
    return read_docx(
        converted(
            data, source="doc", target="docx", timings=context.timings, scratch=context.scratch
        )
    )


def _html(data: bytes, context: ReadContext) -> ReadDocument:
    return read_html(context.limits.check_html(data))  # refused before parsing when too large


def _bytes_only(read: Callable[[bytes], ReadDocument]) -> Reader:
    def reader(data: bytes, context: ReadContext) -> ReadDocument:
        return read(data)

    return reader


READERS: dict[str, Reader] = {
    PDF: _pdf,
    OFD: _ofd,
    HTML: _html,
    DOCX: _bytes_only(read_docx),
    DOC: _doc,
    XLSX: _bytes_only(read_xlsx),
    XLS: _bytes_only(read_xls),
    # scanned notices uploaded as pictures: OCR into the same page model as a PDF
    JPEG: _bytes_only(read_image),
    PNG: _bytes_only(read_image),
    TIFF: _bytes_only(read_image),
}
"""Every format extraction reads, by the name `extract.sniff` gives it."""


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
    return READERS[kind](data, ReadContext(limits, timings, scratch))
