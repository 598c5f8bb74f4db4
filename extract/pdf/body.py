"""The body of a table across pages: one list of rows whose slots point at (shared) cells."""

from __future__ import annotations

from dataclasses import dataclass

from extract.pdf.grid import Cell, PageGrid
from extract.pdf.header import ColumnRoles


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
