"""Column listings → publications: what each unit put on its disclosure columns.

For every configured column: read its listing pages newest first, through the same
client, pacing, limits and fault records as notices (http_client.SourceClient); each item
is a title, a date and a link. Incremental: a column's items are remembered in the fetch
state, and a listing page whose items are all known ends the walk, so a second fetch with
nothing new reads only each column's first page. An item page is opened only when the
listing prints no date, and its date is remembered. An item re-posted in several columns
(same title and date) is one publication listed twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from extract.sources.charset import decode_html
from extract.sources.http_client import (
    HostPacer,
    Pacer,
    SourceClient,
    conditional_headers,
    host_allowed,
)
from extract.sources.listing import clean_text, parse_listing
from extract.sources.publication_config import (
    ColumnIdentity,
    PublicationColumn,
    PublicationSourceConfig,
    column_identity,
)
from extract.sources.publication_dates import (
    YEAR_HEADING,
    parse_listing_date,
    parse_page_date,
    title_period,
)
from extract.sources.report import FetchError, FetchFault, FetchReport, utc_now_iso
from extract.sources.state import FetchState, load_state, save_state

_NAV_TEXTS = frozenset(
    {"下一页", "下页", "后一页", "上一页", "上页", "前一页", "首页", "尾页", "末页", "最后一页"}
    | {"next", "last", "›", ">", "»", "<", "«", "‹", "更多", "more"}
)
_ROW_TAGS = ("li", "tr", "dd")
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "dt", "caption", "th"})
_CRUMB = re.compile(r"crumb|position|location|dqwz|weizhi|path", re.I)
_MIN_UNDATED_TITLE = 6  # an undated link shorter than this is a menu entry, not an item


@dataclass(frozen=True)
class ListedItem:
    """One item as a listing page prints it."""

    url: str
    title: str
    published_on: dt.date | None


@dataclass(frozen=True)
class ColumnPage:
    items: tuple[ListedItem, ...]
    next_url: str | None
    breadcrumb: str | None


@dataclass(frozen=True)
class PublicationListing:
    """One item of one column (raw.publication_listings); `publication_id` is shared by
    the same item re-posted in several columns of the source."""

    publication_id: str
    source_id: str
    column_url: str
    column_path: str | None
    unit_name: str | None
    topic: str | None
    region_adcode: str | None
    item_url: str
    title: str
    published_on: str | None  # ISO date
    date_source: str | None  # listing | page | None (undated)
    title_period_grain: str | None
    title_period_year: int | None
    title_period_index: int | None
    listing_page: int
    fetched_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PublicationSourceRecord:
    """A publication source as the marts need it (raw.publication_sources)."""

    source_id: str
    region_adcode: str | None
    grace_days: int | None
    columns: int


@dataclass
class PublicationsReport:
    listings: list[PublicationListing] = field(default_factory=list)
    faults: list[FetchFault] = field(default_factory=list)
    sources: list[PublicationSourceRecord] = field(default_factory=list)
    # Listing pages read per column URL in this fetch (incrementality is checked on it).
    pages_read: dict[str, int] = field(default_factory=dict)
    fetch: FetchReport = field(default_factory=FetchReport)


# ---------------------------------------------------------------- listing pages


def _row_of(a: Tag) -> Tag | None:
    for parent in a.parents:
        if isinstance(parent, Tag) and parent.name in _ROW_TAGS:
            return parent
    return None


def _is_year_heading(el: Tag) -> int | None:
    if el.name in _ROW_TAGS or el.find("a") is not None:
        return None
    if el.name not in _HEADING_TAGS and not any(
        not isinstance(c, Tag) and str(c).strip() for c in el.children
    ):
        return None  # a wrapper whose text is all its children's
    m = YEAR_HEADING.match(el.get_text(" ", strip=True))
    return int(m[1]) if m else None


def _breadcrumb(soup: BeautifulSoup) -> str | None:
    for el in soup.find_all(True):
        marker = " ".join([*(el.get("class") or []), str(el.get("id") or "")])
        text = clean_text(el.get_text(" "))
        if text.startswith(("当前位置", "您的位置", "所在位置")) or (
            _CRUMB.search(marker) and ">" in text
        ):
            return text
    return None


def parse_column_page(html: str, base_url: str) -> ColumnPage:
    """The items of one listing page (link, title, date), its next page and breadcrumb.

    An item is a link inside a list row (li, tr, dd); its date is read from the row's
    text without the title (a title may itself contain a date), in full, or as month-day
    under the nearest year heading before it.
    """
    soup = BeautifulSoup(html, "lxml")
    items: list[ListedItem] = []
    seen: set[str] = set()
    year: int | None = None
    for el in soup.find_all(True):
        heading_year = _is_year_heading(el)
        if heading_year is not None:
            year = heading_year
            continue
        if el.name != "a" or not el.get("href"):
            continue
        href = str(el["href"]).strip()
        if not href or href.lower().startswith(("javascript:", "mailto:", "#", "tel:")):
            continue
        title = clean_text(str(el.get("title") or "")) or clean_text(el.get_text(" "))
        if not title or title.lower() in _NAV_TEXTS:
            continue
        row = _row_of(el)
        if row is None:
            continue
        url = urljoin(base_url, href).split("#", 1)[0]
        if url in seen:
            continue
        row_text = clean_text(row.get_text(" ")).replace(clean_text(el.get_text(" ")), " ")
        published = parse_listing_date(row_text, year)
        if published is None and len(title) < _MIN_UNDATED_TITLE:
            continue
        seen.add(url)
        items.append(ListedItem(url, title, published))
    return ColumnPage(tuple(items), parse_listing(html, base_url).next_url, _breadcrumb(soup))


# ---------------------------------------------------------------- identity of a publication


def normalised_title(title: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", title))


def publication_id(source_id: str, title: str, published_on: str | None, url: str) -> str:
    """One publication however many columns list it: its source, title and date (an
    undated item is known by its URL only)."""
    key = "|".join((source_id, normalised_title(title), published_on or f"url:{url}"))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


# ---------------------------------------------------------------- fetching a column


def _column_key(column: PublicationColumn) -> str:
    return f"publications:{column.url}"


def _fault(cfg: PublicationSourceConfig, url: str, err: FetchError) -> FetchFault:
    return FetchFault(cfg.id, url, err.kind, err.message, utc_now_iso())


@dataclass(frozen=True)
class _Pages:
    """What reading a run of listing pages gave."""

    found: list[tuple[ListedItem, int]]  # new items with the listing page they were on
    breadcrumb: str | None
    # Where reading stopped short (the page not read, and its number), or None when it
    # reached the end of the listing or ground the previous fetch had read.
    resume: tuple[str, int] | None
    pages: int  # pages requested
    validators: dict[str, str]  # ETag / Last-Modified of the first page read


def _read_pages(
    cfg: PublicationSourceConfig,
    column: PublicationColumn,
    client: SourceClient,
    known: dict[str, Any],
    start: tuple[str, int],
    *,
    stop_at_known: bool,
    budget: int,
    validators: dict[str, str],
    report: PublicationsReport,
) -> _Pages:
    """Read listing pages from `start` (URL, page number) following the next-page links,
    newest first, until the end, a page holding a known item (`stop_at_known`), a fault
    or `budget` pages. With `validators`, the first page is asked conditionally: a 304
    means nothing new."""
    url: str | None = start[0]
    page_no = start[1]
    visited: set[str] = set()
    found: list[tuple[ListedItem, int]] = []
    breadcrumb: str | None = None
    first_validators: dict[str, str] = {}
    while url and url not in visited:
        if len(visited) >= budget:
            report.faults.append(
                _fault(
                    cfg,
                    column.url,
                    FetchError(
                        "listing_cut",
                        f"{len(visited)} listing pages read (max_listing_pages) and more "
                        f"follow from {url}: the next fetch reads on from there",
                    ),
                )
            )
            return _Pages(found, breadcrumb, (url, page_no), len(visited), first_validators)
        asked: dict[str, object] = dict(validators)
        ask = conditional_headers(asked) if not visited and validators else None
        visited.add(url)
        try:
            result = client.get(url, headers=ask)
        except FetchError as err:
            report.faults.append(_fault(cfg, url, err))
            return _Pages(found, breadcrumb, (url, page_no), len(visited), first_validators)
        report.pages_read[column.url] = report.pages_read.get(column.url, 0) + 1
        if len(visited) == 1:
            first_validators = {
                key: result.headers[header]
                for key, header in (("etag", "etag"), ("last_modified", "last-modified"))
                if header in result.headers
            }
            if result.not_modified:
                return _Pages([], None, None, 1, dict(validators))
        page = parse_column_page(
            decode_html(result.body, result.headers.get("content-type")), result.url
        )
        breadcrumb = breadcrumb or page.breadcrumb
        new = [item for item in page.items if item.url not in known]
        found += [(item, page_no) for item in new]
        if stop_at_known and len(new) < len(page.items):
            return _Pages(found, breadcrumb, None, len(visited), first_validators)
        url = page.next_url
        page_no += 1
    return _Pages(found, breadcrumb, None, len(visited), first_validators)


@dataclass(frozen=True)
class _Walk:
    found: list[tuple[ListedItem, int]]
    breadcrumb: str | None
    resume: tuple[str, int] | None  # where the next fetch reads on; None: all read
    validators: dict[str, str]


def _walk_listing(
    cfg: PublicationSourceConfig,
    column: PublicationColumn,
    client: SourceClient,
    known: dict[str, Any],
    entry: dict[str, Any],
    report: PublicationsReport,
) -> _Walk:
    """The newest pages down to what the last fetch read; then, if an earlier walk was
    cut short (page limit, fault), on from where it stopped. A first fetch reads all."""
    complete = bool(entry.get("complete"))
    resume_entry = entry.get("resume")
    resume = (str(resume_entry[0]), int(resume_entry[1])) if resume_entry else None
    validators = {k: str(entry[k]) for k in ("etag", "last_modified") if entry.get(k)}
    seen_before = complete or resume is not None
    newest = _read_pages(
        cfg,
        column,
        client,
        known,
        (column.url, 1),
        stop_at_known=seen_before,
        budget=cfg.max_listing_pages,
        validators=validators if seen_before else {},
        report=report,
    )
    found, breadcrumb = list(newest.found), newest.breadcrumb
    kept_validators = newest.validators or validators
    if newest.resume is not None:
        # Cut short among the new pages: reading on from there also reaches the older
        # unread ground, further down.
        return _Walk(found, breadcrumb, newest.resume, kept_validators)
    if resume is None:
        return _Walk(found, breadcrumb, None, kept_validators)
    older = _read_pages(
        cfg,
        column,
        client,
        {**known, **{item.url: True for item, _ in found}},
        resume,
        stop_at_known=False,
        budget=max(cfg.max_listing_pages - newest.pages, 0),
        validators={},
        report=report,
    )
    return _Walk(found + older.found, breadcrumb or older.breadcrumb, older.resume, kept_validators)


def _item_page_date(
    cfg: PublicationSourceConfig,
    item: ListedItem,
    client: SourceClient,
    report: PublicationsReport,
) -> dt.date | None:
    if not host_allowed(item.url, cfg.allowed_hosts):
        report.faults.append(
            _fault(
                cfg,
                item.url,
                FetchError(
                    "foreign_link",
                    f"undated item {item.title!r} links outside allowed hosts "
                    f"{list(cfg.allowed_hosts)}; its date cannot be read",
                ),
            )
        )
        return None
    try:
        result = client.get(item.url)
    except FetchError as err:
        report.faults.append(_fault(cfg, item.url, err))
        return None
    report.fetch.count("item_pages")
    return parse_page_date(decode_html(result.body, result.headers.get("content-type")))


def fetch_column(
    cfg: PublicationSourceConfig,
    column: PublicationColumn,
    client: SourceClient,
    state: FetchState,
    report: PublicationsReport,
) -> None:
    """Read one column's new items into `report.listings`; remember them in `state`."""
    entry = state.get(_column_key(column))
    known: dict[str, Any] = dict(entry.get("items") or {})
    walk = _walk_listing(cfg, column, client, known, entry, report)
    new_items, breadcrumb = walk.found, walk.breadcrumb
    identity: ColumnIdentity = column_identity(column, breadcrumb or entry.get("breadcrumb"))
    unit = cfg.canonical_unit(identity.unit)
    fetched_at = utc_now_iso()
    item_pages = 0
    for item, page_no in new_items:
        published = item.published_on
        source: str | None = "listing"
        if published is None:
            source = None
            if cfg.item_pages and item_pages < cfg.max_item_pages:
                item_pages += 1
                published = _item_page_date(cfg, item, client, report)
                source = "page" if published else None
        published_iso = published.isoformat() if published else None
        if published is None:
            report.faults.append(
                _fault(
                    cfg,
                    item.url,
                    FetchError(
                        "undated_item",
                        f"no date for {item.title!r} in column {column.url} (neither the "
                        "listing nor the item page prints one): it cannot count for a period",
                    ),
                )
            )
        named = title_period(item.title, published.year if published else None)
        report.listings.append(
            PublicationListing(
                publication_id=publication_id(cfg.id, item.title, published_iso, item.url),
                source_id=cfg.id,
                column_url=column.url,
                column_path=identity.path,
                unit_name=unit,
                topic=identity.topic,
                region_adcode=cfg.region_adcode,
                item_url=item.url,
                title=item.title,
                published_on=published_iso,
                date_source=source,
                title_period_grain=named.grain if named else None,
                title_period_year=named.year if named else None,
                title_period_index=named.index if named else None,
                listing_page=page_no,
                fetched_at=fetched_at,
            )
        )
        known[item.url] = [item.title, published_iso]
    state.entries[_column_key(column)] = {
        **walk.validators,
        "kind": "publication_column",
        "items": known,
        # Read to the end (or to known ground): the next fetch stops at the first known
        # item. Cut short: it also reads on from `resume` (URL, page number).
        "complete": walk.resume is None,
        "resume": list(walk.resume) if walk.resume else None,
        "breadcrumb": breadcrumb or entry.get("breadcrumb"),
        "fetched_at": fetched_at,
    }
    if unit is None:
        report.faults.append(
            _fault(
                cfg,
                column.url,
                FetchError(
                    "unreadable",
                    f"column {column.url} names no unit (none declared, none in its path "
                    f"{identity.path!r}): its items count for nobody",
                ),
            )
        )


def run_publication_sources(
    sources: tuple[PublicationSourceConfig, ...],
    state_path: Path,
    pacer: Pacer | None = None,
) -> PublicationsReport:
    """Fetch every column of every publication source; faults are recorded, never raised."""
    report = PublicationsReport()
    state = load_state(state_path)
    pacer = pacer or HostPacer()
    try:
        for cfg in sources:
            report.sources.append(
                PublicationSourceRecord(cfg.id, cfg.region_adcode, cfg.grace_days, len(cfg.columns))
            )
            with SourceClient(cfg.http(), report.fetch, pacer) as client:
                for column in cfg.columns:
                    if not host_allowed(column.url, cfg.allowed_hosts):
                        report.faults.append(
                            _fault(
                                cfg,
                                column.url,
                                FetchError(
                                    "foreign_link",
                                    f"column {column.url} is outside allowed hosts "
                                    f"{list(cfg.allowed_hosts)}",
                                ),
                            )
                        )
                        continue
                    fetch_column(cfg, column, client, state, report)
    finally:
        save_state(state_path, state)
    return report
