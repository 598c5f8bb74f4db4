"""Table rules of copier scans: faded, broken, bridged by strokes of text, shadowed.

The end-to-end case is a Word-typeset table (python-docx, exported by LibreOffice) with
full-width heading rows (一、…) over its groups, scanned by the copier fixture with faded,
broken rules; the others check each rule of `extract/ocr/rules.py` and `lines.py` on
segments in pixels.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from extract.api import Extraction, extract_bytes
from extract.ocr.lines import Box, TextLine, _distinct, cut_at_text, feet_of_line, own_lines
from extract.ocr.page import EDGE_PT, _inside_edges
from extract.ocr.rules import Segment, join_faded, without_text_bars
from extract.ocr.seal import grey_seal_rings
from tests.fixtures.scans.copier import Degradation, office_copier, scan_pdf
from tests.fixtures.scans.office_cells import HEADINGS, heading_table_pdf
from tests.soffice_gate import require_soffice

PX_PER_PT = 200 / 72


def _h(at: float, start: float, end: float) -> Segment:
    return Segment(True, at, start, end)


def _v(at: float, start: float, end: float) -> Segment:
    return Segment(False, at, start, end)


def test_a_column_rule_bridged_through_a_heading_rows_stroke_is_cut_there() -> None:
    """A rule above a full-width heading row and one below it, joined through a stroke
    of the heading's characters on the rule's x, are two rules: the heading's line has
    the rule's ink in a few of its rows only."""
    mask = np.zeros((400, 400), np.uint8)
    mask[0:120, 199:202] = 255  # the rule above the heading row
    mask[130:138, 199:202] = 255  # a stroke of a character
    mask[150:400, 199:202] = 255  # the rule below
    heading = Box(50.0, 120.0, 350.0, 150.0)
    pieces = cut_at_text(_v(200, 0, 400), [heading], mask)
    assert [(p.start, p.end) for p in pieces] == [(0, 120.0), (150.0, 400)]
    # a rule the detector's box merely spans (two cells read as one box) stays whole
    mask[:, 199:202] = 255
    assert cut_at_text(_v(200, 0, 400), [heading], mask) == [_v(200, 0, 400)]


def test_a_column_rule_starting_in_a_heading_rows_stroke_starts_below_the_heading() -> None:
    """A rule below a full-width heading row, joined upward to a stroke of the heading's
    characters on its x (实 over the column rule of a Word export, scanned by poppler),
    starts below the heading: read from the stroke, it split the heading into two cells
    (一、扎实 | 做好…), and every row of the table lost its top-level section."""
    mask = np.zeros((400, 400), np.uint8)
    mask[130:138, 199:202] = 255  # a stroke of a character
    mask[138:400, 199:202] = 255  # the rule below, joined to it
    heading = Box(50.0, 120.0, 350.0, 150.0)
    pieces = cut_at_text(_v(200, 130, 400), [heading], mask)
    assert [(p.start, p.end) for p in pieces] == [(150.0, 400)]
    # and the same above: a rule ending in a stroke of the line under it
    mask[:] = 0
    mask[0:132, 199:202] = 255
    assert [(p.start, p.end) for p in cut_at_text(_v(200, 0, 132), [heading], mask)] == [(0, 120.0)]
    # a rule that runs on through the whole line is no stroke: kept whole
    mask[:, 199:202] = 255
    assert cut_at_text(_v(200, 130, 400), [heading], mask) == [_v(200, 130, 400)]


