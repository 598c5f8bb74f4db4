"""An OFD notice (GB/T 33190, the fixed-layout format of government document systems):
its pages read into the page model, then read like every fixed-layout notice
(extract/page/layout.py). Read directly from its XML, never converted to PDF."""

from __future__ import annotations

from extract.errors import ExtractionError
from extract.limits import Limits
from extract.ofd.package import OfdDocument, Package, load_page, read_package
from extract.ofd.page import page_picture, read_ofd_page
from extract.page.content import PageContent
from extract.page.layout import document_from_contents
from extract.pictures import SCAN_MAGIC, read_pictures
from extract.table.document import ReadDocument


def read_ofd(data: bytes, limits: Limits | None = None) -> ReadDocument:
    """The paragraphs before the task table, then the table's grid on each of its pages.
    An OFD made from a scan (pages that are one picture each, no text) is read by OCR."""
    limits = limits or Limits()
    with Package(data) as package:
        document = _document(package, limits)
        contents: list[PageContent] = []
        pictures: list[str | None] = []
        for ref in document.pages:
            page = load_page(package, document, ref)
            contents.append(read_ofd_page(document, page))
            pictures.append(page_picture(document, page))
        scans = (
            [] if any(p.chars for p in contents) else _scans(package, document, pictures, limits)
        )
    if scans:
        scanned = read_pictures(scans)
        if scanned is not None:
            return scanned
    return document_from_contents(contents, [])


def ofd_pages(data: bytes, limits: Limits) -> list[PageContent]:
    with Package(data) as package:
        document = _document(package, limits)
        return [
            read_ofd_page(document, load_page(package, document, ref)) for ref in document.pages
        ]


def _document(package: Package, limits: Limits) -> OfdDocument:
    document = read_package(package, limits.max_pages)
    if not document.pages:
        raise ExtractionError("corrupt", "the OFD document has no pages")
    return document


def _scans(
    package: Package, document: OfdDocument, pictures: list[str | None], limits: Limits
) -> list[bytes]:
    """The page-sized picture of every page that has one, in page order."""
    scans: list[bytes] = []
    for resource in pictures:
        name = document.media.get(resource or "")
        data = package.blob(name, limits.max_bytes) if name else None
        if data is not None and data.startswith(SCAN_MAGIC):
            scans.append(data)
    return scans
