"""What a file is, judged from its bytes (never from its name)."""

from __future__ import annotations

import re

from extract.errors import ExtractionError
from extract.sources.content_type import describe
from extract.sources.content_type import sniff as sniff_format

PDF = "pdf"
HTML = "html"

_HTML_MARKERS = re.compile(
    rb"<\s*(!doctype\s+html|html|head|body|table|meta|div|p)[\s>/]", re.IGNORECASE
)


def sniff(data: bytes) -> str:
    """``pdf`` or ``html``; raises ``empty`` or ``not_pdf`` for anything else."""
    if not data or not data.strip():
        raise ExtractionError("empty", "the file has no content")
    head = data[:1024]
    if b"%PDF-" in head:
        return PDF
    text_head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if _HTML_MARKERS.search(text_head):
        return HTML
    # Say what the bytes are, never what they say: a message reaches the warehouse and
    # the BI snapshot, and the file may be anything (a link to /etc/passwd, a secret).
    what = describe(sniff_format(data))
    raise ExtractionError("not_pdf", f"neither a PDF nor an HTML page: {what}, {len(data)} bytes")


def content_type(kind: str) -> str:
    return {"pdf": "application/pdf", "html": "text/html"}[kind]
