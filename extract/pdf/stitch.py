"""Join the pieces of cells and rows that a page break cut in two.

At a page break each column's last cell on the page (P) and first cell on the next page (T)
are either one cell (T continues P: merged cell, repeated merged text, or text that ran on)
or two. Whether a row continues is decided from evidence, never from punctuation alone: a
row number below the break says new row, a blank number cell under a printed one says the
same row; a missing rule says the same row; otherwise P's requirement must have run on
(its last line is full and sits at the bottom of the page) and either stop mid-sentence,
or stop at a sentence end while every other cell of the row ended above the break.
Word-processor exports move the text of a merged cell cut by the break to wherever its
lines fall, so P may be empty with all the text in T, or the text may be cut mid-word.
"""

from __future__ import annotations

from extract.pdf.body import BodyRow, is_heading_row, replace_cell
from extract.pdf.grid import Cell
from extract.pdf.header import CATEGORY, LEAD, RESPONSIBLE, ColumnRoles
from extract.pdf.numbering import is_numbered
from extract.text import compact, ends_sentence

_SEPARATORS = "、，,；;：:（(和及与"
_UNIT_ENDINGS = set("局办室委院府处行部队会所站馆团社厂司心区县镇乡街道位门")
_UNIT_STARTS = set("县市区省州镇乡街各人中国团共")
_ROLE_MARKS = ("落实", "牵头", "配合", "协助", "负责", "参与", "等")


def stitch_pages(
    done: list[BodyRow], page_rows: list[BodyRow], roles: ColumnRoles, *, open_break: bool
) -> None:
    """Merge the first row of ``page_rows`` into the table built so far (in place)."""
    if not done or not page_rows:
        return
    last, first = done[-1], page_rows[0]
    if is_heading_row(last, roles) or is_heading_row(first, roles):
        return
    ncols = len(roles.roles)
    page_above = [row for row in done if row.page == last.page]
    if row_continues(last, first, roles, open_break=open_break, page_above=page_above):
        continues = [True] * ncols
    else:
        continues = column_continuations(last, first, roles, _column_history(done, roles))
    for col in range(ncols):
        if continues[col]:
            _join(last.slots[col], first.slots[col], page_rows)


def row_continues(
    last: BodyRow,
    first: BodyRow,
    roles: ColumnRoles,
    *,
    open_break: bool,
    page_above: list[BodyRow] | None = None,
) -> bool:
    req = roles.requirement
    before, after = last.slots[req], first.slots[req]
    if not compact(after.text):
        return any(compact(cell.text) for cell in first.slots)
    if not compact(before.text):
        return False
    if _new_item_marked(last, first, roles):
        return False
    if roles.seq is not None and compact(last.slots[roles.seq].text):
        return not compact(first.slots[roles.seq].text)
    if open_break:
        return True
    above = page_above or [last]
    if not ran_on(before, _text_edge(above, req)):
        return False
    if not ends_sentence(before.text) and not is_numbered(after.text):
        return True
    return _other_cells_ended(last, first, roles, above)


def ran_on(cell: Cell, edge: float | None) -> bool:
    """The cell's text was cut by the page: its last line is full (ends at the column's
    text edge) and sits at the bottom of the cell, with no room for another line."""
    if cell.text_bottom is None or cell.last_line_x1 is None or edge is None:
        return False
    size = max(cell.line_height, 1.0)
    at_bottom = cell.bottom - cell.text_bottom < 2.2 * size
    return at_bottom and cell.last_line_x1 >= edge - 1.2 * size


def _text_edge(rows: list[BodyRow], col: int) -> float | None:
    """Where the longest lines of a column end on a page (its right text margin)."""
    ends = [row.slots[col].max_line_x1 for row in rows if row.slots[col].cols == (col, col)]
    return max((x for x in ends if x is not None), default=None)


