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

from dataclasses import dataclass

from extract.errors import Problem
from extract.table.body import BodyRow, is_heading_row, narrow_heading_cell, replace_cell
from extract.table.grid import Cell
from extract.table.header import CATEGORY, LEAD, RESPONSIBLE, ColumnRoles
from extract.table.joins import UNIT_STARTS, line_break
from extract.table.numbering import is_numbered
from extract.text import compact, ends_sentence, upper_median
from extract.vocabulary import NoteKind

_SEPARATORS = "、，,；;：:（(和及与"
# A closing bracket ends a qualified unit name: 县政府有关部门（单位）, 各乡镇（街道）.
_UNIT_ENDINGS = set("局办室委院府处行部队会所站馆团社厂司心区县镇乡街道位门）)")
_ROLE_MARKS = ("落实", "牵头", "配合", "协助", "负责", "参与", "等")


def stitch_pages(
    done: list[BodyRow],
    page_rows: list[BodyRow],
    roles: ColumnRoles,
    *,
    open_break: bool,
    room_below: float = 0.0,
    closed: list[bool] | None = None,
) -> Problem | None:
    """Merge the first row of ``page_rows`` into the table built so far (in place); a
    ``missing_rows`` problem where the two rows were joined as one on the page's geometry
    alone though the text above ends a sentence (`joined_at_a_sentence_end`).

    ``closed``: per column, whether rules close it at the break, given only where the
    break is ruled under some columns and open under others.

    ``room_below``: how much higher the table ended on the page above than the lowest it
    reaches on any page. A row the page cut fills its page; with room for another line
    below, the row above the break was whole even when its text reads as cut."""
    if not done or not page_rows:
        return None
    last, first = done[-1], page_rows[0]
    if is_heading_row(last, roles) or is_heading_row(first, roles):
        return None
    heading = narrow_heading_cell(first, roles)
    below = page_rows[1].slots if len(page_rows) > 1 else []
    if heading is not None and not any(heading is slot for slot in below):
        return None  # a group heading opens the page: nothing above goes on
    ncols = len(roles.roles)
    page_above = [row for row in done if row.page == last.page]
    geometry = page_geometry(page_above)
    whole = not open_break and room_below >= geometry.inset + geometry.pitch
    if not whole and row_continues(
        last,
        first,
        roles,
        open_break=open_break,
        page_above=page_above,
        numbers_around=(_last_number(done[:-1], roles), _last_number(page_rows[1:2], roles)),
    ):
        problem = None if open_break else joined_at_a_sentence_end(last, first, roles)
        continues = [True] * ncols
    else:
        problem = None
        continues = column_continuations(
            last, first, roles, geometry, _column_history(done, roles), closed=closed
        )
    for col in range(ncols):
        if continues[col]:
            _join(last.slots[col], first.slots[col], page_rows)
    return problem


def joined_at_a_sentence_end(last: BodyRow, first: BodyRow, roles: ColumnRoles) -> Problem | None:
    """A row joined to the one above the break on the page's geometry alone (a rule under
    it, no row number either side to tell), where the text above ends a sentence, is
    reported: two rows so joined read as one, and nothing else would show the lost row
    (a scanned table without row numbers joined two tasks at a break, silently). Not one
    of the 40-odd rows joined at a break in the text fixtures is such a join."""
    before, after = (
        compact(last.slots[roles.requirement].text),
        compact(first.slots[roles.requirement].text),
    )
    if not before or not after or not ends_sentence(before):
        return None
    if roles.seq is not None and (
        compact(last.slots[roles.seq].text) or compact(first.slots[roles.seq].text)
    ):
        return None
    return Problem(
        NoteKind.MISSING_ROWS,
        first.page,
        f"a row may be lost at the top of page {first.page}: “…{before[-12:]}” (page "
        f"{last.page}) and “{after[:12]}…” were joined as one row across the page break, "
        "the text above ending a sentence, and the table prints no row numbers to tell "
        "two rows from one",
    )


