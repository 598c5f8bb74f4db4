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
DOC = "application/msword"  # OLE2 compound file: .doc, .xls, .wps
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"
RAR = "application/vnd.rar"
OFD = "application/ofd"
EMPTY = "application/x-empty"
TEXT = "text/plain"
BINARY = "application/octet-stream"

SUPPORTED = frozenset({PDF, HTML})

EXTENSIONS: dict[str, str] = {
    PDF: ".pdf",
    HTML: ".html",
    DOC: ".doc",
    DOCX: ".docx",
    XLSX: ".xlsx",
    ZIP: ".zip",
    RAR: ".rar",
    OFD: ".ofd",
    TEXT: ".txt",
}

_HTML_MARKERS = re.compile(rb"<!doctype\s+html|<html|<head|<body|<table|<meta|<div|<p[\s>]", re.I)


def sniff(data: bytes) -> str:
    if not data:
        return EMPTY
    head = data[:2048]
    # Some generators put junk or a BOM before the header; the PDF spec tolerates 1 KB.
    if b"%PDF-" in data[:1024]:
        return PDF
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return DOC
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if head.startswith(b"Rar!\x1a\x07"):
        return RAR
    stripped = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    if stripped.startswith(b"<") and _HTML_MARKERS.search(head):
        return HTML
    if _looks_like_text(head):
        return TEXT
    return BINARY


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
        DOC: "an OLE2 Office file (.doc/.xls/.wps)",
        DOCX: "a Word .docx file",
        XLSX: "an Excel .xlsx file",
        ZIP: "a ZIP archive",
        RAR: "a RAR archive",
        OFD: "an OFD document",
        EMPTY: "an empty file",
        TEXT: "plain text",
        BINARY: "unrecognised binary data",
    }
    return names.get(content_type, content_type)
