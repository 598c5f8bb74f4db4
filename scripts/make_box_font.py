"""Write extract/pdf/box_font.ttf: the font PDFium is given, while a text layer is read, in
place of the system fonts it would map for the fonts a PDF does not embed
(extract/pdf/system_fonts.py).

    .venv/bin/python scripts/make_box_font.py

One glyph, an em square (0, -120)-(1000, 880) advancing 1000 units, for .notdef and for
every code point (a format 13 cmap: many code points to one glyph), so that PDFium finds a
glyph with a box for each character, as a CJK system font gives it, at the cost of four
points. fontTools (installed with matplotlib) is needed only to write the file again.
"""

from __future__ import annotations

import io
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

OUT = Path(__file__).resolve().parents[1] / "extract" / "pdf" / "box_font.ttf"
ASCENT, DESCENT, EM = 880, -120, 1000
# a fixed date (seconds since 1904, the font format's epoch): the same bytes on each run
TIMESTAMP = 3_786_825_600  # 2024-01-01


def _square() -> object:
    pen = TTGlyphPen(None)
    pen.moveTo((0, DESCENT))
    pen.lineTo((0, ASCENT))
    pen.lineTo((EM, ASCENT))
    pen.lineTo((EM, DESCENT))
    pen.closePath()
    return pen.glyph()


def box_font() -> bytes:
    builder = FontBuilder(EM, isTTF=True)
    builder.setupGlyphOrder([".notdef", "box"])
    builder.setupCharacterMap({0x20: "box"})
    every = CmapSubtable.newSubtable(13)
    every.platformID, every.platEncID, every.language = 3, 10, 0
    every.cmap = dict.fromkeys(range(0x110000), "box")
    builder.font["cmap"].tables = [every]
    builder.setupGlyf({".notdef": _square(), "box": _square()})
    builder.setupHorizontalMetrics({".notdef": (EM, 0), "box": (EM, 0)})
    builder.setupHorizontalHeader(ascent=ASCENT, descent=DESCENT)
    builder.setupNameTable({"familyName": "NoticesTextLayerBox", "styleName": "Regular"})
    builder.setupOS2(
        sTypoAscender=ASCENT, sTypoDescender=DESCENT, usWinAscent=ASCENT, usWinDescent=-DESCENT
    )
    builder.setupPost()
    builder.font["head"].created = builder.font["head"].modified = TIMESTAMP
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


if __name__ == "__main__":
    OUT.write_bytes(box_font())
    print(f"{OUT}: {OUT.stat().st_size} bytes")
