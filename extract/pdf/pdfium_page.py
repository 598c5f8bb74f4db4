"""Read one PDF page with pypdfium2 (PDFium, C) into the page model: the same `PageContent`
that pdfplumber's reader (extract/pdf/pdfplumber_page.py) makes, at a fraction of the cost.

pdfminer builds its layout in Python, object by object; PDFium parses the page in C and we
only ask it for each character's code point, origin, matrix and advance, and for the points
of each path. Boxes are computed the way pdfminer computes them (origin, advance, font
descent and size, see `LTChar`), and paths are classified the way pdfminer classifies them
(a two-point subpath is a line, a closed axis-aligned four-point subpath a rectangle,
anything else a curve, which the table finder ignores), so the table stages see the same
page whichever reader read it.

Where PDFium's text would not be pdfminer's, the page raises `PdfiumCannotRead` and the
document is read by pdfplumber instead (extract/pdf/document.py notes it): characters
without a Unicode mapping, Type3 fonts (glyphs drawn by content streams, whose metrics
pdfminer and PDFium derive differently), rotated pages and vertical writing.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from extract.page.content import Char, Edge, PageContent, line_or_rect_edges, rules_from_edges
from extract.pdf.font_metrics import FontMetrics

# PDFium marks a line-end hyphen by replacing its code point with 0x2 (pdfminer keeps '-').
_PDFIUM_HYPHEN = 0x2
_SUBPATH = re.compile(r"m[^m]+")
# PDFium computes in single precision (595.2756 reads back as 595.27557): coordinates are
# rounded to the 1/10,000 pt that PDF writers print, so that characters on one grid line
# up exactly as pdfminer's (double precision) do and "a line 1.5 characters short"
# compares alike.
_DIGITS = 4


class PdfiumCannotRead(Exception):
    """PDFium's reading of this page would differ from pdfminer's (why in ``reason``)."""

    def __init__(self, page: int, reason: str) -> None:
        super().__init__(f"page {page}: {reason}")
        self.page = page
        self.reason = reason


@dataclass(frozen=True, slots=True)
class _Matrix:
    a: float
    b: float
    c: float
    d: float
    e: float
    f: float

    def times(self, outer: _Matrix) -> _Matrix:
        """This matrix, then ``outer`` (PDF's row-vector convention: self × outer)."""
        return _Matrix(
            self.a * outer.a + self.b * outer.c,
            self.a * outer.b + self.b * outer.d,
            self.c * outer.a + self.d * outer.c,
            self.c * outer.b + self.d * outer.d,
            self.e * outer.a + self.f * outer.c + outer.e,
            self.e * outer.b + self.f * outer.d + outer.f,
        )

    def apply(self, x: float, y: float) -> tuple[float, float]:
        return (self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f)


_IDENTITY = _Matrix(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def read_pdfium_page(
    pdf: pdfium.PdfDocument, index: int, fonts: dict[str, FontMetrics]
) -> PageContent:
    """Chars and merged rules of page ``index`` (0-based); the page is closed afterwards.

    Coordinates are pdfplumber's: x as in PDF user space, top = MediaBox height - y (so a
    MediaBox that does not start at y = 0 shifts the whole page, as it does there)."""
    page = pdf[index]
    number = index + 1
    try:
        if page.get_rotation() != 0:
            raise PdfiumCannotRead(number, "the page is rotated")
        x0, y0, x1, y1 = _mediabox(page, number)
        width, height = round(x1 - x0, _DIGITS), round(y1 - y0, _DIGITS)
        text_page = page.get_textpage()
        try:
            chars = _chars(text_page, number, height, fonts)
        finally:
            text_page.close()
        edges: list[Edge] = []
        images = False
        for kind, obj, matrix in _objects(page):
            if kind == raw.FPDF_PAGEOBJ_PATH:
                for x_min, x_max, top, bottom, is_line in _path_shapes(obj, matrix, height):
                    edges.extend(line_or_rect_edges(x_min, x_max, top, bottom, is_line))
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                images = True
        # PDFium computes in single precision: tops pdfminer finds equal differ in the
        # last digits, and must not reorder a line's characters by them
        chars.sort(key=lambda c: (round(c.top, 3), c.x0))
        hrules, vrules = rules_from_edges(edges)
        return PageContent(
            number=number,
            width=width,
            height=height,
            chars=chars,
            hrules=hrules,
            vrules=vrules,
            has_images=images,
        )
    finally:
        page.close()


def _mediabox(page: pdfium.PdfPage, number: int) -> tuple[float, float, float, float]:
    """The page's MediaBox, normalised. PDFium reads it only from the page dictionary,
    not from the page tree (crbug.com/pdfium/1786): when it is inherited, the page's
    bounding box stands in, unless a CropBox makes the two differ."""
    box = page.get_mediabox(fallback_ok=False)
    if box is None:
        if page.get_cropbox(fallback_ok=False) is not None:
            raise PdfiumCannotRead(number, "an inherited MediaBox with a CropBox")
        box = page.get_bbox()
    left, bottom, right, top = box
    return (min(left, right), min(bottom, top), max(left, right), max(bottom, top))


def _chars(
    text_page: pdfium.PdfTextPage, number: int, page_top: float, fonts: dict[str, FontMetrics]
) -> list[Char]:
    """Upright, non-blank characters with pdfminer's boxes (y downwards from the top).

    PDFium places each character of a text object after the previous one by its whole
    1/1000 em width; pdfminer by the font's exact width. The drift is summed per text
    object and taken off, so that every box is the one pdfminer computes."""
    handle = text_page.raw
    count = raw.FPDFText_CountChars(handle)
    if count < 0:
        raise PdfiumCannotRead(number, "PDFium cannot read the text layer")
    chars: list[Char] = []
    matrix = raw.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    objects: dict[int, _TextObject] = {}
    known: dict[int, FontMetrics] = {}  # PDFium font → its metrics
    whole: dict[tuple[int, int], float] = {}  # (font, code point) → PDFium's advance at 1 pt
    for i in range(count):
        if raw.FPDFText_IsGenerated(handle, i) == 1:
            continue  # spaces and line breaks PDFium infers; pdfminer has none
        code = raw.FPDFText_GetUnicode(handle, i)
        if code == _PDFIUM_HYPHEN and raw.FPDFText_IsHyphen(handle, i) == 1:
            code = 0x2D
        text = chr(code) if 0 < code < 0x110000 else ""
        blank = not text.strip()
        if not blank and raw.FPDFText_HasUnicodeMapError(handle, i) == 1:
            raise PdfiumCannotRead(number, "a character without a Unicode mapping")
        obj = raw.FPDFText_GetTextObject(handle, i)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        state = objects.get(key)
        if state is None:
            state = objects[key] = _text_object(obj, number, fonts, known)
        width_key = (state.font_key, code)
        pdfium_advance = whole.get(width_key)
        if pdfium_advance is None:
            pdfium_advance = whole[width_key] = _pdfium_advance(state.font, code, number)
        advances = state.metrics.advances
        exact = pdfium_advance if advances is None else advances.get(text)
        if exact is None:
            if not blank:
                raise PdfiumCannotRead(number, f"no width for {text!r} in {state.metrics.name}")
            exact = pdfium_advance
        raw.FPDFText_GetMatrix(handle, i, matrix)
        a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
        shift = state.drift
        state.drift += (exact - pdfium_advance) * state.size * a
        if blank or not (a * d > 0 and b * c <= 0):
            continue  # pdfminer's `upright`: the reader keeps upright characters only
        if b != 0 or c != 0:
            raise PdfiumCannotRead(number, "skewed text")
        raw.FPDFText_GetCharOrigin(handle, i, ox, oy)
        left = ox.value + shift
        right = left + a * exact * state.size
        # pdfminer: bbox (0, descent, adv, descent + size) in text space, times the matrix
        bottom_y = oy.value + d * state.metrics.descent * state.size
        top_y = bottom_y + d * state.size
        chars.append(
            Char(
                round(min(left, right), _DIGITS),
                round(max(left, right), _DIGITS),
                round(page_top - top_y, _DIGITS),
                round(page_top - bottom_y, _DIGITS),
                text,
                round(abs(d * state.size), 1),
            )
        )
    return chars


@dataclass(slots=True)
class _TextObject:
    """A text object's font and size, and the drift of PDFium's positions so far."""

    font: raw.FPDF_FONT
    font_key: int
    size: float
    metrics: FontMetrics
    drift: float = 0.0


def _text_object(
    obj: raw.FPDF_PAGEOBJECT,
    number: int,
    fonts: dict[str, FontMetrics],
    known: dict[int, FontMetrics],
) -> _TextObject:
    """A text object's size and font, the font's metrics looked up once per page."""
    size = ctypes.c_float()
    if not raw.FPDFTextObj_GetFontSize(obj, size):
        raise PdfiumCannotRead(number, "a text object without a font size")
    font = raw.FPDFTextObj_GetFont(obj)
    if not font:
        raise PdfiumCannotRead(number, "a text object without a font")
    font_key = ctypes.cast(font, ctypes.c_void_p).value or 0
    metrics = known.get(font_key)
    if metrics is None:
        if raw.FPDFFont_GetIsEmbedded(font) and _font_data_size(font) == 0:
            # embedded yet without a font program: a Type3 font (glyphs are content streams)
            raise PdfiumCannotRead(number, "a Type3 font")
        name = _base_font_name(font)
        found = fonts.get(name)
        if found is None:
            raise PdfiumCannotRead(number, f"font {name!r} not found in the page resources")
        metrics = known[font_key] = found
    return _TextObject(font, font_key, size.value, metrics)


def _base_font_name(font: raw.FPDF_FONT) -> str:
    length = raw.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(length)
    raw.FPDFFont_GetBaseFontName(font, buffer, length)
    return buffer.value.decode("utf-8", "replace")


def _pdfium_advance(font: raw.FPDF_FONT, code: int, number: int) -> float:
    """PDFium's advance of a character at 1 pt (whole 1/1000 em units, as PDFium places
    characters); FPDFFont_GetGlyphWidth maps the code point back to its char code."""
    width = ctypes.c_float()
    if not raw.FPDFFont_GetGlyphWidth(font, code, ctypes.c_float(1000.0), width):
        raise PdfiumCannotRead(number, f"no width for {chr(code)!r}")
    return width.value / 1000.0


def _font_data_size(font: raw.FPDF_FONT) -> int:
    length = ctypes.c_size_t()
    raw.FPDFFont_GetFontData(font, None, 0, length)
    return length.value


def _objects(page: pdfium.PdfPage) -> Iterator[tuple[int, raw.FPDF_PAGEOBJECT, _Matrix]]:
    """Every page object, inside form XObjects too, with the matrix of its enclosing forms."""
    stack: list[tuple[raw.FPDF_PAGEOBJECT, _Matrix]] = []
    handle = page.raw
    for i in range(raw.FPDFPage_CountObjects(handle)):
        stack.append((raw.FPDFPage_GetObject(handle, i), _IDENTITY))
    while stack:
        obj, outer = stack.pop()
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            inner = _object_matrix(obj).times(outer)
            for j in range(raw.FPDFFormObj_CountObjects(obj)):
                stack.append((raw.FPDFFormObj_GetObject(obj, j), inner))
        else:
            yield kind, obj, outer


def _object_matrix(obj: raw.FPDF_PAGEOBJECT) -> _Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return _Matrix(m.a, m.b, m.c, m.d, m.e, m.f)


def _path_shapes(
    obj: raw.FPDF_PAGEOBJECT, outer: _Matrix, page_top: float
) -> Iterator[tuple[float, float, float, float, bool]]:
    """(x0, x1, top, bottom, is_line) of each line and rectangle subpath of a painted
    path, classified as pdfminer's ``paint_path`` classifies them (curves are left out:
    the table finder reads lines and rectangles only)."""
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, fill, stroke):
        return
    if fill.value == raw.FPDF_FILLMODE_NONE and not stroke.value:
        return  # a clipping path: pdfminer paints nothing for `n`
    matrix = _object_matrix(obj).times(outer)
    ops: list[str] = []
    points: list[tuple[float, float]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for s in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, s)
        kind = raw.FPDFPathSegment_GetType(segment)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        ops.append({raw.FPDF_SEGMENT_MOVETO: "m", raw.FPDF_SEGMENT_LINETO: "l"}.get(kind, "c"))
        px, py = matrix.apply(x.value, y.value)
        points.append((round(px, _DIGITS), round(py, _DIGITS)))
        if raw.FPDFPathSegment_GetClose(segment):
            ops.append("h")
            points.append(points[-1])  # replaced by the subpath's start below
    shape = "".join(ops)
    for found in _SUBPATH.finditer(shape):
        sub = shape[found.start() : found.end()]
        pts = points[found.start() : found.end()]
        pts = [pts[0] if op == "h" else p for op, p in zip(sub, pts, strict=True)]
        # pdfminer drops a redundant "l" on a path closed with "h"
        if len(sub) > 3 and sub[-2:] == "lh" and pts[-2] == pts[0]:
            sub = sub[:-2] + "h"
            pts.pop()
        if sub in ("mlh", "ml"):
            (ax, ay), (bx, by) = pts[0], pts[1]
            yield min(ax, bx), max(ax, bx), page_top - max(ay, by), page_top - min(ay, by), True
        elif sub in ("mlllh", "mllll"):
            (ax, ay), (bx, by), (cx, cy), (dx, dy), _ = pts
            closed = pts[0] == pts[4]
            square = (ax == bx and by == cy and cx == dx and dy == ay) or (
                ay == by and bx == cx and cy == dy and dx == ax
            )
            if closed and square:
                yield (
                    min(ax, cx),
                    max(ax, cx),
                    page_top - max(ay, cy),
                    page_top - min(ay, cy),
                    False,
                )
