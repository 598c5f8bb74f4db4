"""Disclosure columns (栏目) served by the test portal (tests/sources/fetch_portal.Portal):
each column a paginated listing of items printed in one of the date forms portals use,
newest first, with item pages for the items a listing prints no date for.

A history is data (Column, Item); `serve_columns` turns it into routes, and
`add_items` publishes more later (the incremental fetch tests).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tests.sources.fetch_portal import Portal, Resource, etag_of, gbk_page

DATE_FORMS = ("dash", "chinese", "slash", "heading", "undated", "dotted")


@dataclass(frozen=True)
class Item:
    title: str
    date: dt.date | None  # the date the portal knows (printed, or on the item page only)
    slug: str = ""  # the item page's name; by default made from its position
    page_has_date: bool = True  # for undated listings: whether the item page prints it


@dataclass
class Column:
    key: str  # the URL folder: /col/<key>/index.html
    form: str  # how the listing prints dates: one of DATE_FORMS
    items: list[Item] = field(default_factory=list)  # any order; served newest first
    per_page: int = 6
    breadcrumb: str | None = None  # 当前位置 line printed above the list

    def __post_init__(self) -> None:
        assert self.form in DATE_FORMS, self.form

    @property
    def path(self) -> str:
        return f"/col/{self.key}/index.html"


def _page_path(column: Column, n: int) -> str:
    return column.path if n == 1 else f"/col/{column.key}/index_{n}.html"


def item_path(column: Column, item: Item, index: int) -> str:
    return f"/art/{column.key}/{item.slug or f'item{index}'}.html"


def _ordered(column: Column) -> list[tuple[int, Item]]:
    # Newest first, as portals list; undated items sort by their hidden date.
    indexed = list(enumerate(column.items))
    return sorted(indexed, key=lambda pair: (pair[1].date or dt.date.min, pair[0]), reverse=True)


def _row(column: Column, item: Item, href: str) -> str:
    day = item.date
    link = f'<a href="{href}" title="{item.title}">{item.title}</a>'
    if column.form == "undated" or day is None:
        return f"<li>{link}</li>"
    if column.form == "dash":
        return f"<li>{link}<span class='date'>{day:%Y-%m-%d}</span></li>"
    if column.form == "dotted":
        return f"<tr><td>{link}</td><td>{day:%Y.%m.%d}</td></tr>"
    if column.form == "chinese":
        return f"<li>{link}<span>{day.year}年{day.month}月{day.day}日</span></li>"
    if column.form == "slash":
        return f"<li><span>{day.year}/{day.month}/{day.day}</span> {link}</li>"
    return f"<li>{link} <span>[{day:%m-%d}]</span></li>"  # heading: month-day under a year


def _listing_body(column: Column, rows: list[tuple[int, Item]], n: int, pages: int) -> str:
    parts: list[str] = []
    menu = '<div class="menu"><a href="/index.html">首页</a> <a href="/col/col9/index.html">政务公开</a></div>'
    parts.append(menu)
    if column.breadcrumb:
        parts.append(f'<div class="position">当前位置：{column.breadcrumb}</div>')
    year: int | None = None
    table = column.form == "dotted"
    parts.append("<table>" if table else "<ul>")
    for index, item in rows:
        if column.form == "heading" and item.date and item.date.year != year:
            year = item.date.year
            parts.append(f"</ul><h3>{year}年</h3><ul>")
        parts.append(_row(column, item, item_path(column, item, index)))
    parts.append("</table>" if table else "</ul>")
    nav = []
    if n > 1:
        nav.append(f'<a href="{_page_path(column, n - 1).rsplit("/", 1)[1]}">上一页</a>')
    if n < pages:
        nav.append(f'<a href="{_page_path(column, n + 1).rsplit("/", 1)[1]}">下一页</a>')
    parts.append(f"<div class='pager'>{' '.join(nav)}</div>")
    return "".join(parts)


def serve_columns(portal: Portal, columns: list[Column], *, etags: bool = True) -> None:
    """(Re)build every listing page and item page of the columns on the portal; listing
    pages answer conditional requests (ETag) unless `etags` is false."""
    for column in columns:
        ordered = _ordered(column)
        pages = max(1, -(-len(ordered) // column.per_page))
        for n in range(1, pages + 1):
            rows = ordered[(n - 1) * column.per_page : n * column.per_page]
            page = gbk_page(column.key, _listing_body(column, rows, n, pages))
            # listings answer conditional requests, as most portals' web servers do
            portal.routes[_page_path(column, n)] = Resource(
                page, etag=etag_of(page) if etags else None
            )
        for index, item in ordered:
            said = (
                f"<div class='info'>发布日期：{item.date:%Y-%m-%d}</div>"
                if item.date and item.page_has_date
                else "<div class='info'>来源：本站</div>"
            )
            page = f"<h1>{item.title}</h1>{said}<p>正文。</p>"
            portal.routes[item_path(column, item, index)] = Resource(gbk_page(item.title, page))


def add_items(portal: Portal, columns: list[Column], key: str, items: list[Item]) -> None:
    for column in columns:
        if column.key == key:
            column.items.extend(items)
    serve_columns(portal, columns)


def listing_paths(column: Column) -> list[str]:
    pages = max(1, -(-len(column.items) // column.per_page))
    return [_page_path(column, n) for n in range(1, pages + 1)]
