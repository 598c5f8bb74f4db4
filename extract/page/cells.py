"""One page of a table as a grid of cells (merged cells are one cell over several slots)."""

from __future__ import annotations

from bisect import bisect_right

import numpy as np
import numpy.typing as npt

from extract.page.area import TableArea
from extract.page.content import SNAP, Char, HRule, VRule
from extract.page.lines import Line, cell_text, group_lines
from extract.table.grid import Cell, PageGrid
from extract.text import upper_median


def build_page_grid(
    page: int,
    region: TableArea,
    boundaries: list[float],
    chars: list[Char],
    *,
    vertical_rules: bool,
    first_key: int,
    centres: tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]] | None = None,
) -> PageGrid:
    """Cells of the table region from rules (and from text crossings when there are no verticals).

    ``centres`` are the chars' centres (x, y) as columns, when the reader had them
    (`CharCentres`): the chars are then placed in the grid's slots by numpy."""
    ys = _row_lines(region)
    nbands, ncols = len(ys) - 1, len(boundaries) - 1
    if centres is not None and nbands > 0 and ncols > 0:
        by_slot = _slots_of_columns(chars, *centres, ys, boundaries)
    else:
        by_slot = _slots_of(chars, ys, boundaries)

    parent = list(range(nbands * ncols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # the rules near each row line and column boundary, found once (not once a slot)
    near_h = [_near_h(region.hrules, y) for y in ys]
    near_v = [_near_v(region.vrules, x) for x in boundaries] if vertical_rules else []
    for band in range(nbands):
        y0, y1 = ys[band], ys[band + 1]
        for col in range(ncols):
            xa, xb = boundaries[col], boundaries[col + 1]
            if band + 1 < nbands and not _h_covered(near_h[band + 1], ys[band + 1], xa, xb):
                union(band * ncols + col, (band + 1) * ncols + col)
            if col + 1 < ncols:
                x = boundaries[col + 1]
                if vertical_rules:
                    closed = _v_covered(near_v[col + 1], x, y0, y1)
                else:
                    closed = not _text_crosses(
                        by_slot.get((band, col), []) + by_slot.get((band, col + 1), []), x
                    )
                if not closed:
                    union(band * ncols + col, band * ncols + col + 1)

    members: dict[int, list[tuple[int, int]]] = {}
    for band in range(nbands):
        for col in range(ncols):
            members.setdefault(find(band * ncols + col), []).append((band, col))
    cells: dict[int, Cell] = {}
    for offset, (root, slots) in enumerate(sorted(members.items())):
        bands_of = [s[0] for s in slots]
        cols_of = [s[1] for s in slots]
        cell_chars = [c for s in slots for c in by_slot.get(s, [])]
        lines = group_lines(cell_chars)
        c0, c1 = min(cols_of), max(cols_of)
        extent = _extent(lines)
        cells[root] = Cell(
            key=first_key + offset,
            page=page,
            rows=(min(bands_of), max(bands_of)),
            cols=(c0, c1),
            text=cell_text(lines),
            top=ys[min(bands_of)],
            bottom=ys[max(bands_of) + 1],
            text_top=extent[0] if extent else None,
            text_bottom=extent[1] if extent else None,
            line_height=extent[2] if extent else 0.0,
            last_line_x1=lines[-1].x1 if lines else None,
            max_line_x1=extent[3] if extent else None,
            first_char_width=lines[0].chars[0].x1 - lines[0].chars[0].x0 if lines else None,
            line_pitch=upper_median(
                [b.top - a.top for a, b in zip(lines, lines[1:], strict=False)]
            ),
        )
    slots_grid = [
        [cells[find(band * ncols + col)] for col in range(ncols)] for band in range(nbands)
    ]
    top_ruled = [
        _h_covered(near_h[0], ys[0], boundaries[c], boundaries[c + 1]) for c in range(ncols)
    ]
    bottom_ruled = [
        _h_covered(near_h[-1], ys[-1], boundaries[c], boundaries[c + 1]) for c in range(ncols)
    ]
    bands = [(ys[i], ys[i + 1]) for i in range(nbands)]
    return PageGrid(page, bands, slots_grid, top_ruled, bottom_ruled)


def _slots_of(
    chars: list[Char], ys: list[float], boundaries: list[float]
) -> dict[tuple[int, int], list[Char]]:
    """The chars of each (band, column) slot, in their order: each placed by its centre,
    clamped to the grid."""
    by_slot: dict[tuple[int, int], list[Char]] = {}
    last_band, last_col = len(ys) - 2, len(boundaries) - 2
    for char in chars:
        # (yc and xc, clamped to the grid, written out: once per character of every grid)
        band = bisect_right(ys, (char.top + char.bottom) / 2) - 1
        col = bisect_right(boundaries, (char.x0 + char.x1) / 2) - 1
        band = 0 if band < 0 else last_band if band > last_band else band
        col = 0 if col < 0 else last_col if col > last_col else col
        by_slot.setdefault((band, col), []).append(char)
    return by_slot


def _slots_of_columns(
    chars: list[Char],
    xc: npt.NDArray[np.float64],
    yc: npt.NDArray[np.float64],
    ys: list[float],
    boundaries: list[float],
) -> dict[tuple[int, int], list[Char]]:
    """`_slots_of` from the chars' centres as columns (a grid of at least one slot):
    searchsorted is bisect_right, a stable sort by slot keeps each slot's chars in
    their order."""
    if not chars:
        return {}
    band = (np.searchsorted(ys, yc, side="right") - 1).clip(0, len(ys) - 2)
    col = (np.searchsorted(boundaries, xc, side="right") - 1).clip(0, len(boundaries) - 2)
    ncols = len(boundaries) - 1
    slot = band * ncols + col
    order = np.argsort(slot, kind="stable")
    sorted_slots = slot[order]
    starts = np.flatnonzero(np.diff(sorted_slots, prepend=-1)).tolist()
    ordered = [chars[i] for i in order.tolist()]
    ends = [*starts[1:], len(ordered)]
    return {
        divmod(key, ncols): ordered[start:end]
        for key, start, end in zip(sorted_slots[starts].tolist(), starts, ends, strict=True)
    }


def _row_lines(region: TableArea) -> list[float]:
    ys: list[float] = []
    for y in sorted(r.y for r in region.hrules):
        if not ys or y - ys[-1] > SNAP:
            ys.append(y)
    return ys


def _extent(lines: list[Line]) -> tuple[float, float, float, float] | None:
    """(highest top, lowest bottom, tallest line, rightmost end) of a cell's lines, in one
    pass (as min/max over the lines give them); None for no lines."""
    if not lines:
        return None
    first = lines[0]
    top, bottom, x1 = first.top, first.bottom, first.x1
    height = bottom - top
    for line in lines[1:]:
        if line.top < top:
            top = line.top
        if line.bottom > bottom:
            bottom = line.bottom
        if line.bottom - line.top > height:
            height = line.bottom - line.top
        if line.x1 > x1:
            x1 = line.x1
    return top, bottom, height, x1


def _near_h(rules: tuple[HRule, ...], y: float) -> tuple[HRule, ...]:
    """The rules `_h_covered` counts at ``y``, in their order."""
    return tuple(r for r in rules if abs(r.y - y) <= SNAP)


def _near_v(rules: tuple[VRule, ...], x: float) -> tuple[VRule, ...]:
    """The rules `_v_covered` counts at ``x``, in their order."""
    return tuple(r for r in rules if abs(r.x - x) <= SNAP)


def _h_covered(rules: tuple[HRule, ...], y: float, xa: float, xb: float) -> bool:
    covered = sum(max(0.0, min(r.x1, xb) - max(r.x0, xa)) for r in rules if abs(r.y - y) <= SNAP)
    return covered >= 0.5 * (xb - xa)


def _v_covered(rules: tuple[VRule, ...], x: float, ya: float, yb: float) -> bool:
    covered = sum(max(0.0, min(r.y1, yb) - max(r.y0, ya)) for r in rules if abs(r.x - x) <= SNAP)
    return covered >= 0.5 * (yb - ya)


def _text_crosses(chars: list[Char], x: float) -> bool:
    """A line of text runs over ``x``: a char straddles it or two close chars sit either side."""
    for line in group_lines(chars):
        previous: Char | None = None
        for char in line.chars:
            if char.x0 < x - 1.0 and char.x1 > x + 1.0:
                return True
            if (
                previous is not None
                # (xc written out: once per character of every slot pair)
                and (previous.x0 + previous.x1) / 2 < x < (char.x0 + char.x1) / 2
                and char.x0 - previous.x1 < 0.5 * char.size
            ):
                return True
            previous = char
    return False
