"""Word-processor exports (python-docx → LibreOffice) where a page break meets a shape that
broke the table stages; each file is a step of the page-break sweep
(tests/fixtures/pagebreak/, bench.accuracy --sweep) that failed before its rule existed.
The files print the attachment alone, so only the rows are compared (not the notice)."""

from __future__ import annotations

from pathlib import Path

from bench.accuracy import load_expected, score_file
from tests.extract.conftest import extraction_of

PAGEBREAK = Path(__file__).resolve().parents[1] / "fixtures" / "pagebreak"


def _assert_rows_exact(slug: str) -> list[dict]:
    expected_rows, _ = load_expected(
        PAGEBREAK / "expected" / f"{slug}.jsonl", PAGEBREAK / "expected" / f"{slug}.meta.json"
    )
    extraction = extraction_of(PAGEBREAK / "pdf" / f"{slug}.sweep.pdf")
    score = score_file(slug, extraction.rows, {}, expected_rows, {})
    assert score.mismatches == []
    assert (score.exact_rows, score.got_rows) == (len(expected_rows), len(expected_rows))
    assert extraction.problems == []
    return extraction.rows


def test_a_column_that_splits_into_sub_columns_starts_a_new_sub_category() -> None:
    # The category spans the whole 工作任务 column on page 1; on page 2 the column is split
    # into 增强政务公开实效 | 全面落实“五公开”工作机制. It was glued into one category.
    rows = _assert_rows_exact("pb-splitcol")
    assert rows[0]["section"] == ["增强政务公开实效"]
    assert rows[4]["section"] == ["增强政务公开实效", "全面落实“五公开”工作机制"]


def test_a_requirement_cut_by_the_page_under_a_cut_merged_unit_cell_is_one_row() -> None:
    # 针对误读、曲 | 解、不实等情况: the merged 牵头单位 cell beside it was cut by the page
    # with 0.15 pt more than a measured line below its text; it was read as two rows.
    _assert_rows_exact("pb-runon")


def test_a_line_cut_before_a_quotation_mark_still_reaches_the_column_edge() -> None:
    # 打造山东半 | 岛“氢动走廊”: no line may break beside “, so 岛“氢 moved down together and
    # the line above ends short of the column's full lines; each was read as two rows.
    _assert_rows_exact("pb-quoted")


def test_a_new_row_under_unit_cells_merged_across_the_break_is_not_a_continuation() -> None:
    # A requirement ends with 。 on a full last line at the page bottom; the unit cells
    # merged over it and the next row are cut by the page and span that row's block below
    # the break: they are not the row's own, so the next requirement is a row of its own.
    _assert_rows_exact("pb-reflow")
