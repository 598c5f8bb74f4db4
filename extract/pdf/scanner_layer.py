"""Scanned PDF pages that carry a scanner's invisible OCR text layer.

Scanner software, Acrobat's "Recognize Text" and ocrmypdf keep the page as the scanned
image and draw the text they recognised over it in render mode 3 (invisible), so that the
PDF can be searched. That text is the scanner's OCR, not a typeset text layer: its
characters are placed word by word with no table structure, and measured on copier scans
of the corpus it is far worse than reading the image ourselves (docs/ocr_accuracy.md,
"Scans with an invisible OCR layer"). Such a page is read as a scan: its layer is set
aside and the page image goes to OCR (extract/ocr/scanned.py), like any scanned page.

A page is such a scan when every piece of text on it is invisible and images cover most
of it. Invisible text over a typeset page (a PDF tool's hidden search words beside
visible text) leaves the page as it is.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as raw

# Images covering this share of the page area are the page's scan (a scanner's page
# image fills the page; a logo or seal in a typeset page is a few percent of it).
MIN_SCAN_COVER = 0.6


def scanner_layer_pages(data: bytes, candidates: list[int]) -> list[int]:
    """Numbers (1-based) of the ``candidates`` (pages holding images and text) that are one
    scanned image under invisible text only; none when PDFium cannot read the file (the
    reader that reads it says why)."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return []
    try:
        found: list[int] = []
        for number in candidates:
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            try:
                if _is_scan_under_invisible_text(page):
                    found.append(number)
            finally:
                page.close()
        return found
    except pdfium.PdfiumError:
        return []
    finally:
        pdf.close()


def _is_scan_under_invisible_text(page: pdfium.PdfPage) -> bool:
    width, height = page.get_size()
    area = max(width * height, 1.0)
    texts = invisible = 0
    cover = 0.0
    for kind, obj in _objects(page):
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            texts += 1
            mode = raw.FPDFTextObj_GetTextRenderMode(obj)
            invisible += mode == raw.FPDF_TEXTRENDERMODE_INVISIBLE
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            # summed: a scanner may send a page as strips, or as a background image
            # under a mask (MRC compression)
            cover += _covered(obj, width, height) / area
    return texts > 0 and invisible == texts and cover >= MIN_SCAN_COVER


def _objects(page: pdfium.PdfPage) -> Iterator[tuple[int, raw.FPDF_PAGEOBJECT]]:
    """Every page object, inside form XObjects too (ocrmypdf draws its text layer in one)."""
    handle = page.raw
    stack = [raw.FPDFPage_GetObject(handle, i) for i in range(raw.FPDFPage_CountObjects(handle))]
    while stack:
        obj = stack.pop()
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            stack.extend(
                raw.FPDFFormObj_GetObject(obj, j) for j in range(raw.FPDFFormObj_CountObjects(obj))
            )
        else:
            yield kind, obj


def _covered(obj: raw.FPDF_PAGEOBJECT, width: float, height: float) -> float:
    """The area of the page (points²) inside the object's bounds (those of an image inside
    a form XObject are in the form's space: a scanner puts its image on the page itself)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(
        obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
    ):
        return 0.0
    x0, x1 = max(0.0, left.value), min(width, right.value)
    y0, y1 = max(0.0, bottom.value), min(height, top.value)
    return max(0.0, x1 - x0) * max(0.0, y1 - y0)
