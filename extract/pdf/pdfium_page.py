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
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as raw

from extract.page.content import (
    Char,
    CharCentres,
    Edge,
    PageContent,
    line_or_rect_edges,
    page_content,
)
from extract.pdf.font_metrics import FontMetrics

# PDFium marks a line-end hyphen by replacing its code point with 0x2 (pdfminer keeps '-').
_PDFIUM_HYPHEN = 0x2
_SUBPATH = re.compile(r"m[^m]+")
# What pdfminer counts as blank (`not text.strip()`) among the texts of one character:
# "" and the characters str.isspace() holds, all below U+3001 (the ideographic space is
# the last); a set lookup, once per character of every page.
_BLANK = frozenset(["", *(chr(c) for c in range(0x3001) if chr(c).isspace())])
# the same as a table by code point (all of them below U+3001), for a whole page at once
_BLANK_TABLE = np.array([chr(c) in _BLANK for c in range(0x3002)], dtype=bool)
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
        # the advances met so far as sorted columns, by (font number, code point) as one
        # integer (`_page_advances`): a page's characters looked up at once
        self.numbers: dict[int, int] = {}  # a font's key → its number in this document
        self.pairs = np.empty(0, dtype=np.int64)
        self.exact = np.empty(0)
        self.pdfium = np.empty(0)

    def number(self, font: _Font) -> int:
        return self.numbers.setdefault(font.key, len(self.numbers))

    def add(self, pairs: list[int], exact: list[float], pdfium_advance: list[float]) -> None:
        """Advances met for the first time, kept sorted by pair."""
        every = np.concatenate([self.pairs, np.array(pairs, dtype=np.int64)])
        order = np.argsort(every, kind="stable")
        self.pairs = every[order]
        self.exact = np.concatenate([self.exact, np.array(exact)])[order]
        self.pdfium = np.concatenate([self.pdfium, np.array(pdfium_advance)])[order]


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
            chars, centres = _chars(text_page, number, height, fonts)
        finally:
            text_page.close()
        edges: list[Edge] = []
        images = False
        out = _PathOut()
        for kind, obj, matrix in _objects(page):
            if kind == raw.FPDF_PAGEOBJ_PATH:
                for x_min, x_max, top, bottom, is_line in _path_shapes(obj, matrix, height, out):
                    edges.extend(line_or_rect_edges(x_min, x_max, top, bottom, is_line))
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                images = True
        return page_content(number, width, height, chars, edges, has_images=images, centres=centres)
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
) -> tuple[list[Char], CharCentres | None]:
    """Upright, non-blank characters with pdfminer's boxes (y downwards from the top), in
    reading order (top, then left).

    PDFium places each character of a text object after the previous one by its whole
    1/1000 em width; pdfminer by the font's exact width. The drift is summed per text
    object and taken off, so that every box is the one pdfminer computes.

    This runs once per character of every page, so no Python statement runs once per
    character: the page's text comes in one call (`_page_text`), each character's text
    object and origin through ctypes calls mapped over the indices in C (`_per_char`);
    what belongs to a text object (font, size, matrix) is asked once per object, a
    character's advances once per font (`_PageObjects`, `_PageAdvances`), and the boxes
    are computed, rounded and sorted as numpy columns (`_page_chars`), whose centres
    are kept for the table stages (`CharCentres`). Only a page whose fonts have
    fractional widths sums its drift character by character (`_shifts`)."""
    handle = text_page.raw
    count = raw.FPDFText_CountChars(handle)
    if count < 0:
        raise PdfiumCannotRead(number, "PDFium cannot read the text layer")
    if count == 0:
        return [], None
    texts, codes, blank = _texts(handle, count)
    page_handle = ctypes.cast(handle, ctypes.c_void_p)
    generated = np.zeros(count, dtype=bool)
    blanks = np.flatnonzero(blank).tolist()
    if blanks:
        # spaces and line breaks PDFium infers; pdfminer has none
        generated[blanks] = (
            np.fromiter(
                map(_is_generated, repeat(page_handle), blanks), dtype=np.int64, count=len(blanks)
            )
            == 1
        )
    live = np.flatnonzero(~generated)
    n = len(live)
    if n == 0:
        return [], None
    indices = live.tolist()
    keys, xs, ys = _per_char(page_handle, indices)
    objects = _page_objects(page_handle, number, fonts, keys, indices)
    advances = _page_advances(handle, number, texts, codes[live], blank, objects, indices, fonts)
    objects.raise_first(advances.failure)
    exact, pdfium_advance = advances.exact, advances.pdfium
    style = objects.of_char
    x_scale = objects.x_scale[style]
    delta = (exact - pdfium_advance) * x_scale
    if np.any(delta != 0.0):
        shift = _shifts(style, delta, xs, ys, pdfium_advance, x_scale)
    else:
        shift = np.zeros(n)  # no drift anywhere: no text object carries one on
    kept = np.flatnonzero(~blank[live] & objects.upright[style])
    # pdfminer: bbox (0, descent, adv, descent + size) in text space, times the matrix
    left = (xs + shift)[kept]
    return _page_chars(
        _Columns(
            lefts=left,
            rights=left + (exact * x_scale)[kept],
            bottoms=(page_top - ys - objects.descent[style])[kept],
            heights=objects.height[style][kept],
            texts=texts,
            text_at=live[kept],
            sizes=objects.size[style][kept],
        )
    )