def row_continues(
    last: BodyRow,
    first: BodyRow,
    roles: ColumnRoles,
    *,
    open_break: bool,
    page_above: list[BodyRow] | None = None,
    numbers_around: tuple[str | None, str | None] = (None, None),
) -> bool:
    """``numbers_around``: the row numbers printed last before ``last``'s row and in the
    row after ``first``, where there are."""
    req = roles.requirement
    before, after = last.slots[req], first.slots[req]
    if not compact(after.text):
        return any(compact(cell.text) for cell in first.slots)
    if not compact(before.text):
        return False
    if roles.seq is not None and number_cut(
        compact(last.slots[roles.seq].text), compact(first.slots[roles.seq].text), *numbers_around
    ):
        return True
    if _new_item_marked(last, first, roles):
        return False
    if roles.seq is not None and compact(last.slots[roles.seq].text):
        if _number_lost(compact(last.slots[roles.seq].text), *numbers_around[1:]):
            return False
        return not compact(first.slots[roles.seq].text)
    if open_break:
        return True
    if _text_reprinted(last, first, roles):
        return False
    page = page_geometry(page_above or [last])
    cut = ran_on(before, req, page, after)
    if cut is None:  # no geometry: only the text can tell
        return not ends_sentence(before.text) and not is_numbered(after.text)
    if not cut or _fresh_cell(last, first, roles, page):
        return False
    if not ends_sentence(before.text) and not is_numbered(after.text):
        return True
    return _other_cells_ended(last, first, roles, page)


def _text_reprinted(last: BodyRow, first: BodyRow, roles: ColumnRoles) -> bool:
    """A cell of one row has its whole text printed again in a cell of one row below the
    break: a row that goes on never repeats its cells (only a merged cell, which spans
    several rows on one side of the break, may be reprinted on the next page)."""
    for col in range(len(roles.roles)):
        if col == roles.requirement:
            continue
        before, after = last.slots[col], first.slots[col]
        if before is last.slots[roles.requirement] or _spans_rows(before) or _spans_rows(after):
            continue
        if (
            before is not after
            and compact(before.text)
            and compact(before.text) == compact(after.text)
        ):
            return True
    return False


def _spans_rows(cell: Cell) -> bool:
    return cell.rows[0] != cell.rows[1]


def _fresh_cell(last: BodyRow, first: BodyRow, roles: ColumnRoles, page: PageGeometry) -> bool:
    """A cell below the break starts a text of its own: its column above neither holds the
    same text nor was cut by the page. A row that goes on never starts a cell."""
    for col in range(len(roles.roles)):
        if col == roles.requirement:
            continue
        before, after = last.slots[col], first.slots[col]
        text_before, text_after = compact(before.text), compact(after.text)
        if before is after or not text_after or not text_before or text_after == text_before:
            continue
        # Unit cells put one unit per line, so a cut one need not end in a full line.
        if not reaches_bottom(before, page):
            return True
    return False


@dataclass(frozen=True)
class PageGeometry:
    """How text sits in the cells of the page above a break, measured on its rows."""

    edges: dict[int, float]  # per column: where its longest lines end
    inset: float  # gap between a full cell's last line and its bottom rule
    pitch: float  # distance between consecutive lines


def page_geometry(rows: list[BodyRow]) -> PageGeometry:
    edges: dict[int, float] = {}
    insets: list[float] = []
    pitches: list[float] = []
    sizes: list[float] = []
    for index, row in enumerate(rows):
        gaps: list[float] = []
        for col, cell in enumerate(row.slots):
            if cell.text_bottom is None or cell.max_line_x1 is None:
                continue
            sizes.append(cell.line_height)
            if cell.line_pitch is not None:
                pitches.append(cell.line_pitch)
            if cell.cols == (col, col):
                edges[col] = max(edges.get(col, cell.max_line_x1), cell.max_line_x1)
            if cell.rows[0] == cell.rows[1]:
                gaps.append(cell.bottom - cell.text_bottom)
        if gaps and index < len(rows) - 1:  # the last row may be cut by the page
            insets.append(min(gaps))
    size = upper_median(sizes) or 10.0
    return PageGeometry(
        edges, upper_median(insets) or 0.5 * size, upper_median(pitches) or 1.3 * size
    )