def test_the_gap_between_two_single_spaced_lines_is_no_rule_beside_its_rows_rule() -> None:
    """A row's rule (x 300–500) found as one with a dark band in the next cell (x 130–300),
    the blurred gap between two single-spaced lines of a merged unit cell: the band stops
    short of the cell's side (x 100) and has text ink above and below it, so it is cut off
    at the column rule (x 300); a rule beside text on one side only keeps its stretch."""
    ink = np.zeros((300, 520), np.uint8)
    columns = [_v(100, 0, 300), _v(300, 0, 300)]
    for x in range(130, 290, 8):  # glyphs of the line above and of the line below
        ink[130:148, x : x + 6] = 255
        ink[152:170, x : x + 6] = 255
    bar = _h(150, 130, 500)
    assert without_text_bars(bar, columns, ink, PX_PER_PT) == [_h(150, 300, 500)]
    ink[152:170, :] = 0  # text above only: a rule under a cell's last line
    assert without_text_bars(bar, columns, ink, PX_PER_PT) == [bar]
    # a stretch that reaches the cell's side is a rule whatever lies beside it
    ink[152:170, 130:290] = ink[130:148, 130:290]
    assert without_text_bars(_h(150, 100, 500), columns, ink, PX_PER_PT) == [_h(150, 100, 500)]


def test_a_rule_faded_away_inside_a_cell_is_joined_across_the_gap() -> None:
    """A horizontal rule with a long stretch lost between the table's sides is one rule;
    a gap ending at column rules (a cell merged across it) stays a gap."""
    sides = [_v(0, 0, 300), _v(300, 0, 300)]
    joined = join_faded([_h(100, 0, 100), _h(100, 160, 300), *sides], [], PX_PER_PT)
    assert [s for s in joined if s.horizontal] == [_h(100, 0, 300)]
    columns = [_v(100, 0, 300), _v(160, 0, 300)]
    kept = join_faded([_h(100, 0, 100), _h(100, 160, 300), *sides, *columns], [], PX_PER_PT)
    assert sorted(s.start for s in kept if s.horizontal) == [0, 160]


def test_a_gap_from_a_column_rule_to_mid_cell_is_joined() -> None:
    """A faded stretch may begin at a column's side: the gap from the column rule at 100
    to 160, where no column rule stands, is the copier's; from rule to rule it stays."""
    sides = [_v(0, 0, 300), _v(300, 0, 300), _v(100, 0, 300)]
    joined = join_faded([_h(100, 0, 103), _h(100, 160, 300), *sides], [], PX_PER_PT)
    assert [s for s in joined if s.horizontal] == [_h(100, 0, 300)]
    columns = [*sides, _v(160, 0, 300)]
    kept = join_faded([_h(100, 0, 103), _h(100, 160, 300), *columns], [], PX_PER_PT)
    assert sorted(s.start for s in kept if s.horizontal) == [0, 160]


def test_a_gap_crossed_by_a_line_of_text_stays_a_gap() -> None:
    """The text of a cell merged over two rows lies across its missing rule."""
    sides = [_v(0, 0, 300), _v(300, 0, 300)]
    text = [(110.0, 90.0, 150.0, 110.0)]
    kept = join_faded([_h(100, 0, 100), _h(100, 160, 300), *sides], text, PX_PER_PT)
    assert sorted(s.start for s in kept if s.horizontal) == [0, 160]


def test_a_rule_ending_short_of_the_tables_side_is_carried_to_it() -> None:
    """A header row's rule faded out before the table's right side ends at that side;
    a rule ending at a column rule (a cell merged across it) is not carried on."""
    rules = [_h(100, 0, 240), _v(0, 0, 300), _v(300, 0, 300), _h(200, 60, 300), _v(60, 0, 300)]
    out = join_faded(rules, [], PX_PER_PT)
    assert _h(100, 0, 300) in out
    assert _h(200, 60, 300) in out


def test_the_feet_of_a_run_of_characters_are_not_a_rule() -> None:
    """The bottom strokes of 企业门户 blurred into one bar inside a line's box, alone on
    its line: not a rule. A piece of a faded rule through a header row's box, with other
    pieces on its line, is one."""
    line = Box(100.0, 100.0, 600.0, 135.0)
    bar = _h(132, 240, 340)
    assert feet_of_line(bar, [line], [bar])
    rule_piece = _h(132, 240, 340)
    other_piece = _h(132, 360, 700)
    assert not feet_of_line(rule_piece, [line], [rule_piece, other_piece])


