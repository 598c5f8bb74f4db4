"""Content type from the bytes, never from the URL or the server's header.

Chinese portals serve attachments as application/octet-stream from extension-less
download URLs, and sometimes answer a missing file with an HTML error page labelled
application/pdf; only the bytes tell what arrived.
"""

from __future__ import annotations

from extract.errors import ExtractionError
from extract.sniff import describe as describe_format
from extract.sniff import file_format, unknown_bytes_kind, unsupported_reason
from extract.sniff import sniff as sniff_readable

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

# extract/sniff.py names a file's format from its magic numbers (the one rule, shared
# with extraction); here that name becomes the MIME type the landing store records.
_FORMAT_MIME: dict[str, str] = {
    "pdf": PDF,
    "doc": DOC,
    "ole2": DOC,  # a compound file with neither stream: kept as an Office binary
    "xls": XLS,
    "docx": DOCX,
    "xlsx": XLSX,
    "zip": ZIP,
    "rar": RAR,
    "ofd": OFD,
    "png": PNG,
    "jpeg": JPEG,
    "gif": GIF,
    "tiff": TIFF,
    "bmp": BMP,
    "7z": SEVEN_Z,
}

# The other way round, for describing a MIME type; bytes of no format have a name too.
_MIME_FORMAT: dict[str, str] = {
    **{mime: kind for kind, mime in _FORMAT_MIME.items() if kind != "ole2"},
    HTML: "html",
    EMPTY: "empty",
    TEXT: "text",
    BINARY: "binary",
}

_KIND_MIME = {"html": HTML, "text": TEXT, "binary": BINARY, "empty": EMPTY}


def sniff(data: bytes) -> str:
    """The MIME type of `data`, from extract/sniff.py's one reading of the bytes."""
    kind = file_format(data) if data else None
    if kind in _FORMAT_MIME:
        return _FORMAT_MIME[kind]
    return _KIND_MIME[unknown_bytes_kind(data)]


def extension_for(content_type: str) -> str:
    return EXTENSIONS.get(content_type, ".bin")


def describe(content_type: str) -> str:
    """A MIME type in words, from extract/sniff.py's one table of format descriptions."""
    return describe_format(_MIME_FORMAT.get(content_type, content_type))


# Formats whose bytes may look like another (a ZIP storing a PDF uncompressed holds
# "%PDF-" early on) and that no reader of extract/ reads: never handed to extraction.
# PNG, JPEG and TIFF scans are read by OCR (extract/ocr/), OFD by extract/ofd/.
NOT_READ = frozenset({ZIP, RAR, SEVEN_Z, GIF, BMP})


def unsupported_format(kind: str, body: bytes) -> str | None:
    """Why no reader handles these bytes yet, or None when one does (or when they are no
    document format at all: extraction then says what they are). A reader exists when
    the extractor's own sniff accepts the bytes (extract/sniff.py)."""
    if kind not in DOCUMENT_FORMATS:
        return None
    # named from the bytes as extraction names them, so both say the same of one file
    reason = unsupported_reason(file_format(body) or _MIME_FORMAT.get(kind, kind))
    if kind in NOT_READ:
        return reason
    try:
        sniff_readable(body)
    except ExtractionError as error:
        return error.message if error.kind == "unsupported_format" else reason
    return None
