"""Each pipeline stage alone, on small hand-made inputs; regression tests are named after
the bug they pin down."""

from __future__ import annotations

import lxml.html

from extract.html_page import table_grid
from extract.ids import notice_id
from extract.page.area import TableArea, find_region
from extract.page.cells import build_page_grid
from extract.page.columns import cluster_boundaries
from extract.page.content import Char, HRule, PageContent, VRule
from extract.page.lines import cell_text, group_lines
from extract.page.paragraphs import is_page_furniture
from extract.sniff import sniff
from extract.table.body import BodyRow, body_rows
from extract.table.grid import Cell
from extract.table.header import column_roles, find_header
from extract.table.logical import logical_rows
from extract.table.numbering import numbering_level
from extract.table.stitch import stitch_pages
from extract.text import clean_cell, compact, ends_sentence, one_line


def _chars(text: str, x: float, y: float, size: float = 10.0) -> list[Char]:
    return [
        Char(x + i * size, x + (i + 1) * size, y, y + size, ch, size) for i, ch in enumerate(text)
    ]


def _cell(
    key: int, text: str, rows: tuple[int, int] = (0, 0), cols: tuple[int, int] = (0, 0)
) -> Cell:
    return Cell(
        key, 1, rows, cols, text, 0.0, 10.0, 1.0 if text else None, 9.0 if text else None, 8.0
    )


def test_text_helpers() -> None:
    assert clean_cell(" 以政 务公 开\n\n县发改局 ") == "以政务公开\n县发改局"
    assert clean_cell("  ") is None
    assert one_line("1. 加强\n信息公开") == "1.加强信息公开"
    assert ends_sentence("公开“五公开”。”") and not ends_sentence("全面公开对清单")
    assert (
        is_page_furniture("— 12 —")
        and is_page_furniture("第3页")
        and not is_page_furniture("2017年")
    )


def test_numbering_levels() -> None:
    assert [
        numbering_level(t)
        for t in ("一、深化", "（二）加强", "(三)推进", "1. 加强", "（1）做好", "以政务")
    ] == [1, 2, 2, 3, 4, 0]


def test_numbering_with_a_line_break_inside_the_prefix_is_still_numbered() -> None:
    # liangshan ruled: "（十\n二）畅通…" was read as unnumbered and joined to the cell above.
    assert numbering_level("（十\n二）畅通公众参与渠道") == 2


def test_sniff_decides_from_bytes() -> None:
    assert sniff(b"%PDF-1.7\n...") == "pdf"
    assert sniff(b"\xef\xbb\xbf<!doctype html><html>") == "html"


def test_notice_id_is_stable_and_keyed() -> None:
    a = notice_id("宁阳县人民政府办公室", "宁政办字〔2017〕3号", "标题", 2017)
    assert a == notice_id("宁阳县人民政府办公室", "宁政办字〔2017〕 3号", "另一个标题", 2017)
    assert len(a) == 16 and a != notice_id(
        "宁阳县人民政府办公室", "宁政办字〔2017〕4号", "标题", 2017
    )
    assert notice_id("X", None, "标题甲", 2018) != notice_id("X", None, "标题乙", 2018)


def test_unit_lines_break_only_between_units() -> None:
    lines = group_lines(
        _chars("县发展改革局", 0, 0) + _chars("县自然资源和", 0, 12) + _chars("规划局", 0, 24)
    )
    assert cell_text(lines) == "县发展改革局\n县自然资源和规划局"
    wrapped = group_lines(_chars("各乡镇（街道）、县政府", 0, 0) + _chars("各部门（单位）", 0, 12))
    assert cell_text(wrapped) == "各乡镇（街道）、县政府各部门（单位）"


def test_boundaries_cluster_within_snap() -> None:
    assert cluster_boundaries([57.0, 56.5, 92.3, 92.0, 140.0, 141.0, 142.0, 210.0]) == [
        57.0,
        92.3,
        141.0,
        210.0,
    ]


