"""Regression tests for the bugs of tables ruled horizontally only (and the page-break
bugs they exposed), each named after its bug, on minimal hand-made page geometry."""

from __future__ import annotations

from extract.page.area import find_region
from extract.page.columns import body_valley_boundaries
from extract.page.content import Char, HRule, PageContent
from extract.page.layout import locate_table, table_areas
from extract.table.body import BodyRow
from extract.table.grid import Cell, PageGrid
from extract.table.header import column_roles, header_band_count
from extract.table.logical import logical_rows
from extract.table.stitch import (
    PageGeometry,
    column_continuations,
    ran_on,
    reaches_bottom,
    stitch_pages,
    units_run_on,
)

SIZE = 10.0
PITCH = 13.5
LANDSCAPE = (842.0, 595.0)
_keys = iter(range(10_000))


def _chars(text: str, x: float, y: float, size: float = SIZE) -> list[Char]:
    return [
        Char(x + i * size, x + (i + 1) * size, y, y + size, ch, size) for i, ch in enumerate(text)
    ]


def _page(
    chars: list[Char], rule_ys: list[float], x0: float = 42.0, x1: float = 800.0
) -> PageContent:
    rules = [HRule(y, x0, x1) for y in rule_ys]
    return PageContent(1, LANDSCAPE[0], LANDSCAPE[1], chars, rules, [], False)


def test_band_holding_only_a_wide_last_column_is_a_row_not_body_prose() -> None:
    # fuzz seeds 5 and 393: a requirement column wider than 60% of a landscape page, its
    # cell alone on a band (the cells beside it merged from above), read as prose between
    # two rules, which cut the table in two and lost its pages.
    chars = _chars("工作任务", 60, 104) + _chars("具体要求", 500, 104)
    chars += _chars("推进国资", 45, 128) + _chars("依法依规公开市属企业生产经营", 273, 128)
    chars += _chars("按" * 58, 273, 166, 9.0)  # 522 points from x=273: 62% of the page
    page = _page(chars, [100, 122, 160, 200])
    region = find_region(page)
    assert region is not None and (region.top, region.bottom) == (100, 200)


def test_tall_band_with_text_in_one_column_only_stays_in_the_table() -> None:
    # fuzz seed 7: the rest of a unit list cut by the page, taller than a third of the
    # page and alone in its column, was not tied to the rules around it.
    chars = _chars("工作任务", 60, 46) + _chars("牵头单位", 220, 46)
    for line in range(14):
        chars += _chars("县发改局", 215, 66 + line * PITCH)
    chars += _chars("推进国资", 45, 281) + _chars("县国资委", 215, 281)
    chars += _chars("依法依规公开", 305, 281)
    page = _page(chars, [42, 63, 277, 547])
    region = find_region(page)
    assert region is not None and (region.top, region.bottom) == (42, 547)


def test_page_holding_one_tall_row_between_two_rules_continues_the_table() -> None:
    # fuzz seeds 18 and 63: a page with a single row has two rules only, below the three
    # a table needs, so the table stopped at the page before and lost its rows.
    table = _chars("工作任务", 60, 46) + _chars("具体要求", 300, 46)
    table += _chars("推进国资", 45, 70) + _chars("依法依规公开", 273, 70)
    first = _page(table, [42, 63, 90])
    row = _chars("推进国资", 45, 46) + _chars("依法依规公开市属企业生产经营情况", 273, 46)
    row += _chars("县国资委", 700, 46)
    alone = _page(row, [42, 464])
    assert [r is not None for r in table_areas([first, alone])] == [True, True]
    # Two rules below text (a 抄送 box at a notice's end) do not continue the table.
    box = _chars("抄送：县委各部门", 45, 200) + _chars("县人大常委会办公室", 400, 300)
    assert table_areas([first, _page(box, [290, 320])])[1] is None


def _labelled_page(body: list[Char], rule_ys: list[float]) -> PageContent:
    header = _chars("工作任务", 60, 104) + _chars("具体要求", 300, 104)
    header += _chars("牵头单位", 560, 104)
    return PageContent(
        1, 842.0, 595.0, header + body, [HRule(y, 40, 640) for y in rule_ys], [], False
    )


