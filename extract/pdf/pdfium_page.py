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
from typing import Any

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
# PDFium's single-precision positions of one point agree to this (points)
_SAME_POINT = 1e-3


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


class PdfiumFonts:
    """The fonts of one open document: pdfminer's metrics by name, and what was found of
    each PDFium font (its metrics, and advances by code point) while reading its pages."""

    def __init__(self, metrics: dict[str, FontMetrics]) -> None:
        self.metrics = metrics
        self.known: dict[int, _Font] = {}


def read_pdfium_page(pdf: pdfium.PdfDocument, index: int, fonts: PdfiumFonts) -> PageContent:
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
        chars.sort(key=_reading_order)
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
    text_page: pdfium.PdfTextPage, number: int, page_top: float, fonts: PdfiumFonts
) -> list[Char]:
    """Upright, non-blank characters with pdfminer's boxes (y downwards from the top).

    PDFium places each character of a text object after the previous one by its whole
    1/1000 em width; pdfminer by the font's exact width. The drift is summed per text
    object and taken off, so that every box is the one pdfminer computes.

    This loop runs once per character of every page: PDFium's functions are bound to
    locals and what belongs to a text object (font, size, matrix) is asked once."""
    handle = text_page.raw
    count = raw.FPDFText_CountChars(handle)
    if count < 0:
        raise PdfiumCannotRead(number, "PDFium cannot read the text layer")
    is_generated, get_unicode = raw.FPDFText_IsGenerated, raw.FPDFText_GetUnicode
    map_error, get_origin = raw.FPDFText_HasUnicodeMapError, raw.FPDFText_GetCharOrigin
    chars: list[Char] = []
    append = chars.append
    ox, oy = ctypes.c_double(), ctypes.c_double()
    objects: dict[int, _TextObject] = {}
    matrix = raw.FS_MATRIX()
    key = -1
    # what the current text object's characters share, in locals
    state: _TextObject | None = None
    widths: dict[int, tuple[float, float]] = {}
    upright, x_scale, descent, height, size = False, 0.0, 0.0, 0.0, 0.0
    last_y, last_end, last_drift = 0.0, 0.0, 0.0  # the previous character's, in PDFium's terms
    for i in range(count):
        code = get_unicode(handle, i)
        if code == _PDFIUM_HYPHEN and raw.FPDFText_IsHyphen(handle, i) == 1:
            code = 0x2D
        text = chr(code) if 0 < code < 0x110000 else ""
        blank = not text.strip()
        if blank and is_generated(handle, i) == 1:
            continue  # spaces and line breaks PDFium infers; pdfminer has none
        obj_key = _text_object_of(handle, i) or 0
        get_origin(handle, i, ox, oy)
        if obj_key != key or state is None:
            key = obj_key
            state = objects.get(key)
            if state is None:
                state = objects[key] = _text_object(handle, i, key, number, fonts, matrix)
                # A text operator right after another (no Td/Tm between) starts where
                # PDFium's whole-unit widths ended the previous one: the drift goes on.
                if (
                    last_drift
                    and abs(oy.value - last_y) < _SAME_POINT
                    and abs(ox.value - last_end) < _SAME_POINT
                ):
                    state.drift = last_drift
            widths = state.font.widths
            upright, x_scale, descent = state.upright, state.x_scale, state.descent
            height, size = state.height, state.rounded_size
        advance = widths.get(code)
        if advance is None:
            # first time this font draws this character: whether it has a Unicode mapping
            # (a font maps a code or does not, whichever character it is drawn in)
            if not blank and map_error(handle, i) == 1:
                raise PdfiumCannotRead(number, "a character without a Unicode mapping")
            advance = widths[code] = _advances(state, code, text, blank, number)
        exact, pdfium_advance = advance
        shift = state.drift
        if exact != pdfium_advance:
            state.drift += (exact - pdfium_advance) * x_scale
        last_y, last_end, last_drift = oy.value, ox.value + pdfium_advance * x_scale, state.drift
        if blank or not upright:
            continue  # pdfminer's `upright`: the reader keeps upright characters only
        left = ox.value + shift
        right = left + exact * x_scale
        # pdfminer: bbox (0, descent, adv, descent + size) in text space, times the matrix
        bottom = page_top - oy.value - descent
        if left > right:
            left, right = right, left
        append(
            Char(
                round(left, _DIGITS),
                round(right, _DIGITS),
                round(bottom - height, _DIGITS),
                round(bottom, _DIGITS),
                text,
                size,
            )
        )
    return chars


def _reading_order(char: Char) -> tuple[float, float]:
    return (char.top, char.x0)


