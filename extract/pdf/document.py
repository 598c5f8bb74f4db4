"""A PDF notice: its pages read into the page model (text layer, or OCR for scanned
pages), then read like every fixed-layout notice (extract/page/layout.py).

The text layer is read by PDFium (extract/pdf/pdfium_page.py), several times faster than
pdfminer; a PDF PDFium cannot read as pdfminer would (unmapped characters, Type3 fonts,
rotated pages, a file PDFium refuses) is read by pdfplumber, the reference reader, and the
document says so with a ``reader_fallback`` note."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Literal

import pypdfium2 as pdfium
from pdfplumber.pdf import PDF

from extract.errors import ExtractionError, Problem
from extract.limits import Limits
from extract.ocr.scanned import ocr_pdf_pages
from extract.page.content import PageContent
from extract.page.layout import document_from_contents
from extract.pdf.font_metrics import AmbiguousFont, document_fonts
from extract.pdf.open_pdf import open_pdf
from extract.pdf.pdfium_page import PdfiumCannotRead, PdfiumFonts, read_pdfium_page
from extract.pdf.pdfplumber_page import read_page
from extract.pdf.scanner_layer import scanner_layer_pages
from extract.pdf.system_fonts import without_system_fonts
from extract.table.document import ReadDocument
from extract.vocabulary import NoteKind

Reader = Literal["pdfium", "pdfplumber"]
READERS: tuple[Reader, ...] = ("pdfium", "pdfplumber")


def default_reader() -> Reader:
    """PDFium, unless NOTICES_PDF_READER=pdfplumber asks for the reference reader."""
    chosen = os.environ.get("NOTICES_PDF_READER", "pdfium")
    return "pdfplumber" if chosen == "pdfplumber" else "pdfium"


def read_pdf(data: bytes, limits: Limits, reader: Reader | None = None) -> ReadDocument:
    """The paragraphs before the task table, then the table's grid on each of its pages
    (or all paragraphs, when no page holds a table). Table finding needs page geometry,
    so it happens here; the table stages (assemble) do the rest, as for every format."""
    fallback: Problem | None = None
    contents: list[PageContent] | None = None
    with _no_cycle_collection() as collecting:
        if (reader or default_reader()) == "pdfium":
            try:
                contents = read_pages_pdfium(data, limits)
            except PdfiumCannotRead as cannot:
                fallback = Problem(
                    NoteKind.READER_FALLBACK,
                    cannot.page,
                    f"read by pdfplumber: PDFium would read it differently ({cannot.reason})",
                )
        if contents is None:
            with _cycle_collection(collecting):
                contents = read_pages_pdfplumber(data, limits)
        # A scanner's invisible OCR layer is set aside (extract/pdf/scanner_layer.py): those
        # pages are read by OCR with the scanned ones (images without a text layer). Both
        # look only at pages holding images: with none (most text PDFs), nothing runs.
        if any(page.has_images for page in contents):
            with _cycle_collection(collecting):
                contents, set_aside = set_aside_scanner_layers(data, contents)
                contents, scanned = ocr_pdf_pages(data, contents)
        else:
            set_aside, scanned = [], []
        document = document_from_contents(contents, [*scanned, *set_aside])
        # every page set aside: a scanner's layer PDFium cannot read is no matter
        all_set_aside = len(set_aside) == len(contents)
        # The pages (a record per character) freed while the collector is paused: its
        # first walk once resumed goes over every record made in the pause that is
        # still alive (~10 ms a notice when the characters still were).
        del contents
    if fallback is None or all_set_aside:
        return document
    return replace(document, problems=[*document.problems, fallback])


@contextmanager
def _no_cycle_collection() -> Iterator[bool]:
    """Python's cycle collector paused while the PDFium reader and the table stages run;
    yields whether it was running (for `_cycle_collection`).

    They make a record per character (and lines, cells, tuples) and keep most of them:
    every 700 new records the collector walks the young ones, and now and then all of
    them, finding nothing (these records hold no cycles; what is dropped is freed by
    reference counts). That was ~5% of a text PDF's time. One pause from the first page
    read to the table stages' end: resumed in between, the collector's first walk went
    over every character read so far (~3% more). Resumed afterwards, as it was.
    pdfplumber's layout reading (objects holding cycles, page by page) and OCR never run
    paused (`_cycle_collection`); the fonts' pdfminer document is one cycle a file,
    collected once resumed."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield was_enabled
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _cycle_collection(was_enabled: bool) -> Iterator[None]:
    """Inside `_no_cycle_collection`: the collector running again, if it ran before."""
    if was_enabled:
        gc.enable()
    try:
        yield
    finally:
        gc.disable()