def ran_on(cell: Cell, col: int, page: PageGeometry, following: Cell) -> bool | None:
    """``cell``'s text was cut by the page and goes on in ``following``: no further line
    would fit below its last line, and the first character of ``following`` would not fit
    at the end of that line (the column's longest lines show how far a line can reach).
    None when the cells carry no line geometry to tell."""
    edge = page.edges.get(col)
    if cell.text_bottom is None or cell.last_line_x1 is None or edge is None:
        return None
    width = following.first_char_width or max(cell.line_height, 1.0)
    return (
        reaches_bottom(cell, page)
        and cell.last_line_x1 + width * _kept_together(following.text) > edge
    )


# Line-breaking rules keep a closing mark off the start of a line and an opening mark off
# its end: the character before the mark (or the mark itself) moves down with it, so a
# line cut there ends one character short of the column's full lines.
_NO_LINE_START = set("，。、；：？！）》」』”’〕,.;:)%")
_NO_LINE_END = set("（《「『“‘〔(")
# Quotation marks (Unicode line-break class QU) allow no break on either side of them:
# 息“双 moves down as one piece, so the line above ends three characters short.
_QUOTES = set("“”‘’\"'«»")


def _kept_together(text: str) -> int:
    """How many characters at the start of ``text`` had to move down together: up to the
    first place a line may break."""
    head = compact(text)
    kept = 1
    while kept < len(head) and kept < 4:
        before, after = head[kept - 1], head[kept]
        glued = (
            after in _NO_LINE_START
            or before in _NO_LINE_END
            or after in _QUOTES
            or before in _QUOTES
        )
        if not glued:
            break
        kept += 1
    return kept


_FIT_SLACK = 0.5  # points


def reaches_bottom(cell: Cell, page: PageGeometry) -> bool:
    """No further line of text would fit below the cell's last line."""
    if cell.text_bottom is None:
        return False
    # A cut cell leaves less than one line pitch below its last line (beyond the inset of a
    # full cell); one with room, a whole pitch or more. The word processor's own test of
    # whether a line fits counts a little more than the pitch measured between printed
    # lines (LibreOffice left 0.15 pt more than inset + pitch under a cut cell), so half a
    # point of slack; a cell with room for a line and more is whole.
    return cell.bottom - cell.text_bottom < page.inset + page.pitch + _FIT_SLACK


def _other_cells_ended(
    last: BodyRow, first: BodyRow, roles: ColumnRoles, page: PageGeometry
) -> bool:
    """A row cut at a sentence end: its other cells either ended above the break (blank
    below it) or were cut by the page too, and at least one shows it. A cell merged over
    rows above is cut wherever the page ends, and one whose piece below the break spans
    several rows there is merged over the rows that follow (a unit cell shared by a
    group): neither is the row's own, so only the row's own cells tell."""
    evidence = False
    for col, role in enumerate(roles.roles):
        if col == roles.requirement or role == CATEGORY:
            continue
        before, after = last.slots[col], first.slots[col]
        text_before, text_after = compact(before.text), compact(after.text)
        if before is after or not text_before or text_after == text_before:
            continue
        if _spans_rows(before) or _spans_rows(after):
            continue
        if not text_after or ran_on(before, col, page, after) is True:
            evidence = True
        else:
            return False
    return evidence


