"""What a file is, judged from its bytes (never from its name)."""

from __future__ import annotations

import re

from extract.errors import ExtractionError

PDF = "pdf"
HTML = "html"
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

_HTML_MARKERS = re.compile(
    rb"<\s*(!doctype\s+html|html|head|body|table|meta|div|p)[\s>/]", re.IGNORECASE
)


def sniff(data: bytes) -> str:
    """``pdf``, ``html`` or an image kind; raises ``empty`` or ``not_pdf`` for anything else."""
    if not data or not data.strip():
        raise ExtractionError("empty", "the file has no content")
    head = data[:1024]
    if b"%PDF-" in head:
        return PDF
    for magic, kind in _IMAGE_MAGIC:
        if data.startswith(magic):
            return kind
    text_head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if _HTML_MARKERS.search(text_head):
        return HTML
    preview = head[:40].decode("utf-8", errors="replace").strip().replace("\n", " ")
    raise ExtractionError("not_pdf", f"neither a PDF nor an HTML page (starts with {preview!r})")


def content_type(kind: str) -> str:
    return {
        "pdf": "application/pdf",
        "html": "text/html",
        JPEG: "image/jpeg",
        PNG: "image/png",
        TIFF: "image/tiff",
    }[kind]
