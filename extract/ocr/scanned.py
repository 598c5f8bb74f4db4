"""Scanned pages of a PDF, and image files, read into page content by OCR."""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageOps, UnidentifiedImageError

from extract.errors import ExtractionError, Problem
from extract.ocr.page import ocr_page
from extract.ocr.read_elsewhere import with_look_alikes_put_right
from extract.ocr.settings import OcrSettings
from extract.page.content import PageContent
from extract.page.lines import group_lines
from extract.page.paragraphs import is_page_furniture
from extract.vocabulary import NoteKind

# Scans are measured from 150 dpi up (docs/ocr_accuracy.md); a coarser one is read, and
# the reader is told its rows may be misread.
MIN_SCAN_DPI = 150
# An image file carries no page size: its shorter side is taken as A4's (595 pt), so that
# character sizes in points read like a printed notice's whatever the scanner's dpi.
A4_SHORT_SIDE_PT = 595.0


def is_scanned(page: PageContent) -> bool:
    """A page holding images and no text layer, or none but a page number (stamped on a
    scan by the portal or the PDF tool): a scan (or a photo) of a printed page."""
    if not page.has_images:
        return False
    return all(is_page_furniture(line.text) for line in group_lines(page.chars))


def ocr_pdf_pages(
    data: bytes, contents: list[PageContent], settings: OcrSettings | None = None
) -> tuple[list[PageContent], list[Problem]]:
    """The pages with every scanned page replaced by its OCR; the problems met."""
    settings = settings or OcrSettings.from_env()
    scanned = [i for i, page in enumerate(contents) if is_scanned(page)]
    if not scanned:
        return contents, []
    _check_page_limit(len(scanned), settings)
    out = list(contents)
    problems: list[Problem] = []
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise ExtractionError("corrupt", f"cannot render the scanned pages: {error}") from None
    try:
        for index in scanned:
            page = contents[index]
            gray = _render(pdf, index, settings.dpi)
            dpi, bitonal = _scan_of(pdf, index)
            problems.extend(scan_quality(page.number, dpi, bitonal or _two_tone(gray)))
            out[index], found = ocr_page(gray, page.number, page.width, page.height, settings)
            problems.extend(found)
    finally:
        pdf.close()
    return with_look_alikes_put_right(out), problems


def scan_quality(number: int, dpi: float | None, bitonal: bool) -> list[Problem]:
    """A page scanned below the quality OCR is measured on, as ``low_confidence`` problems
    of the page: coarser than 150 dpi, or bitonal (1 bit a pixel)."""
    out = []
    if dpi is not None and dpi < MIN_SCAN_DPI - 5:
        out.append(
            Problem(
                NoteKind.LOW_CONFIDENCE,
                number,
                f"page {number} is a scan of about {dpi:.0f} dpi, below the {MIN_SCAN_DPI} "
                "dpi OCR is measured on: its characters and rules may be misread (check its "
                "rows against the scan)",
            )
        )
    if bitonal:
        out.append(
            Problem(
                NoteKind.LOW_CONFIDENCE,
                number,
                f"page {number} is a bitonal (black and white) scan: thin strokes and faint "
                "rules may be lost, a table with them (a greyscale scan reads better)",
            )
        )
    return out


def _scan_of(pdf: pdfium.PdfDocument, index: int) -> tuple[float | None, bool]:
    """(dpi, bitonal) of the largest image drawn on a page: the scan."""
    page = pdf[index]
    try:
        best: tuple[float, float | None, bool] | None = None
        for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
            x0, y0, x1, y1 = image.get_bounds()
            area = (x1 - x0) * (y1 - y0)
            meta = image.get_metadata()
            dpi = float(meta.horizontal_dpi) if meta.horizontal_dpi > 0 else None
            if best is None or area > best[0]:
                best = (area, dpi, meta.bits_per_pixel == 1)
        return (best[1], best[2]) if best is not None else (None, False)
    finally:
        page.close()


def _two_tone(image: np.ndarray) -> bool:
    """Pixels all but black or white: a bitonal scan stored as 8-bit grey (a copier's
    1-bit image saved as grey). The edges of a grey scan's strokes are shades between."""
    sample = image[::3, ::3, 0] if image.ndim == 3 else image[::3, ::3]
    ink = sample < 200
    if not ink.any():
        return False
    between = (sample > 55) & (sample < 200)
    return bool(between.sum() < 0.02 * ink.sum())


def _render(pdf: pdfium.PdfDocument, index: int, dpi: int) -> np.ndarray:
    """The page in colour (RGB): a seal is told from the text by its colour."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
        array = bitmap.to_numpy()
        rgb = np.array(array[:, :, :3], dtype=np.uint8)
        bitmap.close()
        return rgb
    finally:
        page.close()


def image_pages(
    data: bytes, settings: OcrSettings | None = None
) -> tuple[list[PageContent], list[Problem]]:
    """Every frame of a JPEG, PNG or (multi-page) TIFF read as one page."""
    settings = settings or OcrSettings.from_env()
    frames = list(_frames(data))
    _check_page_limit(len(frames), settings)
    contents: list[PageContent] = []
    problems: list[Problem] = []
    for number, (frame, bitonal) in enumerate(frames, start=1):
        dpi = min(frame.size) / (A4_SHORT_SIDE_PT / 72)  # as an A4 sheet
        problems.extend(scan_quality(number, dpi, bitonal))
        gray, width, height = _page_image(frame, settings.dpi)
        content, found = ocr_page(gray, number, width, height, settings)
        contents.append(content)
        problems.extend(found)
    return with_look_alikes_put_right(contents), problems


def _frames(data: bytes) -> Iterator[tuple[Image.Image, bool]]:
    """Each frame (RGB or grey) and whether it was bitonal."""
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise ExtractionError("corrupt", f"cannot read the image: {error}") from None
    for index in range(getattr(image, "n_frames", 1)):
        image.seek(index)
        # colour frames stay colour (a seal is told by its colour), others are grey
        mode = "RGB" if image.mode in ("RGB", "RGBA", "P", "CMYK", "YCbCr") else "L"
        frame = image.convert(mode)
        yield ImageOps.exif_transpose(frame) or frame, image.mode == "1"


def _page_image(frame: Image.Image, dpi: int) -> tuple[np.ndarray, float, float]:
    """(pixels at ``dpi`` of an A4-sized page, width and height in points)."""
    short = min(frame.size)
    scale_pt = A4_SHORT_SIDE_PT / short
    width, height = frame.size[0] * scale_pt, frame.size[1] * scale_pt
    target = dpi / 72 * A4_SHORT_SIDE_PT  # pixels of the shorter side at `dpi`
    if short > target * 1.1:
        size = (round(width * dpi / 72), round(height * dpi / 72))
        frame = frame.resize(size, Image.Resampling.LANCZOS)
    return np.asarray(frame, dtype=np.uint8), width, height


def _check_page_limit(count: int, settings: OcrSettings) -> None:
    if count > settings.max_pages:
        raise ExtractionError(
            "too_large",
            f"{count} scanned pages, more than the OCR limit of {settings.max_pages} "
            "(NOTICES_OCR_MAX_PAGES)",
        )
