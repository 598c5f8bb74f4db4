"""What a file is, judged from its bytes (never from its name).

The format names are what ``Extraction.kind`` and ``raw.documents.format`` record:
``pdf``, ``html``, ``ofd``, ``docx``, ``doc`` (the Word binary family, also saved as ``.wps`` by
WPS Office), ``xlsx`` and ``xls`` (the Excel binary family, also ``.et``). A file that is
something else but recognisable (a ZIP or RAR archive, a GIF) fails as
``unsupported_format`` with its type named, so a later reader (OCR for images) can take it
up by adding one entry to ``_READABLE``.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile

from extract.errors import ExtractionError

PDF = "pdf"
HTML = "html"
DOCX = "docx"
DOC = "doc"
XLSX = "xlsx"
XLS = "xls"
OFD = "ofd"  # GB/T 33190, the fixed-layout format of government document systems
# Scanned attachments uploaded as pictures (read by OCR).
JPEG = "jpeg"
PNG = "png"
TIFF = "tiff"
IMAGE_KINDS = (JPEG, PNG, TIFF)
_IMAGE_MAGIC = (
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
)

# Formats with a reader; a recognised format outside this set is unsupported_format.
_READABLE = frozenset({PDF, HTML, DOCX, DOC, XLSX, XLS, OFD, *IMAGE_KINDS})

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_MARKERS = re.compile(
    rb"<\s*(!doctype\s+html|html|head|body|table|meta|div|p)[\s>/]", re.IGNORECASE
)
# A page served where a document was expected opens with one of these.
_PAGE_MARKERS = re.compile(rb"<!doctype\s+html|<html|<head|<body|<table|<meta|<div|<p[\s>]", re.I)
# (magic at offset 0, format name): recognised so they fail with their type named.
_OTHER_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"Rar!\x1a\x07", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
    (b"{\\rtf", "rtf"),
)
# What each format is, in words, for messages: the one table (extract/sources/
# content_type.describe names a MIME type through it). "text", "binary" and "empty" are
# bytes of no known format.
_DESCRIPTIONS = {
    PDF: "a PDF document",
    HTML: "an HTML page",
    DOC: "a Word binary file (.doc/.wps)",
    XLS: "an Excel binary file (.xls/.et)",
    DOCX: "a Word .docx file",
    XLSX: "an Excel .xlsx file",
    OFD: "an OFD document",
    "zip": "a ZIP archive",
    "rar": "a RAR archive",
    "7z": "a 7-Zip archive",
    PNG: "a PNG image",
    JPEG: "a JPEG image",
    "gif": "a GIF image",
    TIFF: "a TIFF image",
    "bmp": "a BMP image",
    "webp": "a WebP image",
    "rtf": "an RTF document",
    "ole2": "an OLE2 compound file that is neither Word nor Excel",
    "empty": "an empty file",
    "text": "plain text",
    "binary": "unrecognised binary data",
}


def describe(kind: str) -> str:
    """A format name in words ("a ZIP archive"); the name itself when unknown."""
    return _DESCRIPTIONS.get(kind, kind)


NOT_A_NOTICE_FORMAT = (
    "not a format notices reads (PDF, HTML, Word .docx/.doc/.wps, Excel .xlsx/.xls/.et, "
    "or a scanned PNG/JPEG/TIFF)"
)
"""What a file none of the readers recognises is told (error kind `not_pdf`)."""


def unsupported_reason(kind: str) -> str:
    """The one message of an `unsupported_format` failure, whichever path judged it: the
    fetch that registered the file (extract/sources/content_type.py) and `notices
    extract` say the same words of the same bytes."""
    return f"{describe(kind)} ({kind}): no reader handles this format yet"


def sniff(data: bytes) -> str:
    """The readable format of ``data``; raises ``empty``, ``unsupported_format`` or
    ``not_pdf`` (unrecognised bytes) otherwise."""
    if not data or not data.strip():
        raise ExtractionError("empty", "the file has no content")
    kind = file_format(data)
    if kind in _READABLE:
        return kind
    if kind is not None:
        raise ExtractionError("unsupported_format", unsupported_reason(kind))
    # Say what the bytes are, never what they say: a message reaches the warehouse and
    # the BI snapshot, and the file may be anything (a link to /etc/passwd, a secret).
    what = describe(unknown_bytes_kind(data))
    raise ExtractionError("not_pdf", f"{NOT_A_NOTICE_FORMAT}: {what}, {len(data)} bytes")


def file_format(data: bytes) -> str | None:
    """The format name of ``data`` when recognised (readable or not), else None."""
    # Magic numbers at offset 0 first: a ZIP that stores a PDF uncompressed holds
    # "%PDF-" in its first kilobyte too.
    if data.startswith(OLE2):
        return ole2_format(data)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return zip_format(data)
    head = data[:1024]
    if b"%PDF-" in head:
        return PDF
    for magic, kind in _IMAGE_MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    for magic, name in _OTHER_MAGIC:
        if data.startswith(magic):
            return name
    text_head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if _HTML_MARKERS.search(text_head):
        return HTML
    return None


def unknown_bytes_kind(data: bytes) -> str:
    """What bytes of no known format are: `html` (a page that opens like one, e.g. an error
    page served for a document), `text`, `binary` or `empty`."""
    if not data:
        return "empty"
    head = data[:2048]
    stripped = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    if stripped.startswith(b"<") and _PAGE_MARKERS.search(head):
        return HTML
    if b"\x00" not in head and any(_decodes(head, e) for e in ("utf-8", "gb18030")):
        return "text"
    return "binary"


def _decodes(head: bytes, encoding: str) -> bool:
    try:
        head.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def zip_format(data: bytes) -> str:
    """docx, xlsx, ofd or zip, from the names of the archive's members."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "zip"
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    if "OFD.xml" in names:
        return OFD
    return "zip"


# Stream names of the Office binary formats (MS-DOC, MS-XLS; WPS writes the same).
_WORD_STREAMS = ("WordDocument",)
_EXCEL_STREAMS = ("Workbook", "Book")


def ole2_format(data: bytes) -> str:
    """doc or xls, from the names of the compound file's streams; ``ole2`` otherwise."""
    names = ole2_stream_names(data)
    if any(name in names for name in _WORD_STREAMS):
        return DOC
    if any(name in names for name in _EXCEL_STREAMS):
        return XLS
    return "ole2"


def ole2_stream_names(data: bytes) -> set[str]:
    """Names of the stream entries of a compound file's directory.

    Directory entries are 128 bytes each and sectors are multiples of 128 bytes, so every
    entry starts at a multiple of 128 in the file: looking the names up there is exact
    without following the allocation table (and copes with a truncated one)."""
    names: set[str] = set()
    for wanted in _WORD_STREAMS + _EXCEL_STREAMS:
        encoded = wanted.encode("utf-16-le") + b"\x00\x00"
        start = 512
        while (found := data.find(encoded, start)) != -1:
            start = found + 1
            if found % 128:
                continue
            entry = data[found : found + 128]
            if len(entry) < 128:
                break
            (name_length,) = struct.unpack_from("<H", entry, 64)
            if name_length == len(encoded) and entry[66] == 2:  # 2: a stream object
                names.add(wanted)
                break
    return names


def content_type(kind: str) -> str:
    return {
        PDF: "application/pdf",
        HTML: "text/html",
        DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        DOC: "application/msword",
        XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        XLS: "application/vnd.ms-excel",
        OFD: "application/ofd",
        JPEG: "image/jpeg",
        PNG: "image/png",
        TIFF: "image/tiff",
    }[kind]
