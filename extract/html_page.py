"""Notices published as web pages: the task table (rowspan/colspan resolved into the same
grid the PDF path builds) and the paragraphs before it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
from lxml.etree import ParserError, _Element

from extract.errors import ExtractionError, Problem
from extract.sources.charset import decode_html
from extract.table.document import ReadDocument, is_task_table
from extract.table.grid import PageGrid
from extract.table.spans import SpanCell, grid_from_spans
from extract.text import clean_cell, squeeze_line

_BLOCKS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dd",
    "dt",
    "pre",
    "blockquote",
    "center",
    "section",
    "article",
    "td",
    "th",
    "tr",
    "table",
    "br",
    "ul",
    "ol",
    "dl",
    "form",
}
_SKIPPED = {
    "script",
    "style",
    "noscript",
    "head",
    "nav",
    "header",
    "footer",
    "select",
    "option",
    "button",
    "iframe",
}


def read_html(data: bytes) -> ReadDocument:
    """The page's paragraphs up to its task table, then the tables that may hold it."""
    try:
        root = lxml.html.document_fromstring(decode_html(data))
    except (ParserError, ValueError) as error:
        raise ExtractionError("corrupt", f"cannot parse the HTML page: {error}") from None
    for element in root.iter(*_SKIPPED):
        element.drop_tree() if element.getparent() is not None else None
    tables = {
        table
        for table in root.iter("table")
        # a layout table holding other tables is not a data table
        if not any(True for _ in table.iterdescendants("table"))
    }
    problems: list[Problem] = []
    blocks = list(_blocks(root, tables, problems))
    return ReadDocument(blocks=blocks, pages=1, problems=problems)


def _blocks(
    root: _Element, tables: set[_Element], problems: list[Problem]
) -> Iterator[str | PageGrid]:
    """Paragraph texts and table grids in reading order (one pass over the page)."""
    lines: list[str] = []
    for item in _walk(root, tables):
        if isinstance(item, str):
            lines.append(item)
            continue
        if lines:
            yield "\n".join(lines)
            lines = []
        table, started = item
        found: list[Problem] = []
        grid = table_grid(table, found)
        # Above the <h1> only a task table counts: CMS info tables (索引号, 发布机构) are
        # page furniture, not the notice.
        if grid is not None and (started or is_task_table(grid)):
            if is_task_table(grid):  # rows that do not fit matter where tasks are read
                problems.extend(found)
            yield grid
    if lines:
        yield "\n".join(lines)


def table_grid(table: _Element, problems: list[Problem] | None = None) -> PageGrid | None:
    """Rows and columns of an HTML table with every rowspan/colspan resolved."""
    rows: list[list[SpanCell]] = []
    for tr in table.iter("tr"):
        rows.append(
            [
                SpanCell(cell_text(td), _span(td.get("rowspan")), _span(td.get("colspan")))
                for td in tr
                if isinstance(td.tag, str) and td.tag in ("td", "th")
            ]
        )
    return grid_from_spans(rows, problems=problems)


def cell_text(element: _Element) -> str:
    """Text of an element with one line break per paragraph or <br>."""
    parts: list[str] = []

    def walk(node: _Element) -> None:
        if not isinstance(node.tag, str):
            return
        block = node.tag in _BLOCKS
        if block:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(element)
    text = re.sub(r"[ \t\r\f\v\u00a0]*\n[ \t\r\f\v\u00a0\n]*", "\n", "".join(parts))
    lines = [squeeze_line(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _walk(root: _Element, tables: set[_Element]) -> Iterator[str | tuple[_Element, bool]]:
    """Leaf block texts in reading order, from the page's <h1> when it has one, and each
    data table where it stands, with whether the notice had started there."""
    out: list[str] = []
    started = root.find(".//h1") is None
    started_at_h1 = not started
    inside: _Element | None = None
    for element in root.iter():
        if inside is not None:
            if _inside(element, inside):
                continue
            inside = None
        if not isinstance(element.tag, str):
            continue
        if element in tables:
            inside = element
            yield from out
            out = []
            yield (element, started)
            continue
        if element.tag == "h1":
            started = True
        if (
            not started
            or element.tag not in _BLOCKS
            or element.tag in ("table", "tr", "br", "ul", "ol", "dl")
        ):
            continue
        if any(
            isinstance(d.tag, str) and d.tag in _BLOCKS and d.tag != "br"
            for d in element.iterdescendants()
        ):
            continue
        if "info" in (element.get("class") or "").lower():
            continue  # 发布时间/来源/浏览次数 lines of a CMS page, not the notice
        text = clean_cell(cell_text(element))
        if text and not _mostly_links(element, text):
            if out and text == out[0] and started_at_h1:
                out.pop(0)  # the CMS <h1> repeats the title the article prints itself
            out.extend(text.split("\n"))
    yield from out


def _mostly_links(element: _Element, text: str) -> bool:
    """Tool bars and menus (字号 大 中 小 打印本页): most of their text is links."""
    linked = sum(len(re.sub(r"\s+", "", a.text_content())) for a in element.iter("a"))
    return linked * 2 >= len(re.sub(r"\s+", "", text))


def _inside(element: _Element, ancestor: _Element) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())


def _span(value: str | None) -> int:
    try:
        return max(1, int(str(value).strip()[:9]))  # bounded by the table in grid_from_spans
    except (TypeError, ValueError):
        return 1
