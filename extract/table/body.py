"""The body of a table across pages: one list of rows whose slots point at (shared) cells."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extract.table.grid import Cell, PageGrid
from extract.table.header import CATEGORY, SEQ, ColumnRoles
from extract.table.numbering import numbering_level
from extract.text import compact


@dataclass
class BodyRow:
    page: int
    slots: list[Cell]


def body_rows(grid: PageGrid, skip: int) -> list[BodyRow]:
    """Bands of a page below its ``skip`` header bands."""
    return [BodyRow(grid.page, list(grid.slots[band])) for band in range(skip, len(grid.bands))]


# A printed row number and nothing else: 7, 23, 12. (a category is never a bare number).
_ROW_NUMBER = re.compile(r"^\d{1,4}[.、．]?$")


def with_number_column(roles: ColumnRoles, rows: list[BodyRow]) -> ColumnRoles:
    """Roles with an unlabelled number column as the 序号 column.

    A table without a 序号 header may still print row numbers in a narrow column of their
    own (under no label, or under the 工作任务 label that spans it); its header reads as
    one more category level. A category column whose every cell of its own holds a bare
    number is that number column: its numbers are ``seq``, never a section level."""
    if roles.seq is not None:
        return roles
    for col in roles.categories:
        texts = [compact(cell.text) for cell in _column_cells(rows, col)]
        numbers = [text for text in texts if text]
        if len(numbers) >= 2 and all(_ROW_NUMBER.match(text) for text in numbers):
            names = list(roles.roles)
            names[col] = SEQ
            return replace(
                roles,
                roles=names,
                categories=[c for c, name in enumerate(names) if name == CATEGORY],
                seq=col,
            )
    return roles


def _column_cells(rows: list[BodyRow], col: int) -> list[Cell]:
    """Distinct cells of one column that cover that column alone (not a heading across it)."""
    out: list[Cell] = []
    for row in rows:
        cell = row.slots[col]
        if cell.cols == (col, col) and not any(cell is seen for seen in out):
            out.append(cell)
    return out


def replace_cell(rows: list[BodyRow], old: Cell, new: Cell) -> None:
    for row in rows:
        row.slots = [new if slot is old else slot for slot in row.slots]


def is_heading_row(row: BodyRow, roles: ColumnRoles) -> bool:
    """A group heading: one cell across the requirement, every category and most columns."""
    cell = row.slots[roles.requirement]
    ncols = len(row.slots)
    spanned = sum(1 for slot in row.slots if slot is cell)
    return (
        spanned >= 2
        and spanned * 5 >= ncols * 3
        and all(row.slots[c] is cell for c in roles.categories)
    )


def narrow_heading_cell(row: BodyRow, roles: ColumnRoles) -> Cell | None:
    """The cell of a heading row whose text runs over only the first columns (tables
    without vertical rules): the row's only text, numbered (一、 （一） 1.), from the first
    column; a short 一、 heading may also sit inside a later column. The caller checks that
    the cell belongs to this row alone."""
    cells = [c for c in _distinct_cells(row.slots) if compact(c.text)]
    if len(cells) != 1:
        return None
    cell = cells[0]
    level = numbering_level(cell.text)
    if level == 1 and not compact(row.slots[roles.requirement].text):
        return cell
    return cell if level and cell.cols[0] == 0 else None


def _distinct_cells(slots: list[Cell]) -> list[Cell]:
    out: list[Cell] = []
    for cell in slots:
        if not any(cell is seen for seen in out):
            out.append(cell)
    return out
