"""The metrics pdfminer gives a PDF's fonts, for the PDFium reader (pdfium_page.py).

PDFium keeps glyph widths as whole 1/1000 em units and replaces a font descriptor's zero
ascent and descent by the font program's own, so its character boxes drift from
pdfminer's by a few hundredths of a point a character (and a tenth of the font size in
height): enough to move a line break. The fonts' dictionaries are small, so they are read
here with pdfminer's object parser (no content stream is interpreted) and PDFium's boxes
are corrected to pdfminer's: advance = the font's /Widths or /W entry, descent = the
descriptor's /Descent.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdffont import PDFFont
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1
from pdfminer.psparser import LIT, PSLiteral, literal_name

_FORM = LIT("Form")
# A subset font's name starts with six capitals and a plus (ISO 32000 9.6.4); PDFium
# drops the tag.
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


class AmbiguousFont(Exception):
    """Two fonts of one name, or two codes of one character, with different metrics."""


@dataclass(frozen=True)
class FontMetrics:
    """One font's metrics at 1 pt: its descent, and the advance of each character it maps
    to Unicode (None when every width is a whole number: PDFium's widths are then exact)."""

    name: str
    descent: float
    advances: dict[str, float] | None = None


def document_fonts(data: bytes) -> dict[str, FontMetrics]:
    """Every font reachable from the pages' resources (Form XObjects included), by its
    BaseFont name less the subset tag; raises AmbiguousFont when one name stands for
    different descents."""
    document = PDFDocument(PDFParser(io.BytesIO(data)))
    found: list[tuple[int | None, dict[str, object]]] = []
    seen: set[int] = set()
    for page in PDFPage.create_pages(document):
        _collect(page.resources, found, seen)
    manager = PDFResourceManager(caching=True)
    metrics_of = [_plain_metrics(spec) or _full(manager, objid, spec) for objid, spec in found]
    fractional = {m.name for m in metrics_of if m.advances is not None}
    fonts: dict[str, FontMetrics] = {}
    for (objid, spec), metrics in zip(found, metrics_of, strict=True):
        if metrics.advances is None and metrics.name in fractional:
            # a subset of a font of fractional widths: every subset by its characters
            metrics = _full(manager, objid, spec)
        known = fonts.get(metrics.name)
        fonts[metrics.name] = metrics if known is None else _merged(known, metrics)
    return fonts


def _full(manager: PDFResourceManager, objid: int | None, spec: dict[str, object]) -> FontMetrics:
    return _metrics(manager.get_font(objid, spec))


def _collect(
    resources: object, found: list[tuple[int | None, dict[str, object]]], seen: set[int]
) -> None:
    resources = resolve1(resources)
    if not isinstance(resources, dict):
        return
    for spec in (resolve1(resources.get("Font")) or {}).values():
        objid = spec.objid if isinstance(spec, PDFObjRef) else None
        if objid is not None and objid in seen:
            continue
        if objid is not None:
            seen.add(objid)
        font_dict = resolve1(spec)
        if isinstance(font_dict, dict):
            found.append((objid, font_dict))
    for spec in (resolve1(resources.get("XObject")) or {}).values():
        objid = spec.objid if isinstance(spec, PDFObjRef) else None
        if objid is not None and objid in seen:
            continue
        if objid is not None:
            seen.add(objid)
        xobject = resolve1(spec)
        if isinstance(xobject, PDFStream) and xobject.get("Subtype") is _FORM:
            _collect(xobject.get("Resources"), found, seen)


def _merged(one: FontMetrics, other: FontMetrics) -> FontMetrics:
    """Two subsets of one font (AAAAAA+Song, BAAAAA+Song: PDFium names both Song): the
    union of their advances, less any character they disagree on."""
    if one.descent != other.descent:
        raise AmbiguousFont(f"two fonts named {one.name} with different descents")
    if one.advances is None and other.advances is None:
        return one
    if one.advances is None or other.advances is None:
        raise AmbiguousFont(f"two fonts named {one.name}, one with fractional widths")
    advances = {**one.advances, **other.advances}
    for text, width in one.advances.items():
        if other.advances.get(text, width) != width:
            del advances[text]
    return FontMetrics(one.name, one.descent, advances)


def _plain_metrics(font: dict[str, object]) -> FontMetrics | None:
    """The metrics of a font whose widths are all whole numbers, read from its dictionary
    alone (no CMap parsed: that is most of pdfminer's font cost); None for any other font
    (fractional widths, no /Widths or descriptor, Type3, vertical writing)."""
    subtype = _name(font.get("Subtype"))
    if subtype == "Type0":
        descendants = resolve1(font.get("DescendantFonts"))
        if not isinstance(descendants, list) or not descendants:
            return None
        if _name(font.get("Encoding")).endswith("-V"):
            return None
        base = resolve1(descendants[0])
        if not isinstance(base, dict):
            return None
        numbers = _numbers(resolve1(base.get("W")) or []) + [resolve1(base.get("DW", 1000))]
    elif subtype in ("Type1", "TrueType", "MMType1"):
        base = font
        numbers = _numbers(resolve1(font.get("Widths")))
        if not numbers:
            return None
    else:
        return None
    descriptor = resolve1(base.get("FontDescriptor"))
    if not isinstance(descriptor, dict) or not all(
        isinstance(n, int | float) and float(n).is_integer() for n in numbers
    ):
        return None
    descent = resolve1(descriptor.get("Descent", 0))
    if not isinstance(descent, int | float):
        return None
    # pdfminer: a positive descent is a writer's sign error; its unit is 1/1000 em
    return FontMetrics(
        _SUBSET_TAG.sub("", _name(base.get("BaseFont"))), -abs(float(descent)) * 0.001
    )


def _numbers(array: object) -> list[object]:
    """Every number of a /Widths or /W array (nested arrays flattened)."""
    out: list[object] = []
    for item in resolve1(array) if isinstance(resolve1(array), list) else []:
        item = resolve1(item)
        if isinstance(item, list):
            out.extend(resolve1(x) for x in item)
        else:
            out.append(item)
    return out


def _name(value: object) -> str:
    value = resolve1(value)
    return literal_name(value) if isinstance(value, PSLiteral) else ""


def _metrics(font: PDFFont) -> FontMetrics:
    """Advances by character: the inverse of the font's code → Unicode map."""
    mapping: dict[int, str] = {}
    unicode_map = getattr(font, "unicode_map", None)
    if unicode_map is not None:
        mapping.update(unicode_map.cid2unichr)
    else:
        mapping.update(getattr(font, "cid2unicode", {}) or {})
    advances: dict[str, float] = {}
    clashes: set[str] = set()
    for cid, text in mapping.items():
        width = font.char_width(cid)
        if text in advances and advances[text] != width:
            clashes.add(text)
        advances[text] = width
    for text in clashes:  # which code drew it is unknown here: no advance for it
        del advances[text]
    name = str(getattr(font, "basefont", None) or font.fontname)
    return FontMetrics(_SUBSET_TAG.sub("", name), float(font.get_descent()), advances)
