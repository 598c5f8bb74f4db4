"""Word files whose task table is a picture: a scan or screenshot pasted as the only content
of a table, or of the whole body. Such pictures are read by OCR (extract/ocr/, through its
entry point ``read_image``) as the pages of one scanned notice."""

from __future__ import annotations

from collections.abc import Iterator

import docx
from lxml.etree import _Element

from extract.office.word_numbering import W
from extract.pictures import SCAN_MAGIC

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_V = "{urn:schemas-microsoft-com:vml}"


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