def _address(function: Any) -> int:  # a ctypes function of pypdfium2.raw
    """Where a PDFium function lives, to bind it again with other argument types."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    if address is None:
        raise ImportError("PDFium function not found")
    return address


# FPDFText_GetTextObject answering an address (an int) rather than a pointer object: a
# dictionary key for the text object without a cast per character.
_text_object_of = ctypes.CFUNCTYPE(ctypes.c_void_p, raw.FPDF_TEXTPAGE, ctypes.c_int)(
    _address(raw.FPDFText_GetTextObject)
)


# and the text object's font size and font, taking and answering addresses
_font_size_of = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_float))(
    _address(raw.FPDFTextObj_GetFontSize)
)
_font_of = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)(_address(raw.FPDFTextObj_GetFont))


_glyph_width = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_float, ctypes.POINTER(ctypes.c_float)
)(_address(raw.FPDFFont_GetGlyphWidth))


@dataclass(frozen=True, slots=True)
class _Font:
    """A PDFium font: its address, pdfminer's metrics, advances met so far."""

    key: int
    metrics: FontMetrics
    widths: dict[int, tuple[float, float]]  # code point → (exact, PDFium's) advance at 1 pt


@dataclass(slots=True)
class _TextObject:
    """What a text object's characters share: font, size scaled by the matrix, and the
    drift of PDFium's positions so far."""

    font: _Font
    upright: bool
    x_scale: float  # points of advance per 1 pt-em of width: size × matrix a
    height: float  # size × matrix d: pdfminer's box height
    descent: float  # the box's bottom below the baseline, in points (negative)
    rounded_size: float
    drift: float = 0.0


def _text_object(
    handle: raw.FPDF_TEXTPAGE,
    index: int,
    key: int,
    number: int,
    fonts: PdfiumFonts,
    matrix: raw.FS_MATRIX,
) -> _TextObject:
    """The text object of character ``index``: its font (looked up once per document),
    size and matrix (PDFium's char matrix is the text object's)."""
    size_value = ctypes.c_float()
    if not key or not _font_size_of(key, size_value):
        raise PdfiumCannotRead(number, "a text object without a font size")
    size = size_value.value
    font_key = _font_of(key) or 0
    font = fonts.known.get(font_key)
    if font is None:
        font = fonts.known[font_key] = _font(font_key, number, fonts.metrics)
    raw.FPDFText_GetMatrix(handle, index, matrix)
    a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
    upright = a * d > 0 and b * c <= 0  # pdfminer's LTChar.upright
    if upright and (b != 0 or c != 0):
        raise PdfiumCannotRead(number, "skewed text")
    return _TextObject(
        font=font,
        upright=upright,
        x_scale=size * a,
        height=d * size,
        descent=d * font.metrics.descent * size,
        rounded_size=round(abs(d * size), 1),
    )


def _font(key: int, number: int, metrics: dict[str, FontMetrics]) -> _Font:
    if not key:
        raise PdfiumCannotRead(number, "a text object without a font")
    font = ctypes.cast(ctypes.c_void_p(key), raw.FPDF_FONT)
    if raw.FPDFFont_GetIsEmbedded(font) and _font_data_size(font) == 0:
        # embedded yet without a font program: a Type3 font (glyphs are content streams)
        raise PdfiumCannotRead(number, "a Type3 font")
    name = _base_font_name(font)
    found = metrics.get(name)
    if found is None:
        raise PdfiumCannotRead(number, f"font {name!r} not found in the page resources")
    return _Font(key, found, {})


def _base_font_name(font: raw.FPDF_FONT) -> str:
    length = raw.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(length)
    raw.FPDFFont_GetBaseFontName(font, buffer, length)
    return buffer.value.decode("utf-8", "replace")


def _advances(
    state: _TextObject, code: int, text: str, blank: bool, number: int
) -> tuple[float, float]:
    """(pdfminer's, PDFium's) advance of a character at 1 pt."""
    pdfium_advance = _pdfium_advance(state.font.key, code, number)
    advances = state.font.metrics.advances
    exact = pdfium_advance if advances is None else advances.get(text)
    if exact is None:
        if not blank:
            raise PdfiumCannotRead(number, f"no width for {text!r} in {state.font.metrics.name}")
        exact = pdfium_advance
    return exact, pdfium_advance


def _pdfium_advance(font: int, code: int, number: int) -> float:
    """PDFium's advance of a character at 1 pt (whole 1/1000 em units, as PDFium places
    characters); FPDFFont_GetGlyphWidth maps the code point back to its char code."""
    width = ctypes.c_float()
    if not _glyph_width(font, code, 1000.0, width):
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
