"""Rows lost on the way are named by a ``missing_rows`` problem, read from the table's own
printed row numbers; the numbering real tables use (excerpts, a range per category,
restarts) is not taken for a loss."""

from __future__ import annotations

from extract.table.logical import LogicalRow
from extract.table.missing import number_gaps
from extract.vocabulary import NoteKind


def _rows(*numbered: tuple[str | None, str], page: int = 1) -> list[LogicalRow]:
    return [
        LogicalRow(page, seq, [section], f"公开第{i}项。", "县财政局", None, None)
        for i, (seq, section) in enumerate(numbered)
    ]


def test_a_gap_in_the_row_numbers_of_one_category_names_the_numbers_lost() -> None:
    rows = _rows(("11", "一、甲"), ("12", "一、甲"), ("14", "一、甲"), ("15", "一、甲"))
    problems = number_gaps(rows)
    assert [p.kind for p in problems] == [NoteKind.MISSING_ROWS]
    assert "13" in problems[0].text and "12" in problems[0].text and "14" in problems[0].text


def test_a_row_holding_the_next_two_numbers_is_two_rows_run_together() -> None:
    rows = _rows(("11", "一、甲"), ("12", "一、甲"), ("1314", "一、甲"), ("15", "一、甲"))
    problems = number_gaps(rows)
    assert len(problems) == 1 and "13 and 14" in problems[0].text


def test_a_row_holding_two_numbers_on_two_lines_is_two_rows_run_together() -> None:
    rows = _rows(("12", "一、甲"), ("13\n14", "一、甲"))
    assert len(number_gaps(rows)) == 1


def test_an_excerpt_jumping_to_the_next_categorys_range_is_no_gap() -> None:
    # panzhihua-2017: rows 1-12 under one category, 23-29 under the next
    rows = _rows(("11", "一、甲"), ("12", "一、甲"), ("23", "二、乙"), ("24", "二、乙"))
    assert number_gaps(rows) == []


def test_numbers_restarting_at_one_and_a_table_starting_anywhere_are_no_gap() -> None:
    rows = _rows(("26", "一、甲"), ("27", "一、甲"), ("1", "一、甲"), ("2", "一、甲"))
    assert number_gaps(rows) == []


def test_a_misread_number_the_run_goes_on_past_is_no_loss() -> None:
    rows = _rows(("12", "一、甲"), ("18", "一、甲"), ("14", "一、甲"), ("15", "一、甲"))
    assert number_gaps(rows) == []


def test_unnumbered_rows_and_a_wrapped_two_digit_number_are_no_gap() -> None:
    assert number_gaps(_rows((None, "一、甲"), (None, "一、甲"), (None, "一、甲"))) == []
    # "1" above "2" in a narrow cell reads as 12, which follows 11
    assert number_gaps(_rows(("11", "一、甲"), ("12", "一、甲"), ("13", "一、甲"))) == []


def _categorised(*sections: tuple[str, ...]) -> list[LogicalRow]:
    return [
        LogicalRow(1, None, list(section), f"公开第{i}项。", "县财政局", None, None)
        for i, section in enumerate(sections)
    ]


def test_a_number_read_as_its_neighbours_before_a_gap_of_one_is_no_loss() -> None:
    # 6, 6, 8: row 7 is there, its number cell merged with the one above on the scan
    rows = _rows(("5", "一、甲"), ("6", "一、甲"), ("6", "一、甲"), ("8", "一、甲"))
    assert number_gaps(rows) == []
    # 6, 8 with no repeat: row 7 is lost
    assert len(number_gaps(_rows(("5", "一、甲"), ("6", "一、甲"), ("8", "一、甲")))) == 1


def test_a_row_number_holding_a_run_of_numbers_is_rows_run_together() -> None:
    """A faded Calc print's first six rows read as one, its number cell 123456: no row
    above to compare, so the pair check (1314 after 12) did not see it."""
    problems = number_gaps(_rows(("123456", "一、甲"), ("7", "一、甲")))
    assert len(problems) == 1 and "1–6" in problems[0].text
    # a number a table reaches (123, a wrapped 12) and a pair are not runs of three
    assert number_gaps(_rows(("122", "一、甲"), ("123", "一、甲"), ("124", "一、甲"))) == []