def test_category_sub_columns_under_one_header_label_are_two_columns() -> None:
    # fuzz seed 64: 工作任务 printed over two narrow category columns; with no vertical
    # rules only label gaps gave boundaries, so both categories read as one interleaved text.
    body: list[Char] = []
    y = 128.0
    for _ in range(3):
        body += _chars("一、深", 43, y) + _chars("（三）", 93, y)
        body += _chars("依法依规公开市属企业生产经营情况", 143, y) + _chars("县国资委", 545, y)
        body += _chars("化重点", 43, y + PITCH) + _chars("聚焦优", 93, y + PITCH)
        body += _chars("加大公开力度", 143, y + PITCH)
        y += 2 * PITCH + 8
    page = _labelled_page(body, [100, 122, 160, 198, 236])
    found = locate_table([page], [find_region(page)])
    assert found is not None
    boundaries = found[2]
    assert any(73 < b < 93 for b in boundaries), boundaries
    assert any(123 < b < 143 for b in boundaries), boundaries


def test_boundary_guessed_between_header_labels_gives_way_to_the_gap_the_body_leaves() -> None:
    # fuzz seeds 66 and 375: the guess between two header labels fell inside the ragged
    # right edge of the requirement column, and the true gap became a second boundary.
    lines = [_chars("依" * (20 + (i % 3) * 3), 120, 100 + i * PITCH) for i in range(9)]
    for i, line in enumerate(lines):
        line += _chars("县国资委", 420, 100 + i * PITCH)
    out = body_valley_boundaries(lines, 40.0, 500.0, [40.0, 500.0], [330.0], set())
    assert len(out) == 3 and 380 < out[1] < 420, out


def _cell(text: str, band: int, cols: tuple[int, int]) -> Cell:
    return Cell(next(_keys), 1, (band, band), cols, text, 0, 1, None, None, 0.0)


def _band(band: int, cells: list[tuple[str, tuple[int, int]]]) -> BodyRow:
    slots: list[Cell] = []
    for text, cols in cells:
        cell = _cell(text, band, cols)
        slots.extend([cell] * (cols[1] - cols[0] + 1))
    return BodyRow(1, slots)


FIVE = ["工作任务", "具体要求", "牵头单位", "责任单位", "完成时限"]


def test_numbered_heading_running_into_the_requirement_column_is_a_heading() -> None:
    # fuzz seed 61: "一、以政务公开助力促改革" ran from the category column into the
    # requirement column (no vertical rules), so it became a task row of its own.
    roles = column_roles(FIVE)
    assert roles is not None
    empty = [("", (c, c)) for c in range(2, 5)]
    body = [
        _band(0, [("一、以政务公开助力促改革", (0, 1)), *empty]),
        _band(1, [("（二）推进国资国企", (0, 0)), ("公开煤炭企业改革重组信息。", (1, 1)), *empty]),
        _band(2, [("（三）推进农业供给侧", (0, 0)), *[("", (c, c)) for c in range(1, 5)]]),
        _band(3, [("", (0, 0)), ("夏秋粮收购旺季发布收购进度。", (1, 1)), *empty]),
    ]
    table = logical_rows(body, roles)
    assert [row.section for row in table.rows] == [
        ["一、以政务公开助力促改革", "（二）推进国资国企"],
        ["一、以政务公开助力促改革", "（三）推进农业供给侧"],
    ]


def _one_line_cell(
    text: str, top: float, bottom: float, x1: float, *, edge: float, gap: float = 18.98
) -> Cell:
    return Cell(
        key=next(_keys),
        page=1,
        rows=(0, 0),
        cols=(1, 1),
        text=text,
        top=top,
        bottom=bottom,
        text_top=bottom - gap - SIZE,
        text_bottom=bottom - gap,
        line_height=SIZE,
        last_line_x1=x1,
        max_line_x1=edge,
        line_pitch=None,
        first_char_width=9.0,
    )


def test_cell_cut_with_just_under_a_line_of_room_left_reaches_the_page_bottom() -> None:
    # fuzz seed 92: 18.98 points below the last line, where a further line needs 19.04,
    # counted as room for a line because of a half-point slack, so the row split in two.
    page = PageGeometry({1: 300.5}, inset=4.19, pitch=14.85)
    cut = _one_line_cell("加快建立健全以“", 300, 400, 300.5, edge=300.5)
    assert reaches_bottom(cut, page)
    roomy = _one_line_cell("加快建立健全。", 300, 400, 300.5, edge=300.5, gap=4.19 + 14.85)
    assert not reaches_bottom(roomy, page)


