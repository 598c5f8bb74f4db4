"""A worksheet (values and merged ranges, whatever the file format) → blocks.

Spreadsheets put a notice's title lines in rows of their own above the table (often one
cell merged across it): leading rows with a single value are paragraphs, the rest of the
used range is one grid. Values are written as a person sees them: ``1.0`` is ``1``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from extract.errors import ExtractionError
from extract.table.document import Block, is_task_table
from extract.table.grid import PageGrid
from extract.table.spans import DEFAULT_MAX_CELLS, SpanCell, grid_from_spans
from extract.text import squeeze_line

Merge = tuple[int, int, int, int]  # first row, first col, last row, last col (0-based)


@dataclass
class Sheet:
    name: str
    lines: list[str]  # title rows above the table
    grid: PageGrid | None


def cell_text(value: object) -> str:
    """A cell value as printed: whole floats without ``.0``, dates as 2019年6月30日."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    lines = (squeeze_line(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def check_size(rows: int, cols: int, name: str) -> None:
    if rows * cols > DEFAULT_MAX_CELLS:
        raise ExtractionError(
            "too_large",
            f"sheet {name!r} spans {rows} rows × {cols} columns, more than "
            f"{DEFAULT_MAX_CELLS} cells",
        )


def read_sheet(name: str, values: list[list[str]], merges: list[Merge]) -> Sheet:
    """Title lines and the grid of one sheet's used range (empty edges trimmed)."""
    top, left, bottom, right = _used_range(values)
    if bottom < top:
        return Sheet(name, [], None)
    anchors = {(m[0], m[1]): m for m in merges}
    covered = {
        (r, c)
        for m in merges
        for r in range(m[0], m[2] + 1)
        for c in range(m[1], m[3] + 1)
        if (r, c) != (m[0], m[1])
    }
    lines: list[str] = []
    start = top
    while start <= bottom:
        texts = [
            text
            for c in range(left, right + 1)
            if (text := _value(values, start, c)) and (start, c) not in covered
        ]
        if len(texts) > 1:
            break
        lines.extend(texts)
        start += 1
    rows: list[list[SpanCell]] = []
    for r in range(start, bottom + 1):
        row: list[SpanCell] = []
        for c in range(left, right + 1):
            if (r, c) in covered:
                continue
            merge = anchors.get((r, c))
            rowspan = min(merge[2], bottom) - r + 1 if merge else 1
            colspan = min(merge[3], right) - c + 1 if merge else 1
            row.append(SpanCell(_value(values, r, c), rowspan, colspan))
        rows.append(row)
    return Sheet(name, lines, grid_from_spans(rows) if rows else None)


def _value(values: list[list[str]], r: int, c: int) -> str:
    row = values[r] if r < len(values) else []
    return row[c] if c < len(row) else ""


def _used_range(values: list[list[str]]) -> tuple[int, int, int, int]:
    """(top, left, bottom, right) of the cells with text. Merged ranges are clipped to it:
    a title merged wider than the table adds no empty columns."""
    filled = [(r, c) for r, row in enumerate(values) for c, text in enumerate(row) if text]
    if not filled:
        return 0, 0, -1, -1
    top = min(r for r, _ in filled)
    left = min(c for _, c in filled)
    bottom = max(r for r, _ in filled)
    right = max(c for _, c in filled)
    return top, left, bottom, right


def workbook_blocks(sheets: list[Sheet]) -> list[Block]:
    """The sheets as one document: the sheets up to the first that holds a task table, its
    title lines and grid, then the grid of every later sheet that holds one (a table split
    over sheets; their repeated titles would stand between the parts), then the rest."""
    blocks: list[Block] = []
    rest: list[Block] = []
    found = False
    for sheet in sheets:
        task = sheet.grid is not None and is_task_table(sheet.grid)
        if task and found:
            blocks.append(sheet.grid)  # type: ignore[arg-type]
            continue
        target = rest if found else blocks
        if sheet.lines:
            target.append("\n".join(sheet.lines))
        if sheet.grid is not None:
            target.append(sheet.grid)
        found = found or task
    return blocks + rest
