"""Word files whose task table is a picture: a scan or screenshot pasted as the only content
of a table, or of the whole body, or as a page-sized picture in a paragraph of its own
among the notice's text. Such pictures are read by OCR (extract/ocr/, through its entry
point ``read_image``) as the pages of one scanned notice."""

from __future__ import annotations

from collections.abc import Iterator

import docx
from lxml.etree import _Element

from extract.office.word_numbering import W
from extract.pictures import SCAN_MAGIC

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_V = "{urn:schemas-microsoft-com:vml}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_EMU_PER_CM = 360_000
_PT_PER_CM = 72 / 2.54
# A scanned table page (or a screenshot of a table) pasted among the text is drawn at
# least this wide and tall (cm): a logo, a QR code, a seal (4.2 cm across) or a masthead
# strip (文件头, 2–3 cm tall) is smaller, and is never read as a table.
MIN_TABLE_PICTURE_CM = (8.0, 5.0)


def _text(element: _Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _picture_ids(element: _Element) -> Iterator[str]:
    """Relationship ids of the pictures in ``element``, in document order (DrawingML
    ``a:blip r:embed``, and VML ``v:imagedata r:id`` of older files)."""
    for node in element.iter(f"{_A}blip", f"{_V}imagedata"):
        rid = node.get(f"{_R}embed") or node.get(f"{_R}id")
        if rid:
            yield rid


def picture_only_containers(body: _Element) -> list[_Element]:
    """The body when pictures are all it holds; else the outermost tables whose only
    content is pictures (no text in any cell)."""
    if not _text(body).strip():
        return [body] if any(True for _ in _picture_ids(body)) else []
    found: list[_Element] = []
    for table in body.iter(f"{W}tbl"):
        if any(table in set(outer.iter(f"{W}tbl")) for outer in found):
            continue
        if not _text(table).strip() and any(True for _ in _picture_ids(table)):
            found.append(table)
    return found


def table_picture_paragraphs(body: _Element) -> list[_Element]:
    """Paragraphs outside tables that hold no text and at least one picture drawn at a
    table's size (``MIN_TABLE_PICTURE_CM``): a scanned page pasted between the text of a
    notice (``document.add_picture``, Word's Insert > Picture)."""
    found: list[_Element] = []
    for paragraph in body.iter(f"{W}p"):
        if _text(paragraph).strip() or any(True for _ in paragraph.iterancestors(f"{W}tbl")):
            continue
        if any(_table_sized(node) for node in paragraph.iter(f"{_A}blip", f"{_V}imagedata")):
            found.append(paragraph)
    return found


def _table_sized(picture: _Element) -> bool:
    size = _drawn_size_cm(picture)
    if size is None:
        return False
    return size[0] >= MIN_TABLE_PICTURE_CM[0] and size[1] >= MIN_TABLE_PICTURE_CM[1]


def _drawn_size_cm(picture: _Element) -> tuple[float, float] | None:
    """Width and height the picture is drawn at on the page: DrawingML's ``wp:extent`` of
    its inline or anchored drawing, or the ``width``/``height`` of a VML shape's style."""
    for ancestor in picture.iterancestors(f"{_WP}inline", f"{_WP}anchor", f"{_V}shape"):
        if ancestor.tag == f"{_V}shape":
            return _vml_size_cm(ancestor.get("style", ""))
        extent = ancestor.find(f"{_WP}extent")
        if extent is None:
            return None
        try:
            return int(extent.get("cx", "0")) / _EMU_PER_CM, int(
                extent.get("cy", "0")
            ) / _EMU_PER_CM
        except ValueError:
            return None
    return None


_UNIT_CM = {"pt": 1 / _PT_PER_CM, "in": 2.54, "cm": 1.0, "mm": 0.1, "px": 2.54 / 96}


def _vml_size_cm(style: str) -> tuple[float, float] | None:
    values: dict[str, float] = {}
    for item in style.split(";"):
        name, _, value = item.partition(":")
        value = value.strip()
        unit = value[-2:]
        if name.strip() in ("width", "height") and unit in _UNIT_CM:
            try:
                values[name.strip()] = float(value[:-2]) * _UNIT_CM[unit]
            except ValueError:
                return None
    if "width" not in values or "height" not in values:
        return None
    return values["width"], values["height"]


def scanned_pictures(document: docx.document.Document, containers: list[_Element]) -> list[bytes]:
    """The bytes of the pictures in ``containers`` that OCR can read (JPEG, PNG, TIFF,
    BMP), each once, in document order."""
    related = document.part.related_parts
    out: list[bytes] = []
    seen: set[str] = set()
    for container in containers:
        for rid in _picture_ids(container):
            part = related.get(rid)
            if rid in seen or part is None:
                continue
            seen.add(rid)
            blob = part.blob
            if blob.startswith(SCAN_MAGIC):
                out.append(blob)
    return out
