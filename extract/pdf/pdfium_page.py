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

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as raw

from extract.page.content import Char, Edge, PageContent, line_or_rect_edges, page_content
from extract.pdf.font_metrics import FontMetrics

# PDFium marks a line-end hyphen by replacing its code point with 0x2 (pdfminer keeps '-').
_PDFIUM_HYPHEN = 0x2
_SUBPATH = re.compile(r"m[^m]+")
# What pdfminer counts as blank (`not text.strip()`) among the texts of one character:
# "" and the characters str.isspace() holds, all below U+3001 (the ideographic space is
# the last); a set lookup, once per character of every page.
_BLANK = frozenset(["", *(chr(c) for c in range(0x3001) if chr(c).isspace())])
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
        self.styles: dict[_StyleKey, _TextStyle] = {}


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
        return page_content(number, width, height, chars, edges, has_images=images)
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
    """Upright, non-blank characters with pdfminer's boxes (y downwards from the top), in
    reading order (top, then left).

    PDFium places each character of a text object after the previous one by its whole
    1/1000 em width; pdfminer by the font's exact width. The drift is summed per text
    object and taken off, so that every box is the one pdfminer computes.

    This loop runs once per character of every page, so it asks PDFium as little as it
    can: the page's text in one call (`_page_text`), then per character only its text
    object and origin; what belongs to a text object (font, size, matrix) is asked once
    per object, a character's advances once per font. Boxes are gathered as columns and
    rounded and sorted for the whole page at once (`_page_chars`)."""
    handle = text_page.raw
    count = raw.FPDFText_CountChars(handle)
    if count < 0:
        raise PdfiumCannotRead(number, "PDFium cannot read the text layer")
    texts = _page_text(handle, count)
    is_generated, get_origin, object_of = _is_generated, _char_origin, _text_object_of
    page_handle = ctypes.cast(handle, ctypes.c_void_p)
    columns = _Columns([], [], [], [], [], [])
    lefts, rights, bottoms = columns.lefts, columns.rights, columns.bottoms
    heights, kept, sizes = columns.heights, columns.texts, columns.sizes
    ox, oy = ctypes.c_double(), ctypes.c_double()
    x_out, y_out = ctypes.byref(ox), ctypes.byref(oy)
    objects: dict[int, _TextObject] = {}
    matrix = raw.FS_MATRIX()
    key = -1
    # what the current text object's characters share, in locals
    state: _TextObject | None = None
    previous: _TextObject | None
    widths: dict[str, tuple[float, float]] = {}
    upright, x_scale, descent, height, size = False, 0.0, 0.0, 0.0, 0.0
    x = y = pdfium_advance = 0.0  # the previous character's origin and PDFium's advance
    for i, text in enumerate(texts):
        if text < "\t" or text > "\ufffd":
            # NUL and the control characters below tab (0x2 is PDFium's line-end hyphen),
            # U+FFFE (the hyphen as FPDFText_GetText writes it), U+FFFF and characters
            # beyond the BMP: read one by one, as FPDFText_GetUnicode gives them
            text = _char_text(handle, i)
        blank = text in _BLANK
        if blank and is_generated(page_handle, i) == 1:
            continue  # spaces and line breaks PDFium infers; pdfminer has none
        obj_key = object_of(page_handle, i) or 0
        get_origin(page_handle, i, x_out, y_out)
        if obj_key != key or state is None:
            key, previous = obj_key, state
            state = objects.get(key)
            if state is None:
                state = objects[key] = _text_object(handle, i, key, number, fonts, matrix)
                # A text operator right after another (no Td/Tm between) starts where
                # PDFium's whole-unit widths ended the previous one: the drift goes on.
                # (x, y, pdfium_advance and x_scale are still the previous character's.)
                if (
                    previous is not None
                    and previous.drift
                    and abs(oy.value - y) < _SAME_POINT
                    and abs(ox.value - (x + pdfium_advance * x_scale)) < _SAME_POINT
                ):
                    state.drift = previous.drift
            style = state.style
            widths = style.font.widths
            upright, x_scale, descent = style.upright, style.x_scale, style.descent
            height, size = style.height, style.rounded_size
        advance = widths.get(text)  # never "" (not kept: its code is unknown)
        if advance is None:
            # first time this font draws this character: whether it has a Unicode mapping
            # (a font maps a code or does not, whichever character it is drawn in)
            if not blank and raw.FPDFText_HasUnicodeMapError(handle, i) == 1:
                raise PdfiumCannotRead(number, "a character without a Unicode mapping")
            code = ord(text) if text else raw.FPDFText_GetUnicode(handle, i)
            advance = _advances(style.font, code, text, blank, number)
            if text:
                widths[text] = advance
        exact, pdfium_advance = advance
        shift = state.drift
        if exact != pdfium_advance:
            state.drift += (exact - pdfium_advance) * x_scale
        x, y = ox.value, oy.value
        if blank or not upright:
            continue  # pdfminer's `upright`: the reader keeps upright characters only
        # pdfminer: bbox (0, descent, adv, descent + size) in text space, times the matrix
        left = x + shift
        lefts.append(left)
        rights.append(left + exact * x_scale)
        bottoms.append(page_top - y - descent)
        heights.append(height)
        kept.append(text)
        sizes.append(size)
    return _page_chars(columns)


