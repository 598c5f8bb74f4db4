"""Notices published as web pages (placeholder until the HTML table path lands)."""

from __future__ import annotations

from extract.pdf.document import DocumentTable


def extract_html(data: bytes) -> DocumentTable:
    raise NotImplementedError