def _other_cells_ended(
    last: BodyRow, first: BodyRow, roles: ColumnRoles, above: list[BodyRow]
) -> bool:
    """A row cut at a sentence end: its other cells either ended above the break (blank
    below it) or ran on, and at least one ended."""
    ended = False
    for col, role in enumerate(roles.roles):
        if col == roles.requirement or role == CATEGORY:
            continue
        before, after = last.slots[col], first.slots[col]
        if before is after or not compact(before.text):
            continue
        if not compact(after.text):
            ended = True
        elif not ran_on(before, _text_edge(above, col)):
            return False
    return ended


def _new_item_marked(last: BodyRow, first: BodyRow, roles: ColumnRoles) -> bool:
    """A new row number, or a new numbered category, at the top of the page."""
    marked = [roles.seq] if roles.seq is not None else []
    for col in marked + roles.categories:
        before, after = compact(last.slots[col].text), compact(first.slots[col].text)
        if after and after != before and (col == roles.seq or is_numbered(after)):
            return True
    return False


def column_continuations(
    last: BodyRow, first: BodyRow, roles: ColumnRoles, history: dict[int, list[str]]
) -> list[bool]:
    """For a new row at the top of a page: which of its cells continue the cell above."""
    ncols = len(roles.roles)
    continues = [False] * ncols
    group_new = False
    for col in roles.categories:
        if group_new:
            break
        before, after = last.slots[col], first.slots[col]
        continues[col] = _same_category(before, after, history.get(col, []))
        group_new = not continues[col]
    # A group starting in the last row of a page whose merged cells printed all their text
    # on the next page: its category pieces above the break are empty.
    moved = any(
        continues[c] and not compact(last.slots[c].text) and compact(first.slots[c].text)
        for c in roles.categories
    )
    for col in range(ncols):
        role = roles.roles[col]
        if role == CATEGORY or col == roles.requirement:
            continue
        before, after = last.slots[col], first.slots[col]
        if not compact(after.text):
            continues[col] = not group_new
        elif compact(after.text) == compact(before.text):
            continues[col] = True
        elif not compact(before.text):
            continues[col] = moved and not group_new
        elif role in (LEAD, RESPONSIBLE):
            continues[col] = not group_new and _units_run_on(before.text, after.text)
    return continues


def _same_category(before: Cell, after: Cell, history: list[str]) -> bool:
    text_after, text_before = compact(after.text), compact(before.text)
    if not text_after or text_after == text_before:
        return True
    if not text_before:
        return _single_band(before)
    if is_numbered(after.text):
        return False
    # Cells of one column start alike (以政务公开助力…); a text that does too starts a cell.
    return not any(text_after[:2] == seen[:2] for seen in history)


def _units_run_on(before: str, after: str) -> bool:
    """Unit text cut mid-list or mid-name runs on; a finished unit or role mark followed by
    a new unit name does not."""
    text = compact(before)
    tail, head = text[-1:], compact(after)[:1]
    if tail in _SEPARATORS:
        return True
    finished = tail in _UNIT_ENDINGS or text.endswith(_ROLE_MARKS)
    return not (finished and head in _UNIT_STARTS)


def _single_band(cell: Cell) -> bool:
    """An empty piece as tall as one row: the cell's text went to the next page."""
    return cell.rows[0] == cell.rows[1]


def _column_history(done: list[BodyRow], roles: ColumnRoles) -> dict[int, list[str]]:
    history: dict[int, list[str]] = {}
    for col in roles.categories:
        seen: list[str] = []
        last_cell: Cell | None = None
        for row in done[:-1]:
            cell = row.slots[col]
            if cell is not last_cell and compact(cell.text):
                seen.append(compact(cell.text))
            last_cell = cell
        history[col] = seen
    return history


def _join(before: Cell, after: Cell, page_rows: list[BodyRow]) -> None:
    if before is after:
        return
    if compact(after.text) and compact(after.text) != compact(before.text):
        before.text = before.text + after.text if before.text else after.text
    # From here on the cell's geometry is that of its piece on the newer page.
    before.rows = after.rows
    before.top, before.bottom = after.top, after.bottom
    before.text_top, before.text_bottom = after.text_top, after.text_bottom
    replace_cell(page_rows, after, before)
