"""Word .docx → paragraphs and tables in reading order (a :class:`ReadDocument`).

Merges are read from the XML, so they are exact: ``w:gridSpan`` is a column span,
``w:vMerge`` (restart … continue) a row span, ``w:gridBefore``/``w:gridAfter`` leave grid
columns empty. A table holding other tables is read as a task table when it is one (the
inner tables are then text of their cells); otherwise it is layout (a frame around the
content) and its cells' paragraphs and tables are read in their place. Core properties
(title, author) are never read: real uploads carry 'Microsoft Word - 附件.docx' there.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import replace

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree
from lxml.etree import _Element

from extract.errors import ExtractionError, Problem
from extract.office.package import check_package
from extract.office.pictures import (
    picture_only_containers,
    scanned_pictures,
    table_picture_paragraphs,
)
from extract.office.word_numbering import W, definitions, paragraph_labels
from extract.pictures import read_pictures
from extract.table.document import Block, ReadDocument, is_task_table
from extract.table.grid import PageGrid
from extract.table.spans import SpanCell, grid_from_spans
from extract.text import squeeze_line
from extract.vocabulary import NoteKind

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Wrappers whose content flows in place: content controls, custom XML, tracked insertions.
_TRANSPARENT = {f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins", f"{W}smartTag"}
# Never text of the paragraph: deleted revisions, field codes, text boxes (anchored
# drawings float outside the reading order), the fallback copy of alternate content.
_SKIPPED = {f"{W}del", f"{W}instrText", f"{W}txbxContent", f"{MC}Fallback", f"{W}delText"}


def read_docx(data: bytes) -> ReadDocument:
    check_package(data, ".docx")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises KeyError, ValueError, lxml errors...
        raise ExtractionError(
            "corrupt", f"cannot read the Word document: {type(error).__name__}: {error}"[:200]
        ) from None
    body = document.element.body
    labels = numbering_labels(document, body)
    blocks = list(blocks_of(body, labels))
    if not _holds_task_table(blocks):
        scanned = _table_from_pictures(document, body)
        if scanned is not None:
            # the table from the pictures after the paragraphs the file holds in text
            # (title, 文号, issuer and date are read from the text, not by OCR)
            paragraphs = [block for block in blocks if isinstance(block, str)]
            return replace(scanned, blocks=[*paragraphs, *scanned.blocks])
    return ReadDocument(blocks=blocks, pages=1)


def _holds_task_table(blocks: list[Block]) -> bool:
    return any(isinstance(block, PageGrid) and is_task_table(block) for block in blocks)


def _table_from_pictures(document: docx.document.Document, body: _Element) -> ReadDocument | None:
    """A file with no task table in text: the pictures standing for its table, read by
    OCR (extract/pictures.py). Pictures alone in a table or the body are the table
    whatever OCR finds; a page-sized picture among the text only when OCR finds a task
    table in it (otherwise it is an illustration, and the file keeps its text alone)."""
    containers = picture_only_containers(body)
    among_text = not containers
    if among_text:
        containers = table_picture_paragraphs(body)
    pictures = scanned_pictures(document, containers)
    try:
        scanned = read_pictures(pictures) if pictures else None
    except ExtractionError:
        if not among_text:
            raise  # the pictures are all the file holds: their failure is the file's
        return None  # an illustration OCR cannot read leaves the file its text
    if scanned is None or (among_text and not _holds_task_table(scanned.blocks)):
        return None
    where = (
        "among its text (the title, 文号, issuer and date read from the text)"
        if among_text
        else "standing alone in a table or as the whole body"
    )
    note = Problem(
        NoteKind.READ_BY_OCR,
        1,
        f"the table was read by OCR from {_pictures(len(pictures))} embedded in the Word "
        f"file, {where}",
    )
    return replace(scanned, problems=[*scanned.problems, note])


def _pictures(count: int) -> str:
    return "a picture" if count == 1 else f"{count} pictures"


Labels = Mapping[_Element, str]


def numbering_labels(document: docx.document.Document, body: _Element) -> Labels:
    """The automatic numbers Word displays before paragraphs (序号 cells and 一、二、
    headings numbered by Word are not text of the XML), counted over every paragraph in
    document order: a list continues from the body into table cells and down a column."""
    defs = definitions(_related_xml(document, RT.NUMBERING), _related_xml(document, RT.STYLES))
    if not defs.nums:
        return {}
    return paragraph_labels(_all_paragraphs(body), defs)


def _related_xml(document: docx.document.Document, reltype: str) -> _Element | None:
    try:
        part = document.part.part_related_by(reltype)
    except KeyError:
        return None
    element = getattr(part, "element", None)
    if element is not None:
        return element
    try:  # a part python-docx does not model: its raw bytes
        return etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return None


def _all_paragraphs(node: _Element) -> Iterator[_Element]:
    """Every paragraph in document order, not those of skipped content (text boxes,
    deletions, the fallback copy of alternate content)."""
    for child in node:
        if not isinstance(child.tag, str) or child.tag in _SKIPPED:
            continue
        if child.tag == f"{W}p":
            yield child
        yield from _all_paragraphs(child)


def blocks_of(container: _Element, labels: Labels) -> Iterator[Block]:
    """Paragraph texts (consecutive ones joined by line breaks) and table grids."""
    lines: list[str] = []
    for element in _content(container):
        if element.tag == f"{W}p":
            lines.append(paragraph_text(element, labels.get(element, "")))
            continue
        if lines:
            yield "\n".join(lines)
            lines = []
        yield from _table_blocks(element, labels)
    if lines:
        yield "\n".join(lines)


def _content(container: _Element) -> Iterator[_Element]:
    """The paragraphs and tables of a body or cell, through transparent wrappers."""
    for child in container:
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _content(child)


def _table_blocks(table: _Element, labels: Labels) -> Iterator[Block]:
    nested = any(inner is not table for inner in table.iter(f"{W}tbl"))
    grid = table_grid(table, labels)
    if grid is None:
        return
    if not nested or is_task_table(grid):
        yield grid
        return
    # A layout table around the content: read what its cells hold, row by row.
    for row in _rows(table):
        for cell in _cells(row):
            yield from blocks_of(cell, labels)


def table_grid(table: _Element, labels: Labels) -> PageGrid | None:
    """The table's cells with every merge resolved; vMerge continuations extend the cell
    that starts in the same grid column above them."""
    placed: list[list[tuple[int, int, _Element | None, bool]]] = []  # (col, span, tc, cont.)
    for row in _rows(table):
        col = _grid_skip(row, "gridBefore")
        cells: list[tuple[int, int, _Element | None, bool]] = []
        if col:
            cells.append((0, col, None, False))
        for tc in _cells(row):
            span = max(1, _int_val(tc.find(f"{W}tcPr/{W}gridSpan"), 1))
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            continued = merge is not None and merge.get(f"{W}val", "continue") == "continue"
            cells.append((col, span, tc, continued))
            col += span
        placed.append(cells)
    rows: list[list[SpanCell]] = []
    for r, cells in enumerate(placed):
        out: list[SpanCell] = []
        for col, span, tc, continued in cells:
            if continued and r > 0 and _starts_at(placed[r - 1], col):
                continue  # covered by the cell above
            if tc is None:  # grid columns the row leaves out (w:gridBefore)
                out.append(SpanCell("", 1, span))
                continue
            out.append(SpanCell(cell_text(tc, labels), _rowspan(placed, r, col), span))
        rows.append(out)
    return grid_from_spans(rows)


def _starts_at(cells: list[tuple[int, int, _Element | None, bool]], col: int) -> bool:
    return any(c == col for c, _, tc, _ in cells if tc is not None)


def _rowspan(placed: list[list[tuple[int, int, _Element | None, bool]]], r: int, col: int) -> int:
    span = 1
    for below in placed[r + 1 :]:
        if not any(c == col and continued for c, _, _, continued in below):
            break
        span += 1
    return span


def _rows(table: _Element) -> Iterator[_Element]:
    return _children(table, f"{W}tr")


def _cells(row: _Element) -> Iterator[_Element]:
    return _children(row, f"{W}tc")


def _children(node: _Element, tag: str) -> Iterator[_Element]:
    """Direct children with ``tag``, through transparent wrappers (content controls)."""
    for child in node:
        if child.tag == tag:
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _children(child, tag)


def _grid_skip(row: _Element, name: str) -> int:
    return _int_val(row.find(f"{W}trPr/{W}{name}"), 0)


def _int_val(element: _Element | None, default: int) -> int:
    """A w:val count, bounded (the grid bounds spans again; this only keeps ints sane)."""
    if element is None:
        return default
    try:
        return max(0, min(int(element.get(f"{W}val", default)), 1000))
    except ValueError:
        return default


def cell_text(tc: _Element, labels: Labels) -> str:
    """One line per paragraph (a paragraph break in a cell means something: one unit per
    line); a nested table reads as its cells' lines, row by row."""
    lines: list[str] = []
    for element in _content(tc):
        if element.tag == f"{W}p":
            lines.extend(paragraph_text(element, labels.get(element, "")).split("\n"))
        else:
            for row in _rows(element):
                for inner in _cells(row):
                    lines.append(cell_text(inner, labels))
    squeezed = (squeeze_line(line) for line in "\n".join(lines).split("\n"))
    return "\n".join(line for line in squeezed if line)


def paragraph_text(paragraph: _Element, label: str = "") -> str:
    """The text a reader sees: its numbering label (Word's tab or space after it is
    whitespace the text clean-up collapses, so none is added), runs, tabs and line breaks,
    without deleted revisions, field codes or text boxes. A page break is no line break."""
    parts: list[str] = [label]

    def walk(node: _Element) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                if child.get(f"{W}type") not in ("page", "column"):
                    parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            else:
                walk(child)

    walk(paragraph)
    return "".join(parts)