def _ruled_page() -> tuple[TableArea, list[Char]]:
    # Two columns, three bands; the left cell is merged over the two body bands.
    hrules = (HRule(0, 0, 200), HRule(20, 0, 200), HRule(40, 100, 200), HRule(60, 0, 200))
    vrules = (VRule(0, 0, 60), VRule(100, 0, 60), VRule(200, 0, 60))
    chars = (
        _chars("工作任务", 5, 5)
        + _chars("具体要求", 105, 5)
        + _chars("分类甲", 5, 35)
        + _chars("公开甲。", 105, 25)
        + _chars("公开乙。", 105, 45)
    )
    return TableArea(0, 200, 0, 60, hrules, vrules), chars


def test_grid_merges_cells_where_a_rule_is_missing() -> None:
    region, chars = _ruled_page()
    grid = build_page_grid(1, region, [0, 100, 200], chars, vertical_rules=True, first_key=0)
    assert len(grid.bands) == 3
    assert grid.slots[1][0] is grid.slots[2][0] and grid.slots[1][0].text == "分类甲"
    assert grid.slots[1][1] is not grid.slots[2][1]
    start, count = find_header(grid)
    roles = column_roles(["工作任务", "具体要求"])
    assert (start, count) == (0, 1) and roles is not None
    table = logical_rows(body_rows(grid, 1), roles)
    assert [(r.section, r.requirement) for r in table.rows] == [
        (["分类甲"], "公开甲。"),
        (["分类甲"], "公开乙。"),
    ]


def test_horizontal_rules_only_merge_where_text_crosses_a_column_edge() -> None:
    hrules = (HRule(0, 0, 200), HRule(20, 0, 200), HRule(40, 0, 200))
    chars = _chars("一、深化重点领域公开", 5, 25) + _chars("工作", 5, 5) + _chars("要求", 105, 5)
    grid = build_page_grid(
        1,
        TableArea(0, 200, 0, 40, hrules, ()),
        [0, 100, 200],
        chars,
        vertical_rules=False,
        first_key=0,
    )
    assert grid.slots[1][0] is grid.slots[1][1]
    assert grid.slots[0][0] is not grid.slots[0][1]


def test_column_roles_follow_the_header_labels_in_any_order() -> None:
    a = column_roles(["工作任务", "牵头部门", "责任单位", "具体要求"])
    b = column_roles(["序号", "工作任务", "具体要求", "牵头落实单位", "完成时限"])
    c = column_roles(["工作任务及要求", "工作任务及要求", "工作任务及要求", "牵头单位", "责任单位"])
    assert a is not None and (a.requirement, a.lead, a.responsible, a.categories) == (
        3,
        [1],
        [2],
        [0],
    )
    assert b is not None and (b.seq, b.requirement, b.lead, b.deadline) == (0, 2, [3], [4])
    assert c is not None and (c.categories, c.requirement) == ([0, 1], 2)
    assert column_roles(["牵头单位", "责任单位"]) is None


def test_content_without_a_requirement_is_reported_not_dropped() -> None:
    roles = column_roles(["工作任务", "牵头单位", "具体要求"])
    assert roles is not None
    orphan = _cell(9, "县财政局", (1, 1), (1, 1))
    rows = [
        BodyRow(1, [_cell(1, "分类"), _cell(2, "县发改局"), _cell(3, "公开甲。")]),
        BodyRow(1, [_cell(4, ""), orphan, _cell(5, "")]),
    ]
    table = logical_rows(rows, roles)
    assert len(table.rows) == 1
    assert [(p.kind, p.page, p.text) for p in table.problems] == [("unplaced_rows", 1, "县财政局")]


def _break(last: list[Cell], first: list[Cell], labels: list[str]) -> list[BodyRow]:
    roles = column_roles(labels)
    assert roles is not None
    done = [BodyRow(1, last)]
    page = [BodyRow(2, first)]
    stitch_pages(done, page, roles, open_break=False)
    return done + page


def test_unit_cell_of_a_finished_row_does_not_run_on_to_the_next_page() -> None:
    # liangshan ruled 19/20: a full lead cell at the page bottom absorbed the next row's.
    rows = _break(
        [
            _cell(1, "（七）主动公开"),
            _cell(2, "县卫生健康局\n人民银行梁山县支行"),
            _cell(3, "统筹推进。"),
        ],
        [_cell(4, ""), _cell(5, "县发展改革局"), _cell(6, "更大力度推进。")],
        ["工作任务", "牵头部门", "具体要求"],
    )
    assert rows[1].slots[1].text == "县发展改革局" and rows[1].slots[0] is rows[0].slots[0]


