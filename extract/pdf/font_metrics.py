"""The metrics pdfminer gives a PDF's fonts, for the PDFium reader (pdfium_page.py).

PDFium keeps glyph widths as whole 1/1000 em units and replaces a font descriptor's zero
ascent and descent by the font program's own, so its character boxes drift from
pdfminer's by a few hundredths of a point a character (and a tenth of the font size in
height): enough to move a line break. The fonts' dictionaries are small, so they are read
here with pdfminer's document (no content stream is interpreted; plain objects read by
extract/pdf/pdf_objects.py) and PDFium's boxes
are corrected to pdfminer's: advance = the font's /Widths or /W entry, descent = the
descriptor's /Descent.
"""

from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass

from pdfminer.pdffont import FontMetricsDB, PDFFont
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1
from pdfminer.psparser import LIT, PSLiteral, literal_name

from extract.pdf.pdf_objects import FastPDFDocument

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
    document = FastPDFDocument(data, PDFParser(io.BytesIO(data)))
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
    return _simple_font_metrics(spec) or _metrics(manager.get_font(objid, spec))


# A ToUnicode CMap as PDF writers write it for a simple font: sections of hex strings
# (codespace ranges, single codes, code ranges onto a first code), nothing else that maps.
_SECTION = re.compile(rb"begin(codespacerange|bfchar|bfrange)(.*?)end\1", re.DOTALL)
_HEX_STRINGS = re.compile(rb"(?:\s*<[0-9A-Fa-f\s]*>)*\s*")
_HEX_STRING = re.compile(rb"<([0-9A-Fa-f\s]*)>")
# what else a CMap may hold that changes its mapping: the fast reading declines it
_OTHER_MAPPINGS = (b"usecmap", b"cidchar", b"cidrange", b"notdef", b"[")


def _simple_font_metrics(spec: dict[str, object]) -> FontMetrics | None:
    """What `_metrics` computes for a simple (TrueType or Type1) font with /Widths and a
    ToUnicode CMap of single codes and code ranges, without pdfminer's CMap parser (a
    PostScript interpreter in Python: ~5 ms a font, and the layout generator's PDFs hold
    a font subset per 256 characters). The same rules as pdfminer's (PDFType1Font,
    FileUnicodeMap, CMapParser's bfchar and bfrange, PDFFont.char_width); None for any
    other font, or a CMap holding anything else, which pdfminer then reads."""
    if _name(spec.get("Subtype")) not in ("TrueType", "Type1", "MMType1"):
        return None
    basefont = _name(spec.get("BaseFont"))
    try:
        FontMetricsDB.get_metrics(basefont)
        return None  # one of the 14 standard fonts: pdfminer uses its own metrics
    except KeyError:
        pass
    descriptor = resolve1(spec.get("FontDescriptor"))
    first = resolve1(spec.get("FirstChar", 0))
    widths = resolve1(spec.get("Widths"))
    to_unicode = resolve1(spec.get("ToUnicode"))
    if not (
        basefont
        and isinstance(descriptor, dict)
        and isinstance(first, int)
        and isinstance(widths, list)
        and isinstance(to_unicode, PDFStream)
    ):
        return None
    numbers = [resolve1(w) for w in widths]
    descent = resolve1(descriptor.get("Descent", 0))
    missing = resolve1(descriptor.get("MissingWidth", 0))
    if not all(isinstance(n, int | float) for n in [*numbers, descent, missing]):
        return None
    mapping = _to_unicode(to_unicode.get_data())
    if mapping is None:
        return None
    by_code = {first + i: float(w) for i, w in enumerate(numbers)}
    advances: dict[str, float] = {}
    clashes: set[str] = set()
    for code, text in mapping.items():
        width = by_code.get(code, float(missing)) * 0.001
        if text in advances and advances[text] != width:
            clashes.add(text)
        advances[text] = width
    for text in clashes:
        del advances[text]
    descent_units = float(descent)
    if descent_units > 0:
        descent_units = -descent_units  # pdfminer: a positive descent is a sign error
    return FontMetrics(_SUBSET_TAG.sub("", basefont), descent_units * 0.001, advances)


def _to_unicode(data: bytes) -> dict[int, str] | None:
    """Code → text of a ToUnicode CMap of bfchar and bfrange sections (as pdfminer's
    FileUnicodeMap holds it); None when the CMap holds anything else."""
    if any(other in data for other in _OTHER_MAPPINGS):
        return None
    mapping: dict[int, str] = {}
    for found in _SECTION.finditer(data):
        kind, body = found.group(1), found.group(2)
        if not _HEX_STRINGS.fullmatch(body):
            return None
        strings = [re.sub(rb"\s", b"", h) for h in _HEX_STRING.findall(body)]
        if any(len(h) % 2 for h in strings):
            return None
        values = [bytes.fromhex(h.decode("ascii")) for h in strings]
        if kind == b"bfchar":
            if len(values) % 2:
                return None
            for source, target in zip(values[::2], values[1::2], strict=True):
                _map(mapping, int.from_bytes(source, "big"), target)
        elif kind == b"bfrange":
            if len(values) % 3:
                return None
            for low, high, target in zip(values[::3], values[1::3], values[2::3], strict=True):
                if len(low) != len(high) or not target:
                    return None
                start, end = int.from_bytes(low, "big"), int.from_bytes(high, "big")
                # pdfminer's CMapParser: the target's last 4 bytes count up
                prefix, last = target[:-4], target[-4:]
                base = int.from_bytes(last, "big")
                if base + end - start > 0xFFFFFFFF:
                    return None
                for i in range(end - start + 1):
                    _map(mapping, start + i, prefix + struct.pack(">L", base + i)[-len(last) :])
    return mapping


def _map(mapping: dict[int, str], code: int, target: bytes) -> None:
    """pdfminer's FileUnicodeMap.add_cid2unichr for a UTF-16BE target."""
    text = target.decode("UTF-16BE", "ignore")
    if text == "\u00a0" and mapping.get(code) == " ":
        return  # a no-break space does not replace a space (pdfminer)
    mapping[code] = text


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