def _texts(
    handle: raw.FPDF_TEXTPAGE, count: int
) -> tuple[list[str], npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Each character's text, its code point (-1 for no text) and whether pdfminer counts
    it blank. The control characters below tab (0x2 is PDFium's line-end hyphen), U+FFFE
    (the hyphen as FPDFText_GetText writes it), U+FFFF and characters beyond the BMP are
    read one by one, as FPDFText_GetUnicode gives them."""
    page = _page_text(handle, count)
    if isinstance(page, list):
        texts = page
        codes = np.array([ord(t) if t else -1 for t in texts], dtype=np.int64)
        return texts, codes, np.fromiter((t in _BLANK for t in texts), dtype=bool, count=count)
    codes = np.frombuffer(page.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    texts = list(page)
    blank = _BLANK_TABLE[np.minimum(codes, len(_BLANK_TABLE) - 1)]
    for i in np.flatnonzero((codes < 0x9) | (codes > 0xFFFD)).tolist():
        texts[i] = text = _char_text(handle, i)
        codes[i] = ord(text) if text else -1
        blank[i] = text in _BLANK
    return texts, codes, blank


def _per_char(
    page_handle: ctypes.c_void_p, indices: list[int]
) -> tuple[list[int], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The text object (its address; 0 for none) and origin of each character of
    ``indices``: the calls are mapped over the indices in C, the origins written straight
    into two arrays (a pointer to each element made by byref, in C too)."""
    n = len(indices)
    xs, ys = (ctypes.c_double * n)(), (ctypes.c_double * n)()
    keys = list(map(_text_object_address, repeat(page_handle, n), indices))
    offsets = range(0, 8 * n, 8)  # a c_double's bytes
    deque(
        map(
            _char_origin,
            repeat(page_handle, n),
            indices,
            map(ctypes.byref, repeat(xs, n), offsets),
            map(ctypes.byref, repeat(ys, n), offsets),
        ),
        maxlen=0,
    )
    return (
        keys,
        np.frombuffer(memoryview(xs), dtype=np.float64),
        np.frombuffer(memoryview(ys), dtype=np.float64),
    )


@dataclass(frozen=True, slots=True)
class _PageObjects:
    """The text objects of a page's characters, as columns: ``of_char`` numbers each
    character's object, the other arrays hold each object's style; ``failures`` are
    (character, why PDFium cannot read it) for the objects whose style failed."""

    of_char: npt.NDArray[np.intp]
    fonts: list[_Font | None]
    upright: npt.NDArray[np.bool_]
    x_scale: npt.NDArray[np.float64]
    height: npt.NDArray[np.float64]
    descent: npt.NDArray[np.float64]
    size: npt.NDArray[np.float64]
    failures: list[tuple[int, PdfiumCannotRead]]

    def raise_first(self, others: list[tuple[int, PdfiumCannotRead]]) -> None:
        """Raise what a character-by-character reading would have met first."""
        found = [*self.failures, *others]
        if found:
            raise min(found, key=lambda failure: failure[0])[1]


def _page_objects(
    page_handle: ctypes.c_void_p,
    number: int,
    fonts: PdfiumFonts,
    keys: list[int],
    indices: list[int],
) -> _PageObjects:
    """Each text object's style: its font (looked up once per document), size and matrix
    (PDFium's char matrix is the text object's), asked at its first character through
    the unchecked bindings (a page holds a few hundred text objects)."""
    unique, first, of_char = np.unique(
        np.array(keys, dtype=np.uint64), return_index=True, return_inverse=True
    )
    matrix, size = raw.FS_MATRIX(), ctypes.c_float()
    matrix_out, size_out = ctypes.byref(matrix), ctypes.byref(size)
    styles: list[_TextStyle | None] = []
    failures: list[tuple[int, PdfiumCannotRead]] = []
    known = fonts.styles
    for key, at in zip(unique.tolist(), first.tolist(), strict=True):
        obj = ctypes.c_void_p(key)
        if not key or not _font_size_at(obj, size_out):
            styles.append(None)
            failures.append((at, PdfiumCannotRead(number, "a text object without a font size")))
            continue
        _char_matrix(page_handle, indices[at], matrix_out)
        style_key = (_font_address(obj), size.value, matrix.a, matrix.b, matrix.c, matrix.d)
        style = known.get(style_key)
        if style is None:
            try:
                style = known[style_key] = _text_style(style_key, number, fonts)
            except PdfiumCannotRead as cannot:
                failures.append((at, cannot))
        styles.append(style)
    # a failed object's characters are never read (its failure comes first): any style
    none = _TextStyle(_Font(0, FontMetrics("", 0.0), ctypes.c_void_p()), False, 0.0, 0.0, 0.0, 0.0)
    shown = [style or none for style in styles]
    return _PageObjects(
        of_char=of_char.reshape(-1),
        fonts=[style.font if style else None for style in styles],
        upright=np.array([s.upright for s in shown], dtype=bool),
        x_scale=np.array([s.x_scale for s in shown]),
        height=np.array([s.height for s in shown]),
        descent=np.array([s.descent for s in shown]),
        size=np.array([s.rounded_size for s in shown]),
        failures=failures,
    )


@dataclass(frozen=True, slots=True)
class _PageAdvances:
    """(pdfminer's, PDFium's) advance at 1 pt of each character; ``failure`` as in
    `_PageObjects`."""

    exact: npt.NDArray[np.float64]
    pdfium: npt.NDArray[np.float64]
    failure: list[tuple[int, PdfiumCannotRead]]


# a character's (font, code) as one integer: the font's number above the code point's bits
_CODE_BITS = 21
_NO_PAIR = -1


def _page_advances(
    handle: raw.FPDF_TEXTPAGE,
    number: int,
    texts: list[str],
    codes: npt.NDArray[np.int64],
    blank: npt.NDArray[np.bool_],
    objects: _PageObjects,
    indices: list[int],
    fonts: PdfiumFonts,
) -> _PageAdvances:
    """Each character's advances, from its font's advances met so far (looked up as
    columns: `PdfiumFonts.pairs`); a character a font draws for the first time is asked
    of PDFium once (at its first place on the page), and whether it has a Unicode
    mapping (a font maps a code or does not, whichever character it is drawn in)."""
    object_font = [_NO_PAIR if font is None else fonts.number(font) for font in objects.fonts]
    page_fonts = {fonts.number(font): font for font in objects.fonts if font is not None}
    chars_font = np.array(object_font, dtype=np.int64)[objects.of_char]
    pairs = np.where((chars_font >= 0) & (codes >= 0), (chars_font << _CODE_BITS) | codes, _NO_PAIR)
    unique, first, inverse = np.unique(pairs, return_index=True, return_inverse=True)
    at_known = np.searchsorted(fonts.pairs, unique).clip(max=max(len(fonts.pairs) - 1, 0))
    known = fonts.pairs[at_known] == unique if len(fonts.pairs) else np.zeros(len(unique), bool)
    exact = np.where(known, fonts.exact[at_known] if len(fonts.pairs) else 0.0, 0.0)
    pdfium_advance = np.where(known, fonts.pdfium[at_known] if len(fonts.pairs) else 0.0, 0.0)
    failures: list[tuple[int, PdfiumCannotRead]] = []
    new_pairs: list[int] = []
    new_exact: list[float] = []
    new_pdfium: list[float] = []
    for u in np.flatnonzero(~known & (unique != _NO_PAIR)).tolist():
        pair, at = int(unique[u]), int(first[u])
        index = indices[at]
        font, text = page_fonts[pair >> _CODE_BITS], texts[index]
        try:
            advance = _first_advance(handle, index, font, text, bool(blank[index]), number)
        except PdfiumCannotRead as cannot:
            failures.append((at, cannot))
            continue
        exact[u], pdfium_advance[u] = advance
        new_pairs.append(pair)
        new_exact.append(advance[0])
        new_pdfium.append(advance[1])
    if new_pairs:
        fonts.add(new_pairs, new_exact, new_pdfium)
    inverse = inverse.reshape(-1)
    chars_exact, chars_pdfium = exact[inverse], pdfium_advance[inverse]
    # a character without a text (code 0, or none PDFium can give): asked each time,
    # never kept (which code it is is unknown)
    for at in np.flatnonzero((codes < 0) & (chars_font >= 0)).tolist():
        font, index = page_fonts[int(chars_font[at])], indices[at]
        try:
            advance = _first_advance(handle, index, font, "", True, number)
        except PdfiumCannotRead as cannot:
            failures.append((at, cannot))
            continue
        chars_exact[at], chars_pdfium[at] = advance
    return _PageAdvances(chars_exact, chars_pdfium, failures)


def _first_advance(
    handle: raw.FPDF_TEXTPAGE, index: int, font: _Font, text: str, blank: bool, number: int
) -> tuple[float, float]:
    """(pdfminer's, PDFium's) advance at 1 pt of character ``index``, not met before in
    its font (once per font and character: thousands a document in Chinese). PDFium's is
    in whole 1/1000 em units, as PDFium places characters; FPDFFont_GetGlyphWidth maps
    the code point back to its char code."""
    if not blank and _has_map_error(handle, index) == 1:
        raise PdfiumCannotRead(number, "a character without a Unicode mapping")
    code = ord(text) if text else raw.FPDFText_GetUnicode(handle, index)
    width = ctypes.c_float()
    if not _glyph_width(font.pointer, ctypes.c_uint32(code), _EM, ctypes.byref(width)):
        raise PdfiumCannotRead(number, f"no width for {chr(code)!r}")
    pdfium_advance = width.value / 1000.0
    advances = font.metrics.advances
    exact = pdfium_advance if advances is None else advances.get(text)
    if exact is None:
        if not blank:
            raise PdfiumCannotRead(number, f"no width for {text!r} in {font.metrics.name}")
        exact = pdfium_advance
    return exact, pdfium_advance


def _shifts(
    of_char: npt.NDArray[np.intp],
    delta: npt.NDArray[np.float64],
    xs: npt.NDArray[np.float64],
    ys: npt.NDArray[np.float64],
    pdfium_advance: npt.NDArray[np.float64],
    x_scale: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Each character's drift so far in its text object: the sum, in order, of the
    differences (pdfminer's advance - PDFium's) of the object's characters before it.

    A text operator right after another (no Td/Tm between) starts where PDFium's
    whole-unit widths ended the previous one: an object met for the first time right
    after a character of an object with a drift, where that character's PDFium advance
    ends, carries the drift on. Summed in Python, in order, as the sums must be the
    same to the last bit."""
    objects = of_char.tolist()
    deltas = delta.tolist()
    drift = [0.0] * (max(objects) + 1)
    seen = [False] * len(drift)
    shifts = [0.0] * len(objects)
    previous = -1
    for j, (obj, step) in enumerate(zip(objects, deltas, strict=True)):
        if obj != previous:
            if not seen[obj]:
                seen[obj] = True
                if (
                    previous >= 0
                    and drift[previous]
                    and abs(ys[j] - ys[j - 1]) < _SAME_POINT
                    and abs(xs[j] - (xs[j - 1] + pdfium_advance[j - 1] * x_scale[j - 1]))
                    < _SAME_POINT
                ):
                    drift[obj] = drift[previous]
            previous = obj
        shift = shifts[j] = drift[obj]
        if step:
            drift[obj] = shift + step
    return np.array(shifts)


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

    lefts: npt.NDArray[np.float64]
    rights: npt.NDArray[np.float64]
    bottoms: npt.NDArray[np.float64]
    heights: npt.NDArray[np.float64]
    texts: list[str]  # the page's texts, every character's
    text_at: npt.NDArray[np.intp]  # where each kept character's text is in ``texts``
    sizes: npt.NDArray[np.float64]


def _page_chars(columns: _Columns) -> tuple[list[Char], CharCentres | None]:
    """`Char`s of the columns, rounded to _DIGITS and in reading order (top, then left;
    characters at one place keep their order, as a stable sort keeps them), and their
    centres."""
    if len(columns.text_at) == 0:
        return [], None
    lefts, rights = columns.lefts, columns.rights
    bottoms, heights = columns.bottoms, columns.heights
    x0 = _rounded(np.minimum(lefts, rights))
    x1 = _rounded(np.maximum(lefts, rights))
    top = _rounded(bottoms - heights)
    bottom = _rounded(bottoms)
    order = np.lexsort((x0, top))  # stable: by top, then x0
    texts = columns.texts
    x0, x1, top, bottom = x0[order], x1[order], top[order], bottom[order]
    chars = list(
        map(
            Char,
            x0.tolist(),
            x1.tolist(),
            top.tolist(),
            bottom.tolist(),
            [texts[i] for i in columns.text_at[order].tolist()],
            columns.sizes[order].tolist(),
        )
    )
    # (Char.xc and Char.yc, as columns: the same sums and halvings)
    return chars, CharCentres(chars, (x0 + x1) / 2, (top + bottom) / 2)


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


# FPDFText_GetTextObject answering an address (an int, 0 for none) rather than a pointer
# object: a key for the text object without a cast per character
_text_object_address = _untyped(raw.FPDFText_GetTextObject, ctypes.c_size_t)
# (text page, index, byref(double), byref(double)) -> int
_char_origin = _untyped(raw.FPDFText_GetCharOrigin, ctypes.c_int)
# (text page, index) -> int
_is_generated = _untyped(raw.FPDFText_IsGenerated, ctypes.c_int)


# once per text object: (object, byref(float)) -> int; (object) -> the font's address, 0
# for none; (text page, index, byref(FS_MATRIX)) -> int
_font_size_at = _untyped(raw.FPDFTextObj_GetFontSize, ctypes.c_int)
_font_address = _untyped(raw.FPDFTextObj_GetFont, ctypes.c_size_t)
_char_matrix = _untyped(raw.FPDFText_GetMatrix, ctypes.c_int)


# once per font and character: (font, code, c_float size, byref(float)) -> int;
# (text page, index) -> int
_glyph_width = _untyped(raw.FPDFFont_GetGlyphWidth, ctypes.c_int)
_has_map_error = _untyped(raw.FPDFText_HasUnicodeMapError, ctypes.c_int)
_EM = ctypes.c_float(1000.0)  # the size glyph widths are asked at: 1/1000 em units


@dataclass(frozen=True, slots=True)
class _Font:
    """A PDFium font: its address and pdfminer's metrics (the advances met so far are
    the document's, `PdfiumFonts.pairs`)."""

    key: int
    metrics: FontMetrics
    pointer: ctypes.c_void_p  # the key, as the unchecked bindings take it


@dataclass(frozen=True, slots=True)
class _TextStyle:
    """What the characters of text objects of one font, size and matrix share."""

    font: _Font
    upright: bool
    x_scale: float  # points of advance per 1 pt-em of width: size × matrix a
    height: float  # size × matrix d: pdfminer's box height
    descent: float  # the box's bottom below the baseline, in points (negative)
    rounded_size: float


# (font address, size, matrix a, b, c, d) → its style; a page holds a few hundred text
# objects (one per word or run in word processors' PDFs) in a handful of styles
_StyleKey = tuple[int, float, float, float, float, float]


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
    return _Font(key, found, ctypes.c_void_p(key))


def _base_font_name(font: raw.FPDF_FONT) -> str:
    length = raw.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(length)
    raw.FPDFFont_GetBaseFontName(font, buffer, length)
    return buffer.value.decode("utf-8", "replace")


def _font_data_size(font: raw.FPDF_FONT) -> int:
    length = ctypes.c_size_t()
    raw.FPDFFont_GetFontData(font, None, 0, length)
    return length.value


def _objects(page: pdfium.PdfPage) -> Iterator[tuple[int, raw.FPDF_PAGEOBJECT, _Matrix]]:
    """Every page object but the page's text objects (the characters are read from the
    text page), inside form XObjects too, with the matrix of its enclosing forms. A page
    holds a text object per word or run: the page's objects and their types are asked
    for by ctypes calls mapped in C, and only the rest handled here."""
    handle = page.raw
    count = raw.FPDFPage_CountObjects(handle)
    objects = list(map(_page_object, repeat(handle, count), range(count)))
    kinds = list(map(_object_type, objects))
    text = raw.FPDF_PAGEOBJ_TEXT
    stack = [
        (obj, kind, _IDENTITY) for obj, kind in zip(objects, kinds, strict=True) if kind != text
    ]
    while stack:
        obj, kind, outer = stack.pop()
        if kind == raw.FPDF_PAGEOBJ_FORM:
            inner = _object_matrix(obj).times(outer)
            for j in range(raw.FPDFFormObj_CountObjects(obj)):
                held = raw.FPDFFormObj_GetObject(obj, j)
                stack.append((held, _object_type(held), inner))
        else:
            yield kind, obj, outer


def _object_matrix(obj: raw.FPDF_PAGEOBJECT) -> _Matrix:
    m = raw.FS_MATRIX()
    if not _page_object_matrix(obj, ctypes.byref(m)):
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
_page_object_matrix = _untyped(
    raw.FPDFPageObj_GetMatrix, ctypes.c_int
)  # (object, byref(FS_MATRIX))
# pdfminer's path operators: a segment is a move, a line or (anything else) a curve
_MOVETO, _LINETO = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO
_OPS = {_MOVETO: "m", _LINETO: "l"}
_FILL_NONE = raw.FPDF_FILLMODE_NONE


class _PathOut:
    """The out-parameters of the calls made once a path (a ruled page has a few hundred
    paths), made once a page with their byref()s."""

    def __init__(self) -> None:
        self.fill, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.fill_ref, self.stroke_ref = ctypes.byref(self.fill), ctypes.byref(self.stroke)
        self.matrix = raw.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)
        self.x, self.y = ctypes.c_float(), ctypes.c_float()
        self.x_ref, self.y_ref = ctypes.byref(self.x), ctypes.byref(self.y)


def _path_shapes(
    obj: raw.FPDF_PAGEOBJECT, outer: _Matrix, page_top: float, out: _PathOut
) -> Iterator[tuple[float, float, float, float, bool]]:
    """(x0, x1, top, bottom, is_line) of each line and rectangle subpath of a painted
    path, classified as pdfminer's ``paint_path`` classifies them (curves are left out:
    the table finder reads lines and rectangles only)."""
    if not _draw_mode(obj, out.fill_ref, out.stroke_ref):
        return
    if out.fill.value == _FILL_NONE and not out.stroke.value:
        return  # a clipping path: pdfminer paints nothing for `n`
    if outer is _IDENTITY and _page_object_matrix(obj, out.matrix_ref):
        m = out.matrix
        a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f  # (_object_matrix, without a record)
    else:
        matrix = _object_matrix(obj)
        if outer is not _IDENTITY:
            matrix = matrix.times(outer)
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    x, y, x_out, y_out = out.x, out.y, out.x_ref, out.y_ref
    count = _count_segments(obj)
    if count == 2:
        # a single line, most paths of a ruled table: a move, then a line, the move not
        # closing ("mh" is no line); the line's close flag changes nothing ("mlh" is
        # the same line as "ml"), so it is not asked. Anything else: the loop below.
        first, second = _segment(obj, 0), _segment(obj, 1)
        if (
            _segment_type(first) == _MOVETO
            and _segment_type(second) == _LINETO
            and not _segment_closes(first)
        ):
            _segment_point(first, x_out, y_out)
            px, py = x.value, y.value
            ax, ay = round(a * px + c * py + e, _DIGITS), round(b * px + d * py + f, _DIGITS)
            _segment_point(second, x_out, y_out)
            px, py = x.value, y.value
            bx, by = round(a * px + c * py + e, _DIGITS), round(b * px + d * py + f, _DIGITS)
            yield min(ax, bx), max(ax, bx), page_top - max(ay, by), page_top - min(ay, by), True
            return
    ops: list[str] = []
    points: list[tuple[float, float]] = []
    for s in range(count):
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
    if shape == "ml":  # a single line, most paths of a ruled table: the loop below's answer
        (ax, ay), (bx, by) = points
        yield min(ax, bx), max(ax, bx), page_top - max(ay, by), page_top - min(ay, by), True
        return
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
