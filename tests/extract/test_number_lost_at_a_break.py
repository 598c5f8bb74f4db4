"""A row whose printed number the scan lost, at the top of a page, is a row of its own
when the rows around it number it: 6 above the break, the blank-numbered row, then 8."""

from __future__ import annotations

from extract.table.body import BodyRow
from extract.table.grid import Cell
from extract.table.header import column_roles
from extract.table.stitch import stitch_pages

LABELS = ["序号", "具体要求", "牵头单位"]


def _cell(key: int, text: str, col: int) -> Cell:
    return Cell(key, 1, (0, 0), (col, col), text, 0.0, 10.0, 1.0, 9.0, 8.0)


def _row(page: int, key: int, number: str, requirement: str, unit: str) -> BodyRow:
    cells = [_cell(key, number, 0), _cell(key + 1, requirement, 1), _cell(key + 2, unit, 2)]
    return BodyRow(page, cells)


def _stitched(after_next: str) -> list[str]:
    """Requirements after the break under 5, 6 | blank, ``after_next``."""
    roles = column_roles(LABELS)
    assert roles is not None
    done = [
        _row(1, 0, "5", "公开甲项", "县财政局"),
        _row(1, 10, "6", "公开乙项", "县审计局"),
    ]
    page = [
        _row(2, 20, "", "更大力度推进新旧动能转换", "县发展改革局"),
        _row(2, 30, after_next, "聚焦六类项目", "县商务局"),
    ]
    stitch_pages(done, page, roles, open_break=False)
    rows = done + page
    keys = {row.slots[1].key for row in rows}
    return [next(r.slots[1].text for r in rows if r.slots[1].key == key) for key in sorted(keys)]


def test_a_row_numbered_by_its_neighbours_is_not_joined_to_the_row_above() -> None:
    """Our Calc tuning print calc-liangshan-sized, scanned the restyled bench's way (±2°,
    a binding shadow): the 7 of the first row on page 2 was not read, and the row was
    joined to row 6 (20 of 21 rows; with it, its category joined to the one above)."""
    assert len(_stitched("8")) == 4


def test_a_blank_numbered_row_followed_by_the_next_number_still_goes_on() -> None:
    """6 | blank, 7: the blank row is the rest of row 6, cut by the page."""
    assert len(_stitched("7")) == 3