def set_aside_scanner_layers(
    data: bytes, contents: list[PageContent]
) -> tuple[list[PageContent], list[Problem]]:
    """The pages with the text of every scanned page under a scanner's invisible OCR layer
    taken away (so that OCR reads its image), and a ``read_by_ocr`` note for each."""
    with_images = [page.number for page in contents if page.has_images and page.chars]
    pages = set(scanner_layer_pages(data, with_images)) if with_images else set()
    if not pages:
        return contents, []
    out = [
        replace(page, chars=[], has_images=True) if page.number in pages else page
        for page in contents
    ]
    notes = [
        Problem(
            NoteKind.READ_BY_OCR,
            number,
            f"page {number} is a scanned image under an invisible OCR text layer (a "
            "scanner's); the layer was set aside and the image read by OCR",
        )
        for number in sorted(pages)
    ]
    return out, notes


def read_pages_pdfplumber(data: bytes, limits: Limits) -> list[PageContent]:
    """Every page read by pdfplumber (pdfminer's layout), the reference reader."""
    with open_pdf(data, limits) as pdf:
        try:
            return _read_pages(pdf)
        except ExtractionError:
            raise
        except Exception as error:  # pdfminer fails in many ways on damaged page streams
            raise ExtractionError(
                "corrupt",
                f"cannot read a page: {type(error).__name__}: {error}".splitlines()[0][:200],
            ) from None


def read_pages_pdfium(data: bytes, limits: Limits) -> list[PageContent]:
    """Every page read by PDFium; raises PdfiumCannotRead for a file or page that
    pdfplumber must read instead (page 0: the whole file)."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        # encrypted, damaged or not a PDF: pdfplumber's open names the error kind, or
        # reads what PDFium refused
        raise PdfiumCannotRead(0, f"PDFium cannot open it: {error}") from None
    try:
        pages = len(pdf)
        if pages == 0:
            raise ExtractionError("corrupt", "the PDF has no pages")
        if pages > limits.max_pages:
            raise ExtractionError(
                "too_large", f"{pages} pages, more than the limit of {limits.max_pages}"
            )
        try:
            fonts = document_fonts(data)
        except AmbiguousFont as error:
            raise PdfiumCannotRead(0, str(error)) from None
        except Exception as error:  # pdfminer's parser fails in many ways on damaged files
            raise PdfiumCannotRead(0, f"cannot read the fonts: {type(error).__name__}") from None
        cache = PdfiumFonts(fonts)  # PDFium keeps one font object per font of the document
        # the fonts it does not embed mapped to a box, not to the machine's fonts (whose
        # glyph outlines PDFium would load for every character): extract/pdf/system_fonts.py
        with without_system_fonts():
            return [read_pdfium_page(pdf, index, cache) for index in range(pages)]
    except pdfium.PdfiumError as error:
        raise PdfiumCannotRead(0, f"PDFium cannot read a page: {error}") from None
    finally:
        pdf.close()


def _read_pages(pdf: PDF) -> list[PageContent]:
    contents: list[PageContent] = []
    for page in pdf.pages:
        contents.append(read_page(page))
    return contents
