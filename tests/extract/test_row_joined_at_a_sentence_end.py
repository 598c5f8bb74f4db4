"""A row joined to the row above a page break on the page's geometry alone, where the text
above ends a sentence and the table prints no row numbers, is reported as a row that may
be lost ("nothing lost, nothing silent"): a scanned table without row numbers had two
tasks joined across a break, and nothing in the output showed it."""

from __future__ import annotations

from extract.errors import Problem
from extract.table.body import BodyRow
from extract.table.grid import Cell
from extract.table.header import column_roles
from extract.table.stitch import stitch_pages
from extract.vocabulary import NoteKind


def _cell(
    key: int, page: int, col: int, text: str, top: float, text_bottom: float, x1: float
) -> Cell:
    bottom = top + 60.0
    return Cell(
        key,
        page,
        (0, 0),
        (col, col),
        text,
        top,
        bottom,
        top + 2.0,
        top + text_bottom,
        10.0,
        x1,
        x1,
        12.0,
        10.0,
    )


def _stitched(
    above: str, below: str, numbers: tuple[str, str] | None = None
) -> tuple[Problem | None, int]:
    """Rows on page 1 (a whole row, then one whose requirement fills its cell to the
    bottom and the column's edge, ending ``above``) and page 2 (its requirement ``below``,
    its unit cell blank): the problem returned and the rows left."""
    labels = ["序号", "具体要求", "牵头单位"] if numbers else ["具体要求", "牵头单位"]
    roles = column_roles(labels)
    assert roles is not None
    first, second = numbers or ("", "")

    def row(page: int, key: int, number: str, requirement: Cell, unit: Cell) -> BodyRow:
        seq = [_cell(key + 2, page, 0, number, requirement.top, 12.0, 20.0)] if numbers else []
        return BodyRow(page, [*seq, requirement, unit])

    shift = 1 if numbers else 0
    done = [
        row(
            1,
            0,
            "1",
            _cell(0, 1, shift, "公开甲项。", 0.0, 40.0, 300.0),
            _cell(1, 1, shift + 1, "县财政局", 0.0, 14.0, 380.0),
        ),
        row(
            1,
            10,
            first,
            _cell(10, 1, shift, above, 60.0, 57.0, 299.0),
            _cell(11, 1, shift + 1, "县审计局", 60.0, 14.0, 380.0),
        ),
    ]
    page = [
        row(
            2,
            20,
            second,
            _cell(20, 2, shift, below, 0.0, 26.0, 250.0),
            _cell(21, 2, shift + 1, "", 0.0, 0.0, 0.0),
        )
    ]
    problem = stitch_pages(done, page, roles, open_break=False)
    keys = {r.slots[shift].key for r in done + page}
    return problem, len(keys)


def test_a_row_joined_across_a_break_after_a_sentence_end_is_reported() -> None:
    problem, rows = _stitched("依法公开审计结果。", "建立健全工作机制，推进整改")
    assert rows == 2  # joined, as before: the geometry says the row went on
    assert problem is not None and problem.kind == NoteKind.MISSING_ROWS
    assert "审计结果。" in problem.text and "建立健全工作机制" in problem.text


def test_a_row_cut_mid_sentence_by_the_break_is_joined_without_a_problem() -> None:
    problem, rows = _stitched("依法公开审计结果，", "建立健全工作机制，推进整改")
    assert rows == 2
    assert problem is None


def test_a_numbered_row_joined_across_a_break_is_not_reported() -> None:
    """A blank number cell under a printed one says the same row: the numbers tell."""
    problem, rows = _stitched("依法公开审计结果。", "建立健全工作机制，推进整改", ("2", ""))
    assert rows == 2
    assert problem is None