def number_cut(before: str, after: str, above: str | None, below: str | None) -> bool:
    """A row number wrapped in a narrow 序号 cell and cut by the break: "1" at the foot of
    the page and "2" at the top of the next are 12 when 12, and not 1, follows the number
    printed above (11), or when the number of the row below follows 12 and not 2 (an
    excerpt's numbers may skip: 2 | 3 after 12 is 23 when 24 comes next). Two rows of
    their own follow on from each other (a group restarting at 1 | 2 has 3 below)."""
    if not before or not after or not (before + after).isdecimal():
        return False
    joined = int(before + after)
    if above is not None and above.isdecimal():
        follows = int(above) + 1
        if int(before) != follows and joined == follows:
            return True
    if below is not None and below.isdecimal():
        return int(below) == joined + 1 and int(below) != int(after) + 1
    return False


def _number_lost(before: str, below: str | None) -> bool:
    """The row under the break has no number, but the row after it is numbered two past
    the last row above (6 | blank, 8): it is row 7 whose number the scan lost (a digit in
    a binding shadow), not the rest of 6, which the row numbered 7 would follow."""
    if not before.isdecimal() or below is None or not below.isdecimal():
        return False
    return int(below) == int(before) + 2


def _last_number(rows: list[BodyRow], roles: ColumnRoles) -> str | None:
    """The last row number printed in ``rows`` (above the break: the rows so far; below
    it: the one row after the first)."""
    if roles.seq is None:
        return None
    for row in reversed(rows):
        text = compact(row.slots[roles.seq].text)
        if text:
            return text
    return None


def _new_item_marked(last: BodyRow, first: BodyRow, roles: ColumnRoles) -> bool:
    """A new row number, or a new numbered category, at the top of the page."""
    marked = [roles.seq] if roles.seq is not None else []
    for col in marked + roles.categories:
        before, after = compact(last.slots[col].text), compact(first.slots[col].text)
        if after and after != before and (col == roles.seq or is_numbered(after)):
            return True
    return False


def column_continuations(
    last: BodyRow,
    first: BodyRow,
    roles: ColumnRoles,
    page: PageGeometry,
    history: dict[int, list[str]],
    *,
    closed: list[bool] | None = None,
) -> list[bool]:
    """For a new row at the top of a page: which of its cells continue the cell above."""
    ncols = len(roles.roles)
    continues = [False] * ncols
    group_new = False
    for col in roles.categories:
        if group_new:
            break
        before, after = last.slots[col], first.slots[col]
        continues[col] = _same_category(before, after, col, page, history.get(col, []))
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
            # A blank piece merged over several rows is the rest of the cell above (a merged
            # cell whose text the page above printed), even where a new group starts; nobody
            # merges an empty cell of its own.
            continues[col] = not group_new or _spans_rows(after)
            if closed is not None and closed[col]:
                # A spreadsheet print leaves a merged cell open at the break and rules the
                # cells that end there: a blank piece under a rule is a cell of its own.
                continues[col] = False
        elif compact(after.text) == compact(before.text):
            continues[col] = True
        elif not compact(before.text):
            continues[col] = moved and not group_new
        elif role in (LEAD, RESPONSIBLE):
            continues[col] = not group_new and units_run_on(before.text, after.text)
    return continues


def _same_category(
    before: Cell, after: Cell, col: int, page: PageGeometry, history: list[str]
) -> bool:
    text_after, text_before = compact(after.text), compact(before.text)
    if not text_after or text_after == text_before:
        return True
    if _grid_split(before, after):
        return False
    if not text_before:
        # Its text went to the page below: a one-row piece whose lines the word processor
        # moved down, or a merged cell whose text is centred on the whole merged area
        # (Excel/Calc prints, Word cells set to centre vertically), which puts it on
        # whichever page holds the area's middle. Nobody merges an empty cell of its own.
        return True
    if is_numbered(after.text):
        return False
    if len(text_after) >= _MIN_ECHO and text_before.endswith(text_after):
        return True  # the end of a merged cell's text printed again on this page
    if text_before in history:
        # printed whole before (a repeated cell, or a merged one reprinted on this page): it
        # was not cut, so a different text below the break is the next category
        return False
    if before.text_bottom is None:
        return False  # its piece above the break is empty: its text ended on an earlier page
    # A different text goes on the cell above only when that one was cut by the page; a
    # cut that happens to fall at the end of a label is told apart by how labels of this
    # column start (以政务公开助力…, 推进…): a text starting like one starts a cell.
    if ran_on(before, col, page, after) is False:
        return False
    return not any(text_after[:2] == seen[:2] for seen in history)