def test_last_line_a_fraction_short_of_the_longest_line_still_ran_on() -> None:
    # fuzz seed 103: "…“双公示”工" ended 8.9 points before the column's longest line, less
    # than the 9-point char that follows, but a half-point slack said it would have fitted.
    page = PageGeometry({1: 341.67}, inset=4.19, pitch=14.85)
    cut = _one_line_cell("信用信息“双公示”工", 300, 300 + 18.0 + SIZE, 332.8, edge=341.67)
    following = _one_line_cell("作，建立健全", 0, 50, 100, edge=341.67)
    assert ran_on(cut, 1, page, following) is True


def _stitch(last: BodyRow, first: BodyRow, labels: list[str]) -> list[BodyRow]:
    roles = column_roles(labels)
    assert roles is not None
    done = [last]
    page = [first]
    stitch_pages(done, page, roles, open_break=False)
    return done + page


def _geometry_cell(col: int, text: str, last_x1: float, cut: bool) -> Cell:
    """A one-band cell at a page bottom (text ending 4 points above it when ``cut``)."""
    bottom = 500.0
    gap = 4.0 if cut else 40.0
    return Cell(
        key=next(_keys),
        page=1,
        rows=(0, 0),
        cols=(col, col),
        text=text,
        top=440.0,
        bottom=bottom,
        text_top=440.0 + 3,
        text_bottom=bottom - gap,
        line_height=SIZE,
        last_line_x1=last_x1,
        max_line_x1=last_x1,
        line_pitch=PITCH,
        first_char_width=SIZE,
    )


def test_row_whose_unit_cell_is_printed_again_below_the_break_is_a_new_row() -> None:
    # fuzz seed 80: a requirement whose last full line sat at the page bottom without a
    # sentence end took in the next row, though that row printed its own (equal) unit cell.
    labels = ["工作任务", "具体要求", "牵头单位"]
    last = BodyRow(
        1,
        [
            _geometry_cell(0, "推进国资国企", 100, True),
            _geometry_cell(1, "公开企业概况及党组织及工青妇工作情况等", 390, True),
            _geometry_cell(2, "市国资委牵头落实", 480, False),
        ],
    )
    first = BodyRow(
        2,
        [
            _cell("", 0, (0, 0)),
            _cell("及时公开市国资委派驻监事会监督检查情况", 0, (1, 1)),
            _cell("市国资委牵头落实", 0, (2, 2)),
        ],
    )
    rows = _stitch(last, first, labels)
    assert rows[0].slots[1] is not rows[1].slots[1]
    assert rows[0].slots[1].text.endswith("工作情况等")


def test_unit_list_ending_in_a_closing_bracket_is_complete_at_a_page_break() -> None:
    # fuzz seeds 36 and 109: "…县政府有关部门（单位）" took in the next row's
    # "各乡镇（街道）…" because a closing bracket did not count as a unit's end.
    assert not units_run_on("各乡镇（街道）、县政府有关部门（单位）", "各乡镇（街道）、经济开发区")
    assert units_run_on("各乡镇（", "街道）")


def test_group_heading_opening_a_page_is_not_joined_to_the_row_above() -> None:
    # fuzz seed 393: "四、扎实做好重点领域信息公开" at the top of a page (no text in the
    # requirement column) was read as the rest of the row above and joined its category.
    labels = ["工作任务", "具体要求", "牵头单位"]
    last = BodyRow(
        1,
        [
            _geometry_cell(0, "推进国资国企改革信息公开", 100, True),
            _geometry_cell(1, "按月公开主要经济效益指标、重大变化事项等情况", 390, True),
            _geometry_cell(2, "市国资委牵头落实", 480, False),
        ],
    )
    first = _band(0, [("四、扎实做好", (0, 0)), ("", (1, 1)), ("", (2, 2))])
    first.page = 2
    rows = _stitch(last, first, labels)
    assert rows[0].slots[0].text == "推进国资国企改革信息公开"
    assert rows[1].slots[0] is not rows[0].slots[0]


def test_lone_text_under_a_spanning_header_cell_is_a_cut_row_not_a_sub_header() -> None:
    # fuzz seed 113: the rest of a cut category, "措施执行情况公开工作", alone under the
    # repeated 工作任务 header cell (over two category columns) holds 措施, a header word,
    # so it passed as a sub-header and the next repeated header became a task row.
    header = [("序号", (0, 0)), ("工作任务", (1, 2)), ("具体要求", (3, 3)), ("完成时限", (4, 4))]
    rest = [
        ("", (0, 0)),
        ("", (1, 1)),
        ("措施执行情况公开工作", (2, 2)),
        ("", (3, 3)),
        ("", (4, 4)),
    ]
    assert header_band_count(_grid([header, rest]), 0) == 1
    sub_header = [("", (0, 0)), ("类别", (1, 1)), ("项目", (2, 2)), ("", (3, 3)), ("", (4, 4))]
    assert header_band_count(_grid([header, sub_header]), 0) == 2


