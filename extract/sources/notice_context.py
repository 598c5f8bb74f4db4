"""What a document inherits from where it was found: its notice page and its source.

A Word or Excel attachment usually holds the table and little else: no title, 文号,
issuer or date. The notice page that links it says all of that. The fetcher records the
page's values with the document (`capture`, stored in raw.documents.notice_context);
the extract step fills what the file itself lacks (`inherit`), so `notices reprocess`
applies it again with the current parser. The file's own values always win.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from extract.contract import NoticeMeta, Region, TaskRow
from extract.deadline import deadline_date
from extract.errors import ExtractionError
from extract.ids import notice_id
from extract.regions import default_index

CAPTURE_MAX_BYTES = 2_000_000
# The fields a notice page can give a document that lacks them.
PAGE_FIELDS = ("title", "doc_number", "issuer", "publish_date", "year")
# "附件", "附件1", "附件2：" and the like name an attachment, never a notice.
_ATTACHMENT_LABEL = re.compile(r"^\s*附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[:：.、]?\s*$")


def is_real_title(title: object) -> bool:
    return isinstance(title, str) and bool(title.strip()) and not _ATTACHMENT_LABEL.match(title)


def capture(page_html: bytes, *, link_title: str | None = None) -> dict[str, Any]:
    """Title, 文号, issuer, date, year and region of a notice page, as far as it says.

    `link_title` is the text the listing linked the page with: the notice's title when
    the page's own heading cannot be found. Never raises: a page that cannot be read
    gives what the link says.
    """
    from extract.html_page import read_html
    from extract.metadata import notice_metadata

    meta: dict[str, Any] = {}
    # A notice page is a few KB; a huge one is not parsed twice at fetch (memory).
    if len(page_html) <= CAPTURE_MAX_BYTES:
        try:
            paragraphs = [b for b in read_html(page_html).blocks if isinstance(b, str)]
            meta = notice_metadata(paragraphs, columns=[], has_task_table=False)
        except (ExtractionError, ValueError, LookupError):
            meta = {}  # what the page says is a bonus: its attachments are fetched anyway
    context: dict[str, Any] = {name: meta.get(name) for name in PAGE_FIELDS}
    if not is_real_title(context["title"]):
        context["title"] = link_title if is_real_title(link_title) else None
    region = meta.get("region") or {}
    if region.get("adcode"):
        context["region"] = dict(region)
    return {k: v for k, v in context.items() if v is not None}


def with_source_region(
    context: dict[str, Any] | None, region_adcode: str | None
) -> dict[str, Any] | None:
    """The context plus the source's declared region (for documents that name none)."""
    if not region_adcode:
        return context
    return {**(context or {}), "source_region_adcode": region_adcode}


def _region_of_adcode(adcode: str) -> dict[str, str | None] | None:
    for region in default_index().regions:
        if region.adcode == adcode:
            return region.as_dict()
    return None


def _missing(meta: NoticeMeta, name: str) -> bool:
    value = getattr(meta, name)
    if name == "title":
        return not is_real_title(value)
    return value is None or value == ""


def _page_text(meta: NoticeMeta, context: dict[str, Any], name: str) -> str | None:
    own: str | None = getattr(meta, name)
    if not _missing(meta, name) or context.get(name) in (None, ""):
        return own
    return str(context[name])


def _page_year(meta: NoticeMeta, context: dict[str, Any]) -> int | None:
    value = context.get("year")  # the context is JSON from raw.documents
    if meta.year is not None or isinstance(value, bool) or not isinstance(value, int):
        return meta.year
    return value


def inherit(
    meta: NoticeMeta,
    rows: Sequence[TaskRow],
    context: dict[str, Any] | None,
    *,
    document_sha256: str | None = None,
) -> tuple[NoticeMeta, tuple[TaskRow, ...]]:
    """Meta and rows with what the file lacks filled from `context` (pure).

    The notice id follows the filled issuer, 文号, title and year by the extractor's own
    rule (extract/ids.py: an identity too thin to tell notices apart falls back to the
    document's sha256), and a row's deadline date is re-read when the year was only known
    from the page.
    """
    year_before = meta.year
    identity_before = (meta.issuer, meta.doc_number, meta.title, year_before)
    if not is_real_title(meta.title):
        meta = replace(meta, title=None)  # 附件 is never a title; a missing title stays null
    context = context or {}
    meta = replace(  # PAGE_FIELDS
        meta,
        title=_page_text(meta, context, "title"),
        doc_number=_page_text(meta, context, "doc_number"),
        issuer=_page_text(meta, context, "issuer"),
        publish_date=_page_text(meta, context, "publish_date"),
        year=_page_year(meta, context),
    )
    if not meta.region.adcode:
        inherited = context.get("region")
        if not (isinstance(inherited, dict) and inherited.get("adcode")):
            declared = context.get("source_region_adcode")
            inherited = _region_of_adcode(str(declared)) if declared else None
        if inherited:
            meta = replace(meta, region=Region.from_json(inherited))
    identity = (meta.issuer, meta.doc_number, meta.title, meta.year)
    # The extractor's own id stands unless inheriting changed what it is made of, or
    # nothing is left to make one of (the extractor then knows best: titleless twins must
    # not share an id).
    keep = identity == identity_before or not any(v not in (None, "") for v in identity)
    new_id = (
        meta.notice_id
        if keep
        else notice_id(*identity, document_sha256=document_sha256, kind=meta.kind)
    )
    year_changed = meta.year != year_before
    meta = meta.with_id(new_id)
    out_rows = []
    for row in rows:
        row = replace(row, notice_id=new_id)
        if year_changed and row.deadline_date is None:
            row = replace(
                row,
                deadline_date=deadline_date(row.deadline_text, row.requirement or "", meta.year),
            )
        out_rows.append(row)
    return meta, tuple(out_rows)
