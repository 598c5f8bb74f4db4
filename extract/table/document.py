"""The typed boundary between readers and the table stages.

A reader turns one file into a :class:`ReadDocument`: its blocks in reading order, each a
paragraph of text or a grid of cells with row/column spans (and page numbers where the
format has pages). :func:`assemble` does everything after that, the same for every format:
find the task table (the first grid whose header names a requirement and a unit column),
join the grids that continue it, read body rows and logical rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.errors import Problem
from extract.table.body import BodyRow, body_rows, with_number_column
from extract.table.grid import PageGrid
from extract.table.header import (
    ColumnRoles,
    column_labels,
    column_roles,
    find_header,
    header_band_count,
    printed_columns,
    repeated_header_count,
)
from extract.table.logical import LogicalRow, LogicalTable, logical_rows
from extract.table.missing import (
    number_gaps,
    sentences_out_of_place,
    tasks_over_several_unit_cells,
)
from extract.table.stitch import stitch_pages

Block = str | PageGrid


@dataclass
class DocumentTable:
    """What the table stages hand to the row assembler (extract/rows.py)."""

    paragraphs: list[str]
    columns: list[str] = field(default_factory=list)
    has_task_table: bool = False
    has_lead_column: bool = False
    rows: list[LogicalRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0


@dataclass(frozen=True)
class ReadDocument:
    """One file as a reader sees it: paragraphs and tables in reading order."""

    blocks: list[Block]
    pages: int = 1
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class _Found:
    index: int
    grid: PageGrid
    start: int
    count: int
    labels: list[str]
    roles: ColumnRoles


def assemble(document: ReadDocument) -> DocumentTable:
    """Paragraphs before the first task table, its columns, and the logical rows of every
    task table in the file (a workbook with one per sheet, a Word file with a second table
    of another shape): a table that is not a continuation of the one before is read on its
    own, never dropped."""
    found = _task_table(document.blocks)
    if found is None:
        return DocumentTable(
            paragraphs=_texts(document.blocks),
            pages=document.pages,
            problems=list(document.problems),
        )
    first = found
    rows: list[LogicalRow] = []
    problems: list[Problem] = []
    while found is not None:
        continued = _continuations(document.blocks, found)
        logical = _table_rows(found, continued)
        rows.extend(logical.rows)
        problems.extend(logical.problems)
        # each table numbers its own rows and categories
        problems.extend(number_gaps(logical.rows))
        problems.extend(sentences_out_of_place(logical.rows))
        after = found.index + 1 + _span_of(document.blocks, found, continued)
        found = _task_table(document.blocks, after)
    return DocumentTable(
        paragraphs=_texts(document.blocks[: first.index]),
        columns=printed_columns(first.grid, first.start),
        has_task_table=True,
        has_lead_column=first.roles.has_lead_column,
        rows=rows,
        problems=problems + list(document.problems),
        pages=document.pages,
    )


def _table_rows(found: _Found, continued: list[PageGrid]) -> LogicalTable:
    grids = [found.grid, *continued]
    _unique_keys(grids)
    grids = [
        part
        for index, grid in enumerate(grids)
        for part in split_at_repeated_header(
            grid, found.labels, found.start + found.count if index == 0 else 1
        )
    ]
    first_skip = found.start + found.count
    # An unlabelled column of bare numbers is the row number (seq), not a category: judged
    # on every part's rows before stitching, which needs to know the columns' roles.
    skips = [first_skip] + [repeated_header(grid, found.labels) for grid in grids[1:]]
    rows = [row for grid, skip in zip(grids, skips, strict=True) for row in body_rows(grid, skip)]
    roles = with_number_column(found.roles, rows)
    body, joins = stitched_body(grids, first_skip, found.labels, roles)
    table = logical_rows(body, roles)
    table.problems.extend(joins)
    table.problems.extend(tasks_over_several_unit_cells(body, roles))
    return table


def _span_of(blocks: list[Block], found: _Found, continued: list[PageGrid]) -> int:
    """How many blocks after the task table its continuations take up."""
    if not continued:
        return 0
    last = continued[-1]
    return next(i for i, block in enumerate(blocks) if block is last) - found.index


def _task_table(blocks: list[Block], after: int = 0) -> _Found | None:
    for index, block in enumerate(blocks):
        if index < after or isinstance(block, str) or not block.slots:
            continue
        start, count = find_header(block)
        if not count:
            continue
        labels = column_labels(block, start, count)
        roles = column_roles(labels)
        if roles is not None:
            return _Found(index, block, start, count, labels, roles)
    return None


def is_task_table(grid: PageGrid) -> bool:
    return _task_table([grid]) is not None


def _continuations(blocks: list[Block], found: _Found) -> list[PageGrid]:
    """Grids that go on with the task table: the next tables with as many columns, with
    nothing but blank paragraphs between (a table cut by a page or section break, or
    split by the writer into one table per page), whether or not they repeat the header."""
    width = len(found.grid.slots[0])
    out: list[PageGrid] = []
    for block in blocks[found.index + 1 :]:
        if isinstance(block, str):
            if block.strip():
                break
            continue
        if not block.slots:
            continue
        if len(block.slots[0]) != width:
            break
        out.append(block)
    return out


def stitched_body(
    grids: list[PageGrid], first_skip: int, labels: list[str], roles: ColumnRoles
) -> tuple[list[BodyRow], list[Problem]]:
    """Body rows of the table's parts (pages, or tables a page or section break split),
    each part's first row joined to the last one above where it goes on (stitch.py), and
    the joins that may have lost a row (`stitch.joined_at_a_sentence_end`)."""
    body: list[BodyRow] = []
    joins: list[Problem] = []
    previous: PageGrid | None = None
    # The lowest a table reaches on any of its pages stands for the page's bottom margin.
    lowest = max(grid.bands[-1][1] for grid in grids if grid.bands)
    for grid in grids:
        skip = first_skip if previous is None else repeated_header(grid, labels)
        rows = body_rows(grid, skip)
        if previous is not None and rows:
            if grid.rows_may_split:
                req = roles.requirement
                open_break = not previous.bottom_ruled[req] or (
                    skip == 0 and not grid.top_ruled[req]
                )
                room = lowest - previous.bands[-1][1] if previous.bands else 0.0
            else:  # whole rows on both sides: only merged cells may go on
                open_break, room = False, float("inf")
            closed = [
                below and (skip > 0 or above)
                for below, above in zip(previous.bottom_ruled, grid.top_ruled, strict=False)
            ]
            joined = stitch_pages(
                body,
                rows,
                roles,
                open_break=open_break,
                room_below=room,
                closed=closed if any(closed) and not all(closed) else None,
            )
            if joined is not None:
                joins.append(joined)
        body.extend(rows)
        previous = grid
    return body, joins


def split_at_repeated_header(grid: PageGrid, labels: list[str], first: int) -> list[PageGrid]:
    """A grid cut where its header is printed again inside it (two tables a converter
    merged into one, a table pasted twice): each part then opens with the header, and
    the parts are stitched like pages."""
    cuts = [band for band in range(1, len(grid.slots)) if _repeats_header(grid, band, labels)]
    if not cuts:
        return [grid]
    parts: list[PageGrid] = []
    bounds = list(zip([0, *cuts], [*cuts, len(grid.slots)], strict=True))
    if any(cell.rows[0] < start for start, _ in bounds for cell in grid.slots[start]):
        return [grid]  # a cell spans a cut: not a header of its own
    for start, end in bounds:
        if start:  # band numbers are the part's own, as on a page
            for cell in {id(c): c for band in grid.slots[start:end] for c in band}.values():
                cell.rows = (cell.rows[0] - start, cell.rows[1] - start)
        parts.append(
            PageGrid(
                grid.page,
                grid.bands[start:end],
                grid.slots[start:end],
                grid.top_ruled,
                grid.bottom_ruled,
                rows_may_split=grid.rows_may_split,
            )
        )
    return parts


def _repeats_header(grid: PageGrid, band: int, labels: list[str]) -> bool:
    count = header_band_count(grid, band)
    return bool(count) and column_labels(grid, band, count) == labels


def _unique_keys(grids: list[PageGrid]) -> None:
    """Cell keys unique across the table's parts: each reader numbers a grid's cells from
    zero, and the stages tell cells apart by key."""
    seen: set[int] = set()
    clash = False
    for grid in grids:
        keys = {cell.key for band in grid.slots for cell in band}
        clash = clash or bool(keys & seen)
        seen |= keys
    if not clash:
        return
    key = 0
    renumbered: set[int] = set()
    for grid in grids:
        for band in grid.slots:
            for cell in band:
                if id(cell) not in renumbered:
                    renumbered.add(id(cell))
                    cell.key = key
                    key += 1


def repeated_header(grid: PageGrid, labels: list[str]) -> int:
    """How many header bands open a continued part: its own header when it repeats the
    first part's labels, else none."""
    return repeated_header_count(grid, labels)


def _texts(blocks: list[Block]) -> list[str]:
    """Paragraph lines; a table that is not the task table (a title or a layout table)
    reads as its cells' lines, row by row."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            out.extend(line for line in block.split("\n") if line.strip())
            continue
        for band in range(len(block.slots)):
            for cell in block.band_cells(band):
                if cell.rows[0] == band:
                    out.extend(line for line in cell.text.split("\n") if line.strip())
    return out