def _grid(bands: list[list[tuple[str, tuple[int, int]]]]) -> PageGrid:
    slots = [_band(index, cells).slots for index, cells in enumerate(bands)]
    ncols = len(slots[0])
    boxes = [(i * 20.0, i * 20.0 + 20) for i in range(len(bands))]
    return PageGrid(1, boxes, slots, [True] * ncols, [True] * ncols)


def test_category_whose_piece_above_the_break_is_empty_does_not_take_in_the_next_one() -> None:
    # fuzz seed 58: a merged category that printed all its text on earlier pages had an
    # empty piece at the break; with no line geometry to judge, the next page's category
    # "以政务公开助力稳增长" (unnumbered, unlike any seen) was read as its continuation.
    before = _cell("一、深化重点领域政府信息公开", 0, (0, 0))
    after = _cell("以政务公开助力稳增长", 0, (0, 0))
    page = PageGeometry({0: 100.0}, inset=4.0, pitch=PITCH)
    assert before.text_bottom is None
    roles = column_roles(["工作任务", "具体要求", "牵头单位"])
    assert roles is not None and roles.categories == [0]
    last = BodyRow(1, [before, _cell("按月公开", 0, (1, 1)), _cell("市国资委", 0, (2, 2))])
    first = BodyRow(2, [after, _cell("按季公开", 0, (1, 1)), _cell("县国资委", 0, (2, 2))])
    # the category column is the first decided, before any other cell can sway it
    assert column_continuations(last, first, roles, page, {})[0] is False


def test_row_ending_with_room_for_another_line_below_it_was_not_cut_by_the_page() -> None:
    # fuzz seed 297 (rows never split): "…实现信息共享" filled its cell to the last line
    # without a sentence end, so the next page's "按月公开…" was taken as its rest, though
    # the table ended far above the bottom its other pages reach.
    labels = ["工作任务", "具体要求", "牵头单位"]

    def rows() -> tuple[BodyRow, BodyRow]:
        last = BodyRow(
            1,
            [
                _geometry_cell(0, "推进国资国企", 100, True),
                _geometry_cell(1, "推动产权交易机构与公共资源交易平台实现信息共享", 390, True),
                _geometry_cell(2, "市国资委", 440, False),
            ],
        )
        first = BodyRow(
            2,
            [
                _cell("", 0, (0, 0)),
                _cell("按月公开国有及国有控股企业主要经济效益指标", 0, (1, 1)),
                _cell("", 0, (2, 2)),
            ],
        )
        return last, first

    roles = column_roles(labels)
    assert roles is not None
    for room, joined in ((0.0, True), (60.0, False)):
        last, first = rows()
        stitch_pages([last], [first], roles, open_break=False, room_below=room)
        assert (first.slots[1] is last.slots[1]) is joined, room


def test_merged_unit_cell_cut_by_the_page_does_not_make_a_finished_row_go_on() -> None:
    # fuzz seed 242: a requirement ending "…有理有据的回应。" at the page bottom took in the
    # next row because the unit cell beside it, merged over the rows above, was cut
    # mid-word ("…按" / "职责分工…"): a merged cell is cut wherever the page ends.
    labels = ["工作任务", "具体要求", "牵头单位"]
    roles = column_roles(labels)
    assert roles is not None
    units = _geometry_cell(2, "县金融办、县银监办按", 490, True)
    units.rows = (0, 1)  # merged over this row and the one above
    last = BodyRow(
        1,
        [
            _geometry_cell(0, "防范金融风险", 100, True),
            _geometry_cell(1, "注重通过主流媒体等平台及时开展有理有据的回应。", 390, True),
            units,
        ],
    )
    first = BodyRow(
        2,
        [
            _cell("", 0, (0, 0)),
            _cell("及时发布资本市场违法违规案件查处情况", 0, (1, 1)),
            _cell("职责分工分别牵头落实", 0, (2, 2)),
        ],
    )
    stitch_pages([last], [first], roles, open_break=False)
    assert first.slots[1] is not last.slots[1]
    assert first.slots[2] is last.slots[2]  # the unit cell itself does go on