def test_unit_text_cut_mid_name_runs_on() -> None:
    rows = _break(
        [_cell(1, "（一）推进"), _cell(2, "县政府"), _cell(3, "公开甲。")],
        [_cell(4, ""), _cell(5, "有关部门（单位）"), _cell(6, "公开乙。")],
        ["工作任务", "责任单位", "具体要求"],
    )
    assert (
        rows[1].slots[1] is rows[0].slots[1] and rows[0].slots[1].text == "县政府有关部门（单位）"
    )


def test_a_new_row_number_starts_a_row_even_without_final_punctuation() -> None:
    # panzhihua: a requirement ending without 。 swallowed the next numbered row.
    rows = _break(
        [_cell(1, "9"), _cell(2, "减税"), _cell(3, "全面公开对清单")],
        [_cell(4, "10"), _cell(5, ""), _cell(6, "具体执收单位公示")],
        ["序号", "工作任务", "具体要求"],
    )
    assert rows[1].slots[2] is not rows[0].slots[2]


def test_a_row_number_wrapped_and_cut_by_the_page_is_one_number() -> None:
    # panzhihua at 12 pt: 序号 12 wrapped to "1" / "2" and the break fell between them.
    labels = ["序号", "工作任务", "具体要求"]
    roles = column_roles(labels)
    assert roles is not None
    done = [
        BodyRow(1, [_cell(1, "11"), _cell(2, "减税"), _cell(3, "公开甲。")]),
        BodyRow(1, [_cell(4, "1"), _cell(5, "降费"), _cell(6, "适时公布阶段性降低社会保险费")]),
    ]
    page = [BodyRow(2, [_cell(7, "2"), _cell(8, ""), _cell(9, "率的执行情况。")])]
    stitch_pages(done, page, roles, open_break=False)
    assert page[0].slots[0] is done[1].slots[0] and compact(done[1].slots[0].text) == "12"
    assert page[0].slots[2] is done[1].slots[2]


def test_a_cut_row_number_is_one_number_where_the_numbers_above_skip() -> None:
    # panzhihua's attachment at 14 pt: an excerpt numbered 1-12 then 23-29; 23 was cut
    # "2" | "3" and read as rows 2 and 3. The row below, 24, follows 23 and not 3.
    roles = column_roles(["序号", "工作任务", "具体要求"])
    assert roles is not None
    done = [
        BodyRow(1, [_cell(1, "12"), _cell(2, "降费"), _cell(3, "公开甲。")]),
        BodyRow(1, [_cell(4, "2"), _cell(5, "国企"), _cell(6, "由市国资委根据省国资委")]),
    ]
    page = [
        BodyRow(2, [_cell(7, "3"), _cell(8, ""), _cell(9, "《指导意见》出台。")]),
        BodyRow(2, [_cell(10, "24"), _cell(11, ""), _cell(12, "做好信息披露。")]),
    ]
    stitch_pages(done, page, roles, open_break=False)
    assert page[0].slots[0] is done[1].slots[0] and compact(done[1].slots[0].text) == "23"


def test_a_group_restarting_its_numbers_at_the_break_keeps_its_rows() -> None:
    # the opposite case: numbers restart at 1 in a new group; 1 | 2 | 3 are three rows.
    roles = column_roles(["序号", "工作任务", "具体要求"])
    assert roles is not None
    done = [
        BodyRow(1, [_cell(1, "5"), _cell(2, "一、甲"), _cell(3, "公开甲。")]),
        BodyRow(1, [_cell(4, "1"), _cell(5, "二、乙"), _cell(6, "公开乙")]),
    ]
    page = [
        BodyRow(2, [_cell(7, "2"), _cell(8, ""), _cell(9, "公开丙。")]),
        BodyRow(2, [_cell(10, "3"), _cell(11, ""), _cell(12, "公开丁。")]),
    ]
    stitch_pages(done, page, roles, open_break=False)
    assert page[0].slots[0] is not done[1].slots[0]