def _grid_split(before: Cell, after: Cell) -> bool:
    """The column split into sub-columns at the break: the cell above spans the sub-column
    ``after`` starts in from a column to its left. That is a change of the grid, not of the
    text: the cell above goes on (if at all) only in the sub-column where it starts, and a
    sub-column of its own below holds a new text (the category's first sub-category)."""
    return before is not after and before.cols[0] < after.cols[0] <= before.cols[1]


def units_run_on(before: str, after: str) -> bool:
    """Unit text cut mid-list or mid-name runs on; a finished unit or role mark followed by
    a new unit name does not."""
    text = compact(before)
    tail, head = text[-1:], compact(after)[:1]
    if tail in _SEPARATORS or compact(after).startswith(_ROLE_MARKS + ("分别", "按职责", "按照")):
        return True  # cut mid-list, or before the rest of its role mark (…分别牵头 | 落实)
    if text.endswith(_ROLE_MARKS):
        # A role mark closes its group of units (市教育体育局牵头落实): whatever name comes
        # next (攀枝花学院…, not only 县/市/区…) starts a cell of its own.
        return False
    return not (tail in _UNIT_ENDINGS and head in UNIT_STARTS)


def _column_history(done: list[BodyRow], roles: ColumnRoles) -> dict[int, list[str]]:
    history: dict[int, list[str]] = {}
    for col in roles.categories:
        seen: list[str] = []
        last_cell: Cell | None = None
        for row in done[:-1]:
            cell = row.slots[col]
            if cell is done[-1].slots[col]:
                continue  # the piece above the break itself is not a label seen before
            if cell is not last_cell and compact(cell.text):
                seen.append(compact(cell.text))
            last_cell = cell
        history[col] = seen
    return history


def _join(before: Cell, after: Cell, page_rows: list[BodyRow]) -> None:
    if before is after:
        return
    if compact(after.text) and compact(after.text) != compact(before.text):
        if compact(before.text):
            rest = after.text.lstrip()[_printed_twice(before.text.rstrip(), after.text.lstrip()) :]
            if compact(rest):
                last_line = before.text.rstrip().splitlines()[-1]
                first_line = rest.lstrip().splitlines()[0]
                before.text = before.text.rstrip() + line_break(last_line, first_line) + rest
        else:
            before.text = after.text
    # From here on the cell's geometry is that of its piece on the newer page (its columns
    # too: where the grid split into sub-columns, the piece below is the narrower one).
    before.rows = after.rows
    before.cols = after.cols
    before.top, before.bottom = after.top, after.bottom
    before.text_top, before.text_bottom = after.text_top, after.text_bottom
    replace_cell(page_rows, after, before)


# Shorter echoes are left: natural text repeats a word or two (公开公开 never, 的的 may).
_MIN_ECHO = 3


def _printed_twice(above: str, below: str) -> int:
    """How much of ``below``'s start repeats the end of ``above``: a spreadsheet prints a
    merged cell's text centred on its whole area, clipped to each page, so the line the
    page edge cuts is printed at the foot of one page and again at the head of the next
    (一、深化重点领域政府信息公开 | 域政府信息公开)."""
    for size in range(min(len(above), len(below)), _MIN_ECHO - 1, -1):
        if above.endswith(below[:size]) and compact(below[:size]):
            return size
    return 0
