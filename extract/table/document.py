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
    printed_columns,
    repeated_header_count,
)
from extract.table.logical import LogicalRow, logical_rows

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
    """Paragraphs before the task table, its columns and its logical rows."""
    found = _task_table(document.blocks)
    if found is None:
        return DocumentTable(
            paragraphs=_texts(document.blocks),
            pages=document.pages,
            problems=list(document.problems),
        )
    body = body_rows(found.grid, found.start + found.count)
    for grid in _continuations(document.blocks, found):
        body.extend(_continued_rows(grid, found.labels))
    logical = logical_rows(body, with_number_column(found.roles, body))
    return DocumentTable(
        paragraphs=_texts(document.blocks[: found.index]),
        columns=printed_columns(found.grid, found.start),
        has_task_table=True,
        has_lead_column=found.roles.has_lead_column,
        rows=logical.rows,
        problems=list(document.problems) + logical.problems,
        pages=document.pages,
    )


def _task_table(blocks: list[Block]) -> _Found | None:
    for index, block in enumerate(blocks):
        if isinstance(block, str) or not block.slots:
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
        if not block.slots or len(block.slots[0]) != width:
            break
        out.append(block)
    return out


def _continued_rows(grid: PageGrid, labels: list[str]) -> list[BodyRow]:
    return body_rows(grid, repeated_header_count(grid, labels))


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
