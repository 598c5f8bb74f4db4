"""The body of a table across pages: one list of rows whose slots point at (shared) cells."""

from __future__ import annotations

from dataclasses import dataclass

from extract.table.grid import Cell, PageGrid
from extract.table.header import ColumnRoles
from extract.table.numbering import numbering_level
from extract.text import compact


@dataclass
class BodyRow:
    page: int
    slots: list[Cell]
    first_on_page: bool = False
    last_on_page: bool = False


def body_rows(grid: PageGrid, skip: int) -> list[BodyRow]:
    """Bands of a page below its ``skip`` header bands."""
    rows = [BodyRow(grid.page, list(grid.slots[band])) for band in range(skip, len(grid.bands))]
    if rows:
        rows[0].first_on_page = True
        rows[-1].last_on_page = True
    return rows


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