def test_a_binding_shadows_edge_is_not_a_rule() -> None:
    """The edge of a dark binding-edge shadow down the sheet's left side looks like a
    vertical rule; nothing is printed that close to the sheet's edge."""
    shape = (2339, 1654)  # A4 at 200 dpi
    edge = EDGE_PT * PX_PER_PT
    assert not _inside_edges(_v(12, 0, 1100), shape, edge)
    assert not _inside_edges(_h(2330, 0, 50), shape, edge)
    assert _inside_edges(_v(205, 400, 2000), shape, edge)


FADED = office_copier(200, faint_rules=True)


@pytest.mark.ocr
def test_rows_under_full_width_heading_rows_keep_their_sections_on_a_faded_scan() -> None:
    """Faded, broken rules (a header row's sides 12 pt high, a heading row across the
    columns): the rows are the text layer's, each under its own heading."""
    require_soffice()
    text_layer: Extraction = extract_bytes(heading_table_pdf(), name="table.pdf")
    assert [r["section"][0] for r in text_layer.rows] == list(HEADINGS)
    scan = extract_bytes(scan_pdf(heading_table_pdf(), FADED, seed=1), name="scan.pdf")
    for field in ("section", "lead_units_text", "deadline_text"):
        assert [r[field] for r in scan.rows] == [r[field] for r in text_layer.rows]


INDEPENDENT = Path(__file__).parents[1] / "fixtures/scans/independent"


@pytest.mark.ocr
def test_a_heading_row_over_a_column_rule_keeps_its_rows_section_on_a_poppler_scan() -> None:
    """Page 2 of `wp-shouguang-2019.autonum.docx` exported by LibreOffice, rasterised by
    poppler at 200 dpi grey, rotated, blurred and saved as JPEG 70 by Pillow
    (bench/independent_scans.py): the column rule under 一、扎实做好重点领域信息公开 was
    joined to a stroke of 实 and split the heading; every row lost its top section."""
    pdf = INDEPENDENT / "wp-shouguang-2019.autonum.p2.200grey.poppler.pdf"
    extraction = extract_bytes(pdf.read_bytes())
    assert len(extraction.rows) == 5
    assert {tuple(row["section"][:1]) for row in extraction.rows} == {
        ("一、扎实做好重点领域信息公开",)
    }


@pytest.mark.ocr
def test_a_merged_unit_cell_of_single_spaced_lines_stays_one_cell_on_a_poppler_scan() -> None:
    """Page 5 of the corpus's `ningyang-2017.ruled.pdf`, scanned as above: the gap between
    县发改局、县经 and 信局、县财政 in the merged lead-unit cell was found as a rule
    joined to the row's rule beyond the cell, and split the cell's text over its rows."""
    pdf = INDEPENDENT / "ningyang-2017.ruled.p5.200grey.poppler.pdf"
    extraction = extract_bytes(pdf.read_bytes())
    leads = {row["lead_units_text"] for row in extraction.rows}
    whole = "县发改局、县经信局、县财政局、县市场监管局、县国资局、县煤炭局按职责分工分别牵头落实"
    assert whole in leads
    assert not any(lead and lead.startswith("信局") for lead in leads)


@pytest.mark.ocr
def test_dense_table_text_is_never_taken_for_a_grey_seal_on_a_poppler_scan() -> None:
    """Page 4 of the layout fixture `wp-seqcol-panzhihua-2017.word.pdf` scanned as above:
    the Hough transform found a circle in the table's dense text, ink ran round it as round
    any circle there, and the seal remover made the lighter strokes of the characters
    inside it paper; the detector then missed half of each line (经济发 息误导…)."""
    pdf = INDEPENDENT / "wp-seqcol-panzhihua-2017.word.p4.200grey.poppler.pdf"
    page = pdfium.PdfDocument(pdf.read_bytes())[0]
    image = page.render(scale=200 / 72).to_numpy()[:, :, 0].copy()
    assert grey_seal_rings(image, 200 / 25.4) == []
    requirements = "".join(row["requirement"] for row in extract_bytes(pdf.read_bytes()).rows)
    assert "预防涉及我市经济发展的不实信息误导广大群众" in requirements
    assert "按月公开财政收支情况" in requirements


