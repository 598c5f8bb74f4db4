"""Regression tests for the bugs the layout fuzzer found, each named after its bug, on
minimal hand-made page geometry (cells with their text lines, rules and chars)."""

from __future__ import annotations

from extract.page.area import find_region
from extract.page.columns import header_gap_boundaries
from extract.page.content import Char, HRule, PageContent
from extract.page.layout import locate_table
from extract.table.body import BodyRow
from extract.table.grid import Cell, PageGrid
from extract.table.header import column_roles, header_band_count, repeated_header_count
from extract.table.stitch import stitch_pages

SIZE = 10.0
PITCH = 13.5
LABELS = ["工作任务", "具体要求", "牵头单位"]
COLUMNS = ((40.0, 120.0), (120.0, 400.0), (400.0, 500.0))  # x0, x1 of each column
_keys = iter(range(1000))


def _cell(col: int, text: str, top: float, bottom: float, last_line_chars: int) -> Cell:
    """A one-band cell whose text fills lines from its top; the last line holds
    ``last_line_chars`` characters of a column whose full lines end at x1 - 3."""
    x0, x1 = COLUMNS[col]
    lines = max(1, text.count("|") + 1) if text else 0
    full_end = x1 - 3.0
    return Cell(
        key=next(_keys),
        page=1,
        rows=(0, 0),
        cols=(col, col),
        text=text.replace("|", ""),
        top=top,
        bottom=bottom,
        text_top=top + 3.0 if text else None,
        text_bottom=top + 3.0 + (lines - 1) * PITCH + SIZE if text else None,
        line_height=SIZE if text else 0.0,
        last_line_x1=(x0 + 3.0 + last_line_chars * SIZE) if text else None,
        max_line_x1=full_end if text else None,
        line_pitch=PITCH if lines > 1 else None,
        first_char_width=SIZE if text else None,
    )


def _row(page: int, cells: list[Cell]) -> BodyRow:
    for cell in cells:
        cell.page = page
    return BodyRow(page, cells)


def _page_above(last_cells: list[Cell]) -> list[BodyRow]:
    """A full row on the page (its cells end one inset above their bottom), then the last."""
    full = [
        _cell(0, "推进国资国|企改革信息", 100, 100 + 2 * 3 + PITCH + SIZE, 5),
        _cell(1, "依法依规公开市属企业生产经营情况。|公开。", 100, 100 + 6 + PITCH + SIZE, 3),
        _cell(2, "市国资委", 100, 100 + 6 + PITCH + SIZE, 4),
    ]
    return [_row(1, full), _row(1, last_cells)]


# The row above the break: cells tall enough for three lines and an inset of 3 around them.
FOOT_TOP, FOOT_BOTTOM = 140.0, 140.0 + 6 + 2 * PITCH + SIZE


def _at_foot(*cells: tuple[str, int]) -> list[Cell]:
    """The row at the foot of the page: (text, characters on its last line) per column."""
    return [
        _cell(col, text, FOOT_TOP, FOOT_BOTTOM, chars) for col, (text, chars) in enumerate(cells)
    ]


def _at_top(*cells: tuple[str, int], bottom: float = 80.0) -> list[Cell]:
    """The first row of the next page, its cells from y = 40 to ``bottom``."""
    return [_cell(col, text, 40, bottom, chars) for col, (text, chars) in enumerate(cells)]


def _stitch(last_cells: list[Cell], first_cells: list[Cell]) -> list[BodyRow]:
    roles = column_roles(LABELS)
    assert roles is not None
    done = _page_above(last_cells)
    page = [_row(2, first_cells)]
    stitch_pages(done, page, roles, open_break=False)
    return done + page


