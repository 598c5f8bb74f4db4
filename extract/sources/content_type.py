"""Content type from the bytes, never from the URL or the server's header.

Chinese portals serve attachments as application/octet-stream from extension-less
download URLs, and sometimes answer a missing file with an HTML error page labelled
application/pdf; only the bytes tell what arrived.
"""

from __future__ import annotations

import io
import re
import zipfile

PDF = "application/pdf"
HTML = "text/html"
DOC = "application/msword"  # OLE2 compound file with a WordDocument stream: .doc, .wps
XLS = "application/vnd.ms-excel"  # OLE2 compound file with a Workbook stream: .xls, .et
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"
RAR = "application/vnd.rar"
OFD = "application/ofd"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
TIFF = "image/tiff"
BMP = "image/bmp"
SEVEN_Z = "application/x-7z-compressed"
EMPTY = "application/x-empty"
TEXT = "text/plain"
BINARY = "application/octet-stream"

EXTENSIONS: dict[str, str] = {
    PDF: ".pdf",
    HTML: ".html",
    DOC: ".doc",
    XLS: ".xls",
    DOCX: ".docx",
    XLSX: ".xlsx",
    ZIP: ".zip",
    RAR: ".rar",
    OFD: ".ofd",
    PNG: ".png",
    JPEG: ".jpg",
    GIF: ".gif",
    TIFF: ".tif",
    BMP: ".bmp",
    SEVEN_Z: ".7z",
    TEXT: ".txt",
}

# Formats a portal publishes documents in. A file of one of these is always stored and
# registered, read or not; bytes of no known format (text, junk) are judged by extraction.
DOCUMENT_FORMATS = frozenset(EXTENSIONS) - {TEXT}

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"BM", BMP),
    (b"7z\xbc\xaf\x27\x1c", SEVEN_Z),
)
_OLE2_WORKBOOK = ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))

_HTML_MARKERS = re.compile(rb"<!doctype\s+html|<html|<head|<body|<table|<meta|<div|<p[\s>]", re.I)


def sniff(data: bytes) -> str:
    if not data:
        return EMPTY
    head = data[:2048]
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _sniff_ole2(data)
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if head.startswith(b"Rar!\x1a\x07"):
        return RAR
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    # Some generators put junk or a BOM before the header; the PDF spec tolerates 1 KB.
    # Checked after the formats known by their first bytes: a ZIP holding a PDF
    # uncompressed has "%PDF-" in its first kilobyte too.
    if b"%PDF-" in data[:1024]:
        return PDF
    stripped = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    if stripped.startswith(b"<") and _HTML_MARKERS.search(head):
        return HTML
    if _looks_like_text(head):
        return TEXT
    return BINARY


def _sniff_ole2(data: bytes) -> str:
    # The directory of stream names (UTF-16) tells a workbook from a Word document.
    if any(name in data for name in _OLE2_WORKBOOK):
        return XLS
    return DOC


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return ZIP
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    if "OFD.xml" in names:
        return OFD
    return ZIP


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def extension_for(content_type: str) -> str:
    return EXTENSIONS.get(content_type, ".bin")


def describe(content_type: str) -> str:
    names = {
        DOC: "a Word binary file (.doc/.wps)",
        XLS: "an Excel binary file (.xls/.et)",
        DOCX: "a Word .docx file",
        XLSX: "an Excel .xlsx file",
        ZIP: "a ZIP archive",
        RAR: "a RAR archive",
        OFD: "an OFD document",
        PNG: "a PNG image",
        JPEG: "a JPEG image",
        GIF: "a GIF image",
        TIFF: "a TIFF image",
        BMP: "a BMP image",
        SEVEN_Z: "a 7-Zip archive",
        EMPTY: "an empty file",
        TEXT: "plain text",
        BINARY: "unrecognised binary data",
    }
    return names.get(content_type, content_type)


# Formats whose bytes may look like another (a ZIP storing a PDF uncompressed holds
# "%PDF-" early on) and that no reader of extract/ reads: never handed to extraction.
# PNG, JPEG and TIFF scans are read by OCR (extract/ocr/).
NOT_READ = frozenset({ZIP, RAR, SEVEN_Z, OFD, GIF, BMP})


def unsupported_format(kind: str, body: bytes) -> str | None:
    """Why no reader handles these bytes yet, or None when one does (or when they are no
    document format at all: extraction then says what they are). A reader exists when
    the extractor's own sniff accepts the bytes (extract/sniff.py)."""
    from extract.errors import ExtractionError
    from extract.sniff import sniff

    if kind not in DOCUMENT_FORMATS:
        return None
    reason = f"{describe(kind)} ({kind}): no reader handles this format yet"
    if kind in NOT_READ:
        return reason
    try:
        sniff(body)
    except ExtractionError:
        return reason
    return None
