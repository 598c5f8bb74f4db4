"""Scanned pages of a PDF, and image files, read into page content by OCR."""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageOps, UnidentifiedImageError

from extract.errors import ExtractionError, Problem
from extract.ocr.page import ocr_page
from extract.ocr.settings import OcrSettings
from extract.page.content import PageContent
from extract.page.lines import group_lines
from extract.page.paragraphs import is_page_furniture

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
            out[index], found = ocr_page(gray, page.number, page.width, page.height, settings)
            problems.extend(found)
    finally:
        pdf.close()
    return out, problems


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
    for number, frame in enumerate(frames, start=1):
        gray, width, height = _page_image(frame, settings.dpi)
        content, found = ocr_page(gray, number, width, height, settings)
        contents.append(content)
        problems.extend(found)
    return contents, problems


def _frames(data: bytes) -> Iterator[Image.Image]:
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
        yield ImageOps.exif_transpose(frame) or frame


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