def test_a_grey_seal_over_the_signature_block_is_still_found() -> None:
    """The other side of the check above: the copier's grey seal over the signing date of
    the corpus's liangshan-2021.ruled.pdf (page 2) is found as a ring."""
    source = Path(__file__).parents[1] / "fixtures/corpus/pdf/liangshan-2021.ruled.pdf"
    degradation = Degradation(
        150, "grey", 0.0, 0.3, 80, 10.0, 0.9, 4.0, True, "梁山县人民政府办公室", False, False
    )
    scanned = pdfium.PdfDocument(scan_pdf(source.read_bytes(), degradation, 2, pages=(2,)))
    image = scanned[1].render(scale=150 / 72).to_numpy()[:, :, 0].copy()
    assert len(grey_seal_rings(image, 150 / 25.4)) == 1


def test_a_character_cut_at_its_own_gap_is_one_line_and_two_lines_stay_two() -> None:
    """A centred line of one character whose halves a blur leaves apart (导 as 巳 over 寸)
    is one line, not two read as 已 and 寸; two single-spaced lines (each as tall as the
    page's usual line) stay two."""
    ink = np.zeros((200, 200), np.uint8)
    ink[100:112, 50:80] = 255  # 巳
    ink[116:129, 50:80] = 255  # 寸
    box = Box(40.0, 95.0, 90.0, 134.0)
    assert len(own_lines(ink, box, glyph=29.0)) == 1
    assert len(own_lines(ink, box)) == 2  # without the page's line height: as before
    ink[:] = 0
    ink[60:89, 50:150] = 255
    ink[93:122, 50:150] = 255
    assert len(own_lines(ink, Box(40.0, 55.0, 160.0, 127.0), glyph=29.0)) == 2


@pytest.mark.ocr
def test_a_one_character_line_split_by_its_own_gap_reads_as_that_character() -> None:
    """Page 4 of `wp-panzhihua-2017.word.pdf` scanned as above: the section cell 加强预期引
    / 导 read as 加强预期引已寸, on every row of its group."""
    pdf = INDEPENDENT / "wp-panzhihua-2017.word.p4.200grey.poppler.pdf"
    sections = {tuple(row["section"]) for row in extract_bytes(pdf.read_bytes()).rows}
    assert ("以政务公开助力稳增长", "加强预期引导") in sections
    assert not any("已寸" in part for section in sections for part in section)


def test_a_lines_lower_part_found_by_a_second_box_is_not_a_line_of_its_own() -> None:
    """Two findings of the line 力稳 of the narrow section cell 以政务公开助力稳增长
    (corpus ningyang-2017.ruled, poppler scan, page 2): one with its whole ink (rows
    337.0–347.1 pt), one from a box holding only its lower part (340.6–347.0): one line,
    not 力稳 read twice (以政务公开助力稳力稳增长)."""
    k = PX_PER_PT
    whole = TextLine(Box(64.4 * k, 335.0 * k, 84.6 * k, 349.0 * k), 337.0 * k, 347.1 * k)
    part = TextLine(Box(66.8 * k, 339.0 * k, 82.5 * k, 349.0 * k), 340.6 * k, 347.0 * k)
    below = TextLine(Box(66.2 * k, 346.0 * k, 86.4 * k, 360.0 * k), 347.8 * k, 357.9 * k)
    assert _distinct([part, whole, below]) == [whole, below]