def _page_text(handle: raw.FPDF_TEXTPAGE, count: int) -> str | list[str]:
    """The text of each of the page's ``count`` characters: the whole page in one call
    (FPDFText_GetText, UTF-16), or, when that text does not hold one character per
    index (it leaves out control characters other than the hyphen), one call per
    character."""
    if count == 0:
        return ""
    # two UTF-16 units a character at most (surrogate pairs), and the terminator
    buffer = ctypes.create_string_buffer(2 * (2 * count + 1))
    units = raw.FPDFText_GetText(
        handle, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    text = buffer.raw[: 2 * max(units - 1, 0)].decode("utf-16-le", "replace")
    if len(text) == count:
        return text
    return [_char_text(handle, i) for i in range(count)]


def _char_text(handle: raw.FPDF_TEXTPAGE, index: int) -> str:
    """One character's text as FPDFText_GetUnicode gives it; PDFium's mark of a line-end
    hyphen (0x2) read as '-', as pdfminer reads it."""
    code = raw.FPDFText_GetUnicode(handle, index)
    if code == _PDFIUM_HYPHEN and raw.FPDFText_IsHyphen(handle, index) == 1:
        code = 0x2D
    return chr(code) if 0 < code < 0x110000 else ""


@dataclass(frozen=True, slots=True)
class _Columns:
    """The kept characters of a page as columns, unrounded, y downwards from the page's
    top: a box's left and right edges (right < left when drawn right to left), bottom
    and height."""

    lefts: list[float]
    rights: list[float]
    bottoms: list[float]
    heights: list[float]
    texts: list[str]
    sizes: list[float]


def _page_chars(columns: _Columns) -> list[Char]:
    """`Char`s of the columns, rounded to _DIGITS and in reading order (top, then left;
    characters at one place keep their order, as a stable sort keeps them)."""
    if not columns.texts:
        return []
    lefts, rights = np.array(columns.lefts), np.array(columns.rights)
    bottoms, heights = np.array(columns.bottoms), np.array(columns.heights)
    x0 = _rounded(np.minimum(lefts, rights))
    x1 = _rounded(np.maximum(lefts, rights))
    top = _rounded(bottoms - heights)
    bottom = _rounded(bottoms)
    order = np.lexsort((x0, top))  # stable: by top, then x0
    texts, sizes = columns.texts, columns.sizes
    at = order.tolist()
    return list(
        map(
            Char,
            x0[order].tolist(),
            x1[order].tolist(),
            top[order].tolist(),
            bottom[order].tolist(),
            [texts[i] for i in at],
            [sizes[i] for i in at],
        )
    )


def _rounded(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Python's ``round(value, _DIGITS)`` of each value, exactly, for a whole column.

    round() rounds the value's exact decimal expansion half to even, then takes the
    nearest double. Scaling by 10**_DIGITS first is exact but for the product's own
    rounding (below 1e-9 here), so the nearest integer of the scaled value is the same
    unless the product sits within that of a half; dividing the integer back gives the
    nearest double, as round() does. The few values near a half are rounded by round()."""
    scale = 10.0**_DIGITS
    scaled = values * scale
    whole = np.rint(scaled)  # half to even, as round()
    out = whole / scale
    near_half = np.abs(np.abs(scaled - np.trunc(scaled)) - 0.5) < 1e-6
    for i in np.flatnonzero(near_half).tolist():
        out[i] = round(float(values[i]), _DIGITS)
    return out


def _address(function: Any) -> int:  # a ctypes function of pypdfium2.raw
    """Where a PDFium function lives, to bind it again with other argument types."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    if address is None:
        raise ImportError("PDFium function not found")
    return address


def _untyped(function: Any, restype: Any) -> Any:
    """A PDFium function bound again without argument types, for the calls made once per
    character. ctypes then passes each argument by its own type (the text page as a
    c_void_p, the index as an int, the out-parameters as byref()s made once per page)
    instead of checking it with the argument type's from_param, which costs as much as
    the call itself. Only for arguments built in this module, of the C types above."""
    bound = ctypes.CFUNCTYPE(restype)(_address(function))
    bound.argtypes = None  # type: ignore[assignment]  # ctypes: no checks at all
    return bound


# FPDFText_GetTextObject answering an address (an int) rather than a pointer object: a
# dictionary key for the text object without a cast per character.
_text_object_of = _untyped(raw.FPDFText_GetTextObject, ctypes.c_void_p)
# (text page, index, byref(double), byref(double)) -> int
_char_origin = _untyped(raw.FPDFText_GetCharOrigin, ctypes.c_int)
# (text page, index) -> int
_is_generated = _untyped(raw.FPDFText_IsGenerated, ctypes.c_int)


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
    widths: dict[str, tuple[float, float]]  # character → (exact, PDFium's) advance at 1 pt


@dataclass(frozen=True, slots=True)
class _TextStyle:
    """What the characters of text objects of one font, size and matrix share."""

    font: _Font
    upright: bool
    x_scale: float  # points of advance per 1 pt-em of width: size × matrix a
    height: float  # size × matrix d: pdfminer's box height
    descent: float  # the box's bottom below the baseline, in points (negative)
    rounded_size: float


@dataclass(slots=True)
class _TextObject:
    """A text object's style, and the drift of PDFium's positions so far."""

    style: _TextStyle
    drift: float = 0.0


# (font address, size, matrix a, b, c, d) → its style; a page holds a few hundred text
# objects (one per word or run in word processors' PDFs) in a handful of styles
_StyleKey = tuple[int, float, float, float, float, float]


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
    raw.FPDFText_GetMatrix(handle, index, matrix)
    style_key = (_font_of(key) or 0, size_value.value, matrix.a, matrix.b, matrix.c, matrix.d)
    style = fonts.styles.get(style_key)
    if style is None:
        style = fonts.styles[style_key] = _text_style(style_key, number, fonts)
    return _TextObject(style)


def _text_style(style_key: _StyleKey, number: int, fonts: PdfiumFonts) -> _TextStyle:
    font_key, size, a, b, c, d = style_key
    font = fonts.known.get(font_key)
    if font is None:
        font = fonts.known[font_key] = _font(font_key, number, fonts.metrics)
    upright = a * d > 0 and b * c <= 0  # pdfminer's LTChar.upright
    if upright and (b != 0 or c != 0):
        raise PdfiumCannotRead(number, "skewed text")
    return _TextStyle(
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


def _advances(font: _Font, code: int, text: str, blank: bool, number: int) -> tuple[float, float]:
    """(pdfminer's, PDFium's) advance of a character at 1 pt."""
    pdfium_advance = _pdfium_advance(font.key, code, number)
    advances = font.metrics.advances
    exact = pdfium_advance if advances is None else advances.get(text)
    if exact is None:
        if not blank:
            raise PdfiumCannotRead(number, f"no width for {text!r} in {font.metrics.name}")
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
    get_object, get_type = _page_object, _object_type
    for i in range(raw.FPDFPage_CountObjects(handle)):
        stack.append((get_object(handle, i), _IDENTITY))
    while stack:
        obj, outer = stack.pop()
        kind = get_type(obj)
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


# The calls made once per page object and once per path segment (a ruled page has a few
# hundred of each), bound without argument types as the per-character ones are; the
# object and segment handles come back as pypdfium2's pointer types, passed on as they are.
_page_object = _untyped(raw.FPDFPage_GetObject, raw.FPDF_PAGEOBJECT)  # (page, index)
_object_type = _untyped(raw.FPDFPageObj_GetType, ctypes.c_int)  # (object)
_draw_mode = _untyped(raw.FPDFPath_GetDrawMode, ctypes.c_int)  # (path, byref(int) x2)
_count_segments = _untyped(raw.FPDFPath_CountSegments, ctypes.c_int)  # (path)
_segment = _untyped(raw.FPDFPath_GetPathSegment, raw.FPDF_PATHSEGMENT)  # (path, index)
_segment_type = _untyped(raw.FPDFPathSegment_GetType, ctypes.c_int)  # (segment)
_segment_point = _untyped(raw.FPDFPathSegment_GetPoint, ctypes.c_int)  # (segment, byref(float) x2)
_segment_closes = _untyped(raw.FPDFPathSegment_GetClose, ctypes.c_int)  # (segment)
# pdfminer's path operators: a segment is a move, a line or (anything else) a curve
_OPS = {raw.FPDF_SEGMENT_MOVETO: "m", raw.FPDF_SEGMENT_LINETO: "l"}


def _path_shapes(
    obj: raw.FPDF_PAGEOBJECT, outer: _Matrix, page_top: float
) -> Iterator[tuple[float, float, float, float, bool]]:
    """(x0, x1, top, bottom, is_line) of each line and rectangle subpath of a painted
    path, classified as pdfminer's ``paint_path`` classifies them (curves are left out:
    the table finder reads lines and rectangles only)."""
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    if not _draw_mode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return
    if fill.value == raw.FPDF_FILLMODE_NONE and not stroke.value:
        return  # a clipping path: pdfminer paints nothing for `n`
    matrix = _object_matrix(obj)
    if outer is not _IDENTITY:
        matrix = matrix.times(outer)
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    ops: list[str] = []
    points: list[tuple[float, float]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    x_out, y_out = ctypes.byref(x), ctypes.byref(y)
    for s in range(_count_segments(obj)):
        segment = _segment(obj, s)
        ops.append(_OPS.get(_segment_type(segment), "c"))
        _segment_point(segment, x_out, y_out)
        px, py = x.value, y.value
        # matrix.apply, written out
        points.append((round(a * px + c * py + e, _DIGITS), round(b * px + d * py + f, _DIGITS)))
        if _segment_closes(segment):
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
