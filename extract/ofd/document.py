"""An OFD notice (GB/T 33190, the fixed-layout format of government document systems):
its pages read into the page model, then read like every fixed-layout notice
(extract/page/document.py). Read directly from its XML, never converted to PDF."""

from __future__ import annotations

from extract.errors import ExtractionError
from extract.limits import Limits
from extract.ofd.package import Package, read_package
from extract.ofd.page import read_ofd_page
from extract.page.content import PageContent
from extract.page.document import document_from_contents
from extract.table.document import ReadDocument


def read_ofd(data: bytes, limits: Limits | None = None) -> ReadDocument:
    """The paragraphs before the task table, then the table's grid on each of its pages."""
    return document_from_contents(ofd_pages(data, limits or Limits()), [])


def ofd_pages(data: bytes, limits: Limits) -> list[PageContent]:
    with Package(data) as package:
        document = read_package(package, limits.max_pages)
    if not document.pages:
        raise ExtractionError("corrupt", "the OFD document has no pages")
    return [read_ofd_page(document, page) for page in document.pages]
