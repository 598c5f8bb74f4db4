"""Notices published as web pages: the task table (rowspan/colspan resolved into the same
grid the PDF path builds) and the paragraphs before it."""

from __future__ import annotations

import re

import lxml.html
from charset_normalizer import from_bytes
from lxml.etree import ParserError, _Element

from extract.errors import ExtractionError
from extract.pdf.body import body_rows
from extract.pdf.document import DocumentTable
from extract.pdf.grid import Cell, PageGrid
from extract.pdf.header import column_labels, column_roles, find_header, printed_columns
from extract.pdf.logical import logical_rows
from extract.text import clean_cell, squeeze_line

_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
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
_GB_ALIASES = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936"}


def decode_html(data: bytes) -> str:
    """Text of the page in its declared charset (GB2312 pages read as GB18030, its superset)."""
    match = _CHARSET.search(data[:4096])
    if match:
        name = match.group(1).decode("ascii").lower()
        name = "gb18030" if name in _GB_ALIASES else name
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise ExtractionError(
                "corrupt", "cannot tell the text encoding of the HTML page"
            ) from None
        return str(best)


def extract_html(data: bytes) -> DocumentTable:
    try:
        root = lxml.html.document_fromstring(decode_html(data))
    except (ParserError, ValueError) as error:
        raise ExtractionError("corrupt", f"cannot parse the HTML page: {error}") from None
    for element in root.iter(*_SKIPPED):
        element.drop_tree() if element.getparent() is not None else None
    table, grid, roles, header = _task_table(root)
    if table is None or grid is None or roles is None:
        return DocumentTable(paragraphs=_paragraphs(root, stop=None), pages=1)
    start, count = header
    logical = logical_rows(body_rows(grid, start + count), roles)
    return DocumentTable(
        paragraphs=_paragraphs(root, stop=table),
        columns=printed_columns(grid, start),
        has_task_table=True,
        has_lead_column=roles.has_lead_column,
        rows=logical.rows,
        problems=logical.problems,
        pages=1,
    )


def _task_table(root: _Element):  # type: ignore[no-untyped-def]
    for table in root.iter("table"):
        if any(True for _ in table.iterdescendants("table")):
            continue  # a layout table holding other tables
        grid = table_grid(table)
        if grid is None:
            continue
        start, count = find_header(grid)
        if not count:
            continue
        roles = column_roles(column_labels(grid, start, count))
        if roles is not None:
            return table, grid, roles, (start, count)
    return None, None, None, (0, 0)


def table_grid(table: _Element) -> PageGrid | None:
    """Rows and columns of an HTML table with every rowspan/colspan resolved."""
    rows = [tr for tr in table.iter("tr")]
    placed: dict[tuple[int, int], Cell] = {}
    key = 0
    ncols = 0
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            while (r, c) in placed:
                c += 1
            rowspan = _span(td.get("rowspan"))
            colspan = _span(td.get("colspan"))
            cell = Cell(
                key=key,
                page=1,
                rows=(r, r + rowspan - 1),
                cols=(c, c + colspan - 1),
                text=cell_text(td),
                top=0.0,
                bottom=0.0,
                text_top=None,
                text_bottom=None,
                line_height=0.0,
            )
            key += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    placed[(r + dr, c + dc)] = cell
            c += colspan
            ncols = max(ncols, c)
    nrows = len(rows)
    if not nrows or not ncols:
        return None
    slots: list[list[Cell]] = []
    for r in range(nrows):
        line: list[Cell] = []
        for c in range(ncols):
            cell = placed.get((r, c))
            if cell is None:  # a short row: an empty cell of its own
                cell = Cell(key, 1, (r, r), (c, c), "", 0.0, 0.0, None, None, 0.0)
                key += 1
                placed[(r, c)] = cell
            line.append(cell)
        slots.append(line)
    return PageGrid(
        1, [(float(r), float(r + 1)) for r in range(nrows)], slots, [True] * ncols, [True] * ncols
    )


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


def _paragraphs(root: _Element, *, stop: _Element | None) -> list[str]:
    """Leaf block texts in reading order up to ``stop``, from the page's <h1> when it has one."""
    out: list[str] = []
    started = root.find(".//h1") is None
    started_at_h1 = not started
    for element in root.iter():
        if element is stop:
            break
        if not isinstance(element.tag, str):
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
        if stop is not None and _inside(element, stop):
            continue
        if "info" in (element.get("class") or "").lower():
            continue  # 发布时间/来源/浏览次数 lines of a CMS page, not the notice
        text = clean_cell(cell_text(element))
        if text and not _mostly_links(element, text):
            if out and text == out[0] and started_at_h1:
                out.pop(0)  # the CMS <h1> repeats the title the article prints itself
            out.extend(text.split("\n"))
    return out


def _mostly_links(element: _Element, text: str) -> bool:
    """Tool bars and menus (字号 大 中 小 打印本页): most of their text is links."""
    linked = sum(len(re.sub(r"\s+", "", a.text_content())) for a in element.iter("a"))
    return linked * 2 >= len(re.sub(r"\s+", "", text))


def _inside(element: _Element, ancestor: _Element) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 500))
    except (TypeError, ValueError):
        return 1
