"""PDFium's system fonts, replaced by a four-point box font while a text layer is read.

A font a PDF names but does not embed (STSong-Light, SimSun, 宋体: common in notices) is
drawn by PDFium with a system font it maps in its place, here a 21 MB CJK collection
(AR PL UMing) read in full for each document. PDFium also asks that font for the outline
of every character it loads: a text object's box is the union of its glyphs' boxes
(CPDF_TextObject::CalcPositionData), computed when the page is loaded and again for the
text page. Reading a text layer needs no outline: a character's code point, origin and
advance come from the PDF (its ToUnicode map or CMap, its width arrays), and its box is
pdfminer's, computed from the font's metrics (extract/pdf/pdfium_page.py). But PDFium
does need *a* box: the text page skips a text object whose box has no width, so with no
font at all a one-character object (a row number, the last character of a wrapped line)
would be lost.

So while the PDFium reader reads a document, each system font PDFium maps is replaced by
`box_font.ttf` (scripts/make_box_font.py): one glyph, the em square, for every code point.
The pages and text pages of the scaling corpus then load in 0.11 s instead of 0.28 s, and
every character, coordinate and rule read is the same as with the system fonts (on every
PDF fixture, the shared corpus, the scaling and held-out samples and LibreOffice exports:
tests/extract/test_text_layer_fonts.py). Fonts a PDF embeds, and the standard fonts PDFium
draws with its own built-in ones, are not affected; only what the machine would have
supplied is, so the reading no longer depends on which CJK fonts it has installed.

Rendering (OCR of scanned pages, extract/ocr/) still needs the real glyphs: the box font is
mapped only inside `without_system_fonts()`, around the reader. PDFium maps a substitute
when it first loads a font of a document, so a document read inside keeps the box until it
is closed; the renderer opens its own. The switch is one font-info record installed once a
process (FPDF_SetSystemFontInfo) that hands every call on to PDFium's default one; while
switched, a font the default finds is answered with the box font's bytes instead of its own.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pypdfium2.raw as raw

BOX_FONT = Path(__file__).with_name("box_font.ttf")
# the box font's face name: the key under which PDFium caches a mapped font's data, so not
# one a system font could have
_BOX_NAME = b"NoticesTextLayerBox\0"
_FIELDS: dict[str, Any] = dict(raw.FPDF_SYSFONTINFO._fields_)


class _Switchable:
    """PDFium's default system-font info behind a switch (one per process).

    While ``boxed``, a font the default info finds (`MapFont`, `GetFont`) is kept open for
    its charset but answered with the box font: its data (`GetFontData`; a whole font,
    no TrueType collection) and its face name."""

    def __init__(self) -> None:
        self.boxed = False
        self.box = BOX_FONT.read_bytes()
        self.handles: set[int] = set()  # fonts found while boxed, not yet deleted
        default = raw.FPDF_GetDefaultSystemFontInfo()
        if not default:
            raise RuntimeError("PDFium has no default system font info")
        inner = default.contents

        def found(handle: int | None) -> int | None:
            if handle and self.boxed:
                self.handles.add(handle)
            return handle

        def map_font(
            this: Any, weight: int, italic: int, charset: int, pitch: int, face: Any, exact: Any
        ) -> int | None:
            return found(inner.MapFont(default, weight, italic, charset, pitch, face, exact))

        def get_font(this: Any, face: Any) -> int | None:
            return found(inner.GetFont(default, face))

        def get_font_data(this: Any, font: int, table: int, buffer: Any, size: int) -> int:
            if font not in self.handles:
                return int(inner.GetFontData(default, font, table, buffer, size))
            if table != 0:
                return 0  # PDFium asks for the 'ttcf' table first: not a collection
            if buffer and size >= len(self.box):
                ctypes.memmove(buffer, self.box, len(self.box))
            return len(self.box)

        def get_face_name(this: Any, font: int, buffer: Any, size: int) -> int:
            if font not in self.handles:
                return int(inner.GetFaceName(default, font, buffer, size))
            if buffer and size >= len(_BOX_NAME):
                ctypes.memmove(buffer, _BOX_NAME, len(_BOX_NAME))
            return len(_BOX_NAME)

        def delete_font(this: Any, font: int) -> None:
            self.handles.discard(font)
            inner.DeleteFont(default, font)

        callbacks = {
            "Release": lambda this: None,  # the default record lives as long as the process
            # the installed fonts are listed once a process, whenever first needed
            "EnumFonts": lambda this, mapper: inner.EnumFonts(default, mapper),
            "MapFont": map_font,
            "GetFont": get_font,
            "GetFontData": get_font_data,
            "GetFaceName": get_face_name,
            "GetFontCharset": lambda this, font: inner.GetFontCharset(default, font),
            "DeleteFont": delete_font,
        }
        # PDFium keeps the record and calls its callbacks for the rest of the process
        self.default = default
        self.callbacks = {name: _FIELDS[name](function) for name, function in callbacks.items()}
        self.record = raw.FPDF_SYSFONTINFO(version=1, **self.callbacks)
        raw.FPDF_SetSystemFontInfo(ctypes.byref(self.record))


_installed: _Switchable | None = None


@contextmanager
def without_system_fonts() -> Iterator[None]:
    """Inside, PDFium maps the box font wherever it would map a system font."""
    global _installed
    if _installed is None:
        _installed = _Switchable()
    was_boxed = _installed.boxed
    _installed.boxed = True
    try:
        yield
    finally:
        _installed.boxed = was_boxed