def test_row_with_all_cells_filled_at_a_page_top_is_not_joined_to_the_row_above() -> None:
    # make_corpus "repeated" layout: "…以及执行落实情况" + "适时公布阶段性…" became one row
    # because the first requirement had no closing punctuation.
    last = _at_foot(
        ("推进减税降费", 6),
        ("主动公开清理规范涉企收费|的各项政策措施|以及执行落实情况", 8),
        ("市发展改革委", 6),
    )
    first = _at_top(
        ("推进减税降费", 6),
        ("适时公布阶段性降低社会保险费率的执行情况", 20),
        ("市人力资源社会保障局", 9),
    )
    rows = _stitch(last, first)
    assert rows[1].slots[1].text.endswith("以及执行落实情况")
    assert rows[2].slots[1] is not rows[1].slots[1]


def test_requirement_cut_mid_sentence_by_the_page_still_joins_its_row() -> None:
    # The counterpart of the bug above: a full last line at the page bottom is a cut.
    last = _at_foot(
        ("推进减税降费", 6),
        ("主动公开清理规范涉企收费|的各项政策措施以及执行落实|情况并同步解读相关政策的", 27),
        ("市发展改革委", 6),
    )
    first = _at_top(("", 0), ("主要内容", 4), ("", 0), bottom=60)
    rows = _stitch(last, first)
    assert rows[1].slots[1] is rows[2].slots[1]
    assert rows[1].slots[1].text.endswith("相关政策的主要内容")


def test_complete_category_at_a_page_bottom_does_not_absorb_the_next_category() -> None:
    # fuzz seed 33 (repeated cells): "(二)推进国资国企信息公开" + "推进减税…" was one section.
    last = _at_foot(
        ("(二)推进国资|国企信息公开", 6),
        ("定期公示公告“僵尸”企业处置|和亏损企业治理结果。", 10),
        ("县财政局|县国资局", 4),
    )
    first = _at_top(
        ("做好减税降费", 6),
        ("具体执收单位在收费场所公示收费项目", 17),
        ("市发展改革委", 6),
    )
    rows = _stitch(last, first)
    assert rows[1].slots[0].text == "(二)推进国资国企信息公开"
    assert rows[2].slots[0] is not rows[1].slots[0]


def test_split_row_at_a_sentence_end_joins_when_its_unit_text_was_cut_too() -> None:
    # fuzz seed 38: a row split right after "。" whose unit cell was cut mid-word
    # ("…按职" / "责分工…") became two rows.
    last = _at_foot(
        ("3.推进海洋|强市信息公开", 6),
        (
            "深入解读海洋强市建设行动的主要任务|重点举措和重大意义，动态发布工作进|展成效信息。加大海洋生态环境保护力度。",
            27,
        ),
        ("市发改局、市|自然资源局、|市海洋局按职", 9),
    )
    first = _at_top(("", 0), ("及时发布海洋环境监测与评价信息。", 16), ("责分工落实", 5))
    rows = _stitch(last, first)
    assert rows[1].slots[1] is rows[2].slots[1]
    assert rows[1].slots[2].text.endswith("按职责分工落实")


def _grid(bands: list[list[tuple[str, tuple[int, int]]]]) -> PageGrid:
    slots: list[list[Cell]] = []
    for index, band in enumerate(bands):
        row: list[Cell] = []
        for text, cols in band:
            cell = Cell(next(_keys), 1, (index, index), cols, text, 0, 1, None, None, 0.0)
            row.extend([cell] * (cols[1] - cols[0] + 1))
        slots.append(row)
    ncols = len(slots[0])
    return PageGrid(
        1,
        [(i * 20.0, i * 20.0 + 20) for i in range(len(bands))],
        slots,
        [True] * ncols,
        [True] * ncols,
    )


def test_row_cut_by_the_page_below_a_repeated_header_is_not_read_as_a_sub_header() -> None:
    # fuzz seed 57: the continuation "开 | 局按职责分工分别牵头落实" under a repeated header
    # passed as header labels, so the header was not recognised and became a task row.
    header = [("序号", (0, 0)), ("任务类别", (1, 2)), ("具体要求", (3, 3)), ("牵头单位", (4, 4))]
    continuation = [
        ("", (0, 0)),
        ("", (1, 1)),
        ("开", (2, 2)),
        ("", (3, 3)),
        ("局按职责分工分别牵头落实", (4, 4)),
    ]
    assert header_band_count(_grid([header, continuation]), 0) == 1
    sub_header = [("", (0, 0)), ("类别", (1, 1)), ("项目", (2, 2)), ("", (3, 3)), ("", (4, 4))]
    assert header_band_count(_grid([header, sub_header]), 0) == 2