def test_a_blank_cell_ruled_off_at_a_break_left_open_by_a_merged_category_is_its_own() -> None:
    # shouguang printed by Calc at 12 pt: the categories, merged across the break, have no
    # rule there; the units cell above the break ended (ruled), the blank one below is new.
    roles = column_roles(["工作任务", "工作任务", "具体要求", "责任单位", "时限"])
    assert roles is not None
    category = _cell(1, "（一）做好", (0, 5))
    done = [
        BodyRow(
            1, [category, _cell(2, "4.做好"), _cell(3, "公开甲。"), _cell(4, "各镇"), _cell(5, "")]
        )
    ]
    page = [
        BodyRow(2, [_cell(6, ""), _cell(7, ""), _cell(8, "公开乙。"), _cell(9, ""), _cell(10, "")])
    ]
    stitch_pages(done, page, roles, open_break=False, closed=[False, False, True, True, True])
    assert page[0].slots[0] is category and page[0].slots[3] is not done[0].slots[3]
    # without rules telling it, a blank piece in a group that goes on is the cell above
    done = [
        BodyRow(
            1, [category, _cell(2, "4.做好"), _cell(3, "公开甲。"), _cell(4, "各镇"), _cell(5, "")]
        )
    ]
    page = [
        BodyRow(2, [_cell(6, ""), _cell(7, ""), _cell(8, "公开乙。"), _cell(9, ""), _cell(10, "")])
    ]
    stitch_pages(done, page, roles, open_break=False)
    assert page[0].slots[3] is done[0].slots[3]


def test_the_line_a_page_edge_cuts_printed_on_both_pages_is_kept_once() -> None:
    # Calc prints a merged category centred on its whole area, clipped to each page: the
    # line the page edge cuts is in both pages' text.
    rows = _break(
        [_cell(1, "（三）聚焦优化营商环境推进政", (0, 3)), _cell(2, "县局"), _cell(3, "公开甲。")],
        [_cell(4, "营商环境推进政务公开", (0, 3)), _cell(5, "县局乙"), _cell(6, "公开乙。")],
        ["工作任务", "牵头单位", "具体要求"],
    )
    assert rows[1].slots[0] is rows[0].slots[0]
    assert rows[0].slots[0].text == "（三）聚焦优化营商环境推进政务公开"


def test_a_merged_category_whose_end_alone_is_printed_again_goes_on() -> None:
    rows = _break(
        [_cell(1, "一、深化重点领域政府信息公开", (0, 3)), _cell(2, "县局"), _cell(3, "公开甲。")],
        [_cell(4, "政府信息公开", (0, 3)), _cell(5, "县局乙"), _cell(6, "公开乙。")],
        ["工作任务", "牵头单位", "具体要求"],
    )
    assert rows[1].slots[0] is rows[0].slots[0]
    assert rows[0].slots[0].text == "一、深化重点领域政府信息公开"


def test_a_requirement_cut_where_two_characters_repeat_keeps_both() -> None:
    # the opposite case: natural text may repeat a short word across the cut.
    rows = _break(
        [_cell(1, "（一）推进"), _cell(2, "县局"), _cell(3, "及时公开信息，信息")],
        [_cell(4, ""), _cell(5, ""), _cell(6, "信息公开要及时。")],
        ["工作任务", "牵头单位", "具体要求"],
    )
    assert rows[0].slots[2].text == "及时公开信息，信息信息公开要及时。"


def test_a_new_row_number_below_the_break_is_not_joined_to_the_one_above() -> None:
    # the opposite case: 11 above the break follows 10, so the 12 below is a new row.
    labels = ["序号", "工作任务", "具体要求"]
    roles = column_roles(labels)
    assert roles is not None
    done = [
        BodyRow(1, [_cell(1, "10"), _cell(2, "减税"), _cell(3, "公开甲。")]),
        BodyRow(1, [_cell(4, "11"), _cell(5, "降费"), _cell(6, "全面公开对清单")]),
    ]
    page = [BodyRow(2, [_cell(7, "12"), _cell(8, ""), _cell(9, "具体执收单位公示。")])]
    stitch_pages(done, page, roles, open_break=False)
    assert page[0].slots[0] is not done[1].slots[0]
    assert page[0].slots[2] is not done[1].slots[2]


