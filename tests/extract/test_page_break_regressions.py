"""Regressions of issue 11, classes 1-4: cells and rows at a page break, each on the layout
fixture that reproduces it (texts of 攀枝花 2017 and 宁阳 2017) and, where the mechanism is
one function, on that function alone."""

from __future__ import annotations

from pathlib import Path

from bench.accuracy import fixture_files, load_expected, score_file
from extract.table.stitch import units_run_on
from tests.extract.conftest import extraction_of

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures/layouts"


def _exact(slug: str) -> list[dict]:
    """The fixture's rows, after checking that every one of them is exact."""
    [(document, rows_path, meta_path)] = [
        files for files in fixture_files(LAYOUTS) if files[0].name.startswith(f"{slug}.")
    ]
    expected, meta = load_expected(rows_path, meta_path)
    extraction = extraction_of(document)
    score = score_file(document.name, extraction.rows, extraction.meta, expected, meta)
    assert score.mismatches == []
    assert (score.exact_rows, score.got_rows) == (len(expected), len(expected))
    return extraction.rows


def test_category_cell_continued_across_a_page_break_is_one_section() -> None:
    # class 1: 推进环境保护 at the foot of a page, 信息公开 at the head of the next, both
    # pieces of one merged cell; the piece above is not a label "seen before".
    rows = _exact("cutcat-panzhihua-2017")
    sections = {row["section"][-1] for row in rows}
    assert "推进环境保护信息公开" in sections
    assert not sections & {"推进环境保护", "信息公开"}
    # a merged deadline cell whose text the page above printed goes on under a new group
    assert all(row["deadline_text"] for row in rows)


def test_different_neighbouring_category_cells_are_not_glued_into_one() -> None:
    # class 2: 以政务公开助力防风险 repeated on every row, printed on two full lines at the
    # foot of a page, then 增强政务公开实效: was one section 以政务公开助力防风险增强政务公开实效.
    rows = _exact("glued-ningyang-2017")
    firsts = [row["section"][0] for row in rows]
    assert set(firsts) == {"以政务公开助力防风险", "增强政务公开实效"}
    assert firsts.index("增强政务公开实效") == firsts.count("以政务公开助力防风险")


def test_unit_cells_of_two_neighbouring_blocks_are_not_joined() -> None:
    # class 3 (horizontal rules only): 市教育体育局牵头落实 at the foot of a page and
    # 攀枝花学院、攀枝花机电职业技术学院牵头落实 at the head of the next were one cell.
    rows = _exact("units-panzhihua-2017")
    leads = [row["lead_units_text"] for row in rows]
    college = leads.index("攀枝花学院、攀枝花机电职业技术学院牵头落实")
    assert leads[college - 1] == "市教育体育局牵头落实"
    assert (
        units_run_on("市教育体育局牵头落实", "攀枝花学院、攀枝花机电职业技术学院牵头落实") is False
    )
    assert units_run_on("市教育体育局、", "攀枝花学院牵头落实") is True
    # a role mark cut in two still runs on (fuzz seeds 30198, 30277, 30311)
    assert units_run_on("县政府办公室、县新闻中心按职责分工分别牵头", "落实") is True


def test_row_cut_in_two_at_a_page_break_is_one_row() -> None:
    # class 4: the requirement ends its page one character short (…公布决策草 | 案、决策
    # 依据…: the line-breaking rules pulled 案 down with the 、 after it), so the line looked
    # unfinished-but-not-full and the row became two.
    rows = _exact("splitrow-ningyang-2017")
    cut = [row for row in rows if "决策草案、决策依据" in row["requirement"]]
    assert len(cut) == 1
    assert not any(row["requirement"].startswith("案、") for row in rows)
