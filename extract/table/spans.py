"""Cells with row/column spans (HTML, Word, Excel) → a grid of cells.

Spans come from the file and may lie: a ``rowspan`` of 99999 in a 30-row table. A span is
bounded by the table's real extent (the rows that exist, the widest row's cell count), and
the slots all spans cover by a cell budget, so a hostile file costs bounded memory and fails as
``too_large`` with the reason instead of exhausting it.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.errors import ExtractionError, Problem
from extract.table.grid import Cell, PageGrid
from extract.vocabulary import NoteKind

DEFAULT_MAX_CELLS = 500_000
"""Grid slots one table may fill: every slot is a Cell (~500 bytes with its bookkeeping), so
the budget bounds a table's grid at about 300 MB; real task tables fill a few tens of
thousands."""


@dataclass(frozen=True)
class SpanCell:
    """One cell as a format stores it: its text and how many rows and columns it covers."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def grid_from_spans(
    rows: list[list[SpanCell]],
    *,
    page: int = 1,
    max_cells: int = DEFAULT_MAX_CELLS,
    problems: list[Problem] | None = None,
) -> PageGrid | None:
    """Rows of span cells with every span resolved; None for a table with no cells.

    Rows whose cells do not fit the spans (see `misaligned_rows`) are reported in
    `problems`, when given, as one `misaligned_rows` problem naming them.
    """
    nrows = len(rows)
    # The widest row's cell count bounds every colspan: no real table has a cell wider than
    # its widest row; the rows that exist bound every rowspan.
    width = max((len(row) for row in rows), default=0)
    if not nrows or not width:
        return None
    if nrows * width > max_cells:  # the grid is at least this big: refuse before building it
        raise ExtractionError(
            "too_large",
            f"a table of {nrows} rows × {width} columns is more than {max_cells} cells",
        )
    work = sum(
        min(max(cell.rowspan, 1), nrows - r) * min(max(cell.colspan, 1), width)
        for r, row in enumerate(rows)
        for cell in row
    )
    if work > max_cells:
        raise ExtractionError(
            "too_large",
            f"a table of {nrows} rows whose cells span {work} grid slots, more than the "
            f"budget of {max_cells}",
        )
    placed: dict[tuple[int, int], Cell] = {}
    key = 0
    extent = 0
    for r, row in enumerate(rows):
        c = 0
        for span in row:
            while (r, c) in placed:
                c += 1
            rowspan = min(max(span.rowspan, 1), nrows - r)
            colspan = min(max(span.colspan, 1), width)
            cell = Cell(
                key=key,
                page=page,
                rows=(r, r + rowspan - 1),
                cols=(c, c + colspan - 1),
                text=span.text,
                top=0.0,
                bottom=0.0,
                text_top=None,
                text_bottom=None,
                line_height=0.0,
            )
            key += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    placed.setdefault((r + dr, c + dc), cell)
            c += colspan
            extent = max(extent, c)
    if problems is not None:
        problem = misaligned_problem(rows, placed, page)
        if problem is not None:
            problems.append(problem)
    if nrows * extent > max_cells:
        raise ExtractionError(
            "too_large",
            f"a table of {nrows} rows × {extent} columns is more than {max_cells} cells",
        )
    slots: list[list[Cell]] = []
    for r in range(nrows):
        line: list[Cell] = []
        for c in range(extent):
            found = placed.get((r, c))
            if found is None:  # a short row: an empty cell of its own
                found = Cell(key, page, (r, r), (c, c), "", 0.0, 0.0, None, None, 0.0)
                key += 1
                placed[(r, c)] = found
            line.append(found)
        slots.append(line)
    return PageGrid(
        page,
        [(float(r), float(r + 1)) for r in range(nrows)],
        slots,
        [True] * extent,
        [True] * extent,
        rows_may_split=False,
    )


MISALIGNED_ROWS = NoteKind.MISALIGNED_ROWS


def misaligned_rows(rows: list[list[SpanCell]], placed: dict[tuple[int, int], Cell]) -> list[int]:
    """0-based rows whose cells, with the cells that reach down into them from above, cover
    another number of columns than most rows do: a span that lies (a rowspan too long or
    too short) or a cell lost to a broken tag shifts the fields of such a row.

    A row of one cell and nothing reaching into it (a caption, a heading, a note) and a row
    without cells of its own are not task rows and are not judged.
    """
    covered = [0] * len(rows)
    reached = [0] * len(rows)
    for (r, _), cell in placed.items():
        covered[r] += 1
        if cell.rows[0] != r:
            reached[r] += 1
    judged = [r for r, row in enumerate(rows) if row and not (len(row) == 1 and reached[r] == 0)]
    if not judged:
        return []
    counts: dict[int, int] = {}
    for r in judged:
        counts[covered[r]] = counts.get(covered[r], 0) + 1
    width = max(counts, key=lambda w: (counts[w], w))  # the table's width: most rows' cover
    return [r for r in judged if covered[r] != width]


def misaligned_problem(
    rows: list[list[SpanCell]], placed: dict[tuple[int, int], Cell], page: int
) -> Problem | None:
    """One problem naming the misaligned rows (1-based, as a reader counts table rows)."""
    bad = misaligned_rows(rows, placed)
    if not bad:
        return None
    covered: dict[int, int] = {}
    for r, _ in placed:
        covered[r] = covered.get(r, 0) + 1
    shown = ", ".join(f"{r + 1} ({covered.get(r, 0)} columns)" for r in bad[:20])
    more = f" and {len(bad) - 20} more" if len(bad) > 20 else ""
    return Problem(
        MISALIGNED_ROWS,
        page,
        f"{len(bad)} of {len(rows)} table rows do not fit the table's spans "
        f"(cells shifted): rows {shown}{more}",
    )