def _chars(text: str, x: float, y: float) -> list[Char]:
    return [
        Char(x + i * SIZE, x + (i + 1) * SIZE, y, y + SIZE, ch, SIZE) for i, ch in enumerate(text)
    ]


def test_header_of_a_table_without_vertical_rules_is_cut_at_the_gaps_between_its_labels() -> None:
    # fuzz (horizontal rules): the header band read as one over-long label, so no table.
    chars = _chars("工作任务", 60, 72) + _chars("具体要求", 240, 72) + _chars("牵头单位", 430, 72)
    chars += _chars("推进国资国企", 45, 95) + _chars("依法依规公开市属企业生产经营情况", 125, 95)
    chars += _chars("市国资委", 405, 95)
    rules = [HRule(y, 40, 500) for y in (66, 88, 112)]
    page = PageContent(1, 595.0, 842.0, chars, rules, [], False)
    found = locate_table([page], [find_region(page)])
    assert found is not None
    _, header_start, boundaries, vertical = found
    assert header_start == 0 and not vertical and len(boundaries) == 4


def test_tall_row_of_a_table_without_vertical_rules_stays_in_the_table() -> None:
    # fuzz (horizontal rules, portrait): a row taller than a third of the page cut the
    # table in two, and its cells, filled up to a 6-point gap, looked like body prose.
    chars = _chars("推进国资国", 45, 130) + _chars("依法依规公开市属企业生产经营", 106, 130)
    for line in range(30):
        chars += _chars("县发改局", 400, 130 + line * PITCH)
    rules = [HRule(y, 40, 500) for y in (100, 122, 560)]
    page = PageContent(1, 595.0, 842.0, chars, rules, [], False)
    region = find_region(page)
    assert region is not None and (region.top, region.bottom) == (100, 560)


def test_repeated_header_followed_by_a_cut_category_is_still_the_repeated_header() -> None:
    # fuzz seeds 188, 20132, 20156 (rows broken across pages, header on every page): the rest
    # of a cut category cell right under the repeated header (开 | 策措施执行情况公开工作
    # under the 工作任务 label over two columns) read as a sub-header, the labels no longer
    # matched, and the header became a body row joined to the row above (…推进公工作任务).
    header = [("序号", (0, 0)), ("工作任务", (1, 2)), ("工作要求", (3, 3))]
    rest = [("", (0, 0)), ("开", (1, 1)), ("策措施执行情况公开工作", (2, 2)), ("", (3, 3))]
    row = [("32", (0, 0)), ("增强政务公开实效", (1, 1)), ("", (2, 2)), ("公开甲。", (3, 3))]
    grid = _grid([header, rest, row])
    assert header_band_count(grid, 0) == 2  # read alone, the cut text looks like labels
    assert repeated_header_count(grid, ["序号", "工作任务", "工作任务", "工作要求"]) == 1
    assert (
        repeated_header_count(_grid([row, rest]), ["序号", "工作任务", "工作任务", "工作要求"]) == 0
    )


def test_boundary_between_labels_next_to_an_empty_column_does_not_hug_the_next_text() -> None:
    # fuzz seed 40266 (horizontal rules, 牵头落实单位 empty on every row): the boundary put
    # between 牵头落实单位 and 责任科室 fell right where the 责任科室 text starts (its cell
    # padding), read as no gap there and was dropped: every unit text went to the lead column.
    header = _chars("牵头落实单位", 157, 72) + _chars("责任科室", 267, 72)
    body = _chars("人社局、市教体", 245, 95) + _chars("各镇（街区）", 245, 109)
    [boundary] = header_gap_boundaries(header, body, [42.0, 144.0, 336.0, 800.0])
    assert 217 < boundary < 245 - 5  # in the uncrossed stretch, clear of the text