def test_requirement_cut_by_the_page_is_one_row() -> None:
    rows = _break(
        [_cell(1, "（一）推进"), _cell(2, "县局"), _cell(3, "及时公开政策，并")],
        [_cell(4, ""), _cell(5, ""), _cell(6, "做好解读。")],
        ["工作任务", "牵头单位", "具体要求"],
    )
    assert (
        rows[1].slots[2] is rows[0].slots[2]
        and rows[0].slots[2].text == "及时公开政策，并做好解读。"
    )


def test_empty_town_cell_is_not_filled_from_the_next_page() -> None:
    # shouguang grid: an empty own cell took the next row's 各镇（街区）分别落实.
    rows = _break(
        [
            _cell(1, "4.做好打好打赢“三"),
            _cell(2, "市财政局牵头落实"),
            _cell(3, ""),
            _cell(4, "围绕继续创新。"),
        ],
        [
            _cell(5, "大攻坚战”信息公开"),
            _cell(6, "市扶贫办牵头落实"),
            _cell(7, "各镇(街区)分别落实"),
            _cell(8, "围绕解决。"),
        ],
        ["工作任务", "责任单位", "", "具体要求"],
    )
    assert rows[0].slots[2].text == "" and rows[1].slots[2].text == "各镇(街区)分别落实"
    assert rows[0].slots[0].text == "4.做好打好打赢“三大攻坚战”信息公开"


def test_table_region_found_when_rows_are_ruled_per_cell() -> None:
    # hrules: a table row's cells on one line looked like a line of body prose.
    chars = (
        _chars("（一）立足", 50, 230)
        + _chars("县发展改革局", 110, 230)
        + _chars("多形式发布落实黄河流域生态保护进展", 290, 230)
    )
    rules = [HRule(y, 45, 550) for y in (116, 136, 156, 218, 364)]
    page = PageContent(3, 595.0, 842.0, chars, rules, [], False)
    region = find_region(page)
    assert region is not None and (region.top, region.bottom) == (116, 364)


def test_a_column_merged_over_the_whole_page_is_inside_the_table() -> None:
    # shouguang printed by Calc at 12 pt: (一) merged over three pages has only its side
    # rules on the page between; every horizontal rule starts at the next column.
    chars = _chars("（一）做好", 58, 200) + _chars("围绕持续开展", 220, 150)
    hrules = [HRule(y, 133, 714) for y in (72, 200, 316, 456)]
    vrules = [VRule(x, 72, 456) for x in (54, 133, 212, 406, 714)]
    page = PageContent(2, 842.0, 595.0, chars, hrules, vrules, False)
    region = find_region(page)
    assert region is not None and (region.x0, region.x1) == (54, 714)


def test_a_page_frame_does_not_widen_the_table() -> None:
    # the opposite case: a frame around the page runs past the table's top and bottom.
    hrules = [HRule(y, 133, 714) for y in (72, 200, 316, 456)]
    vrules = [VRule(x, 72, 456) for x in (133, 212, 714)] + [VRule(30, 20, 570)]
    page = PageContent(2, 842.0, 595.0, [], hrules, vrules, False)
    region = find_region(page)
    assert region is not None and region.x0 == 133


def test_html_rowspan_and_colspan_resolve_to_shared_cells() -> None:
    html = """<table><tr><td colspan=2>工作任务</td><td>具体要求</td></tr>
    <tr><td rowspan=2>分类</td><td>子类</td><td>甲<br/>乙</td></tr><tr><td>子类二</td><td>丙</td></tr></table>"""
    grid = table_grid(lxml.html.fragment_fromstring(html))
    assert grid is not None
    assert grid.slots[0][0] is grid.slots[0][1]
    assert grid.slots[1][0] is grid.slots[2][0]
    assert grid.slots[1][2].text == "甲\n乙"
