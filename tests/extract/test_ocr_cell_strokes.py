"""Strokes of a merged cell's text joined to the rules beside it, on a second scanner's
scans (bench/independent_scans.py: poppler at 200 dpi, rotated, blurred, JPEG 70).

Narrow section and unit cells of office tables hold short single-spaced lines close to
the rules around them; blurred, a character's stroke, or the band between two lines,
joins a row's rule beyond the cell's side, and the rule then splits the merged cell.
The end-to-end cases are pages of the corpus's `ningyang-2017.grid.pdf` scanned that
way (tests/fixtures/scans/independent/); the others check `extract/ocr/lines.py` and
`rules.py` on images and segments in pixels.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extract.api import extract_bytes
from extract.ocr.lines import Box, TextLine, own_lines, with_marks_beside, without_stroke_ends
from extract.ocr.rules import Segment, without_text_bars

PX_PER_PT = 200 / 72
INDEPENDENT = Path(__file__).parents[1] / "fixtures/scans/independent"


def _h(at: float, start: float, end: float) -> Segment:
    return Segment(True, at, start, end)


def _v(at: float, start: float, end: float) -> Segment:
    return Segment(False, at, start, end)


def test_a_rule_joined_to_a_top_stroke_in_a_box_of_many_lines_ends_at_its_crossing() -> None:
    """A narrow section cell prints one character a line (以/政/务/公/开…) and the
    detector gives the whole column one tall box. A row's rule bridged into the cell by
    the top stroke of 政 ends at the cell's side: the stroke's ink reaches a line's height
    into the text, measured on one line (the page's usual box), not on the tall box. A
    rule standing apart from the character below it (the cell's padding) is kept."""
    side = _v(100, 0, 400)
    rule = _h(100, 60, 560)
    tall = Box(55.0, 40.0, 98.0, 380.0)  # eleven one-character lines
    # the page's other boxes, one line each (requirement text in the next columns)
    others = [Box(200.0, top, 560.0, top + 30.0) for top in (40.0, 75.0, 110.0, 145.0)]
    ink = np.zeros((400, 600), np.uint8)
    ink[100:101, 60:560] = 255  # the top stroke of 政, bridged to the row's rule
    for top in (45, 100, 130, 160, 190, 220, 250, 280, 310, 340):
        ink[top : top + 25, 62:88] = 255  # 以 above, 政 and the lines below it
    trimmed = without_stroke_ends([rule, side], [tall, *others], ink, PX_PER_PT)
    assert _h(100, 100, 560) in trimmed
    apart = ink.copy()
    apart[100:106, 62:88] = 0  # 政 starts below the cell's padding
    apart[100:101, 60:560] = 255
    assert rule in without_stroke_ends([rule, side], [tall, *others], apart, PX_PER_PT)


def test_a_characters_foot_bridged_across_a_wide_cells_padding_is_no_rule() -> None:
    """社's foot, half a point above a row's rule, joined to it across 12 pt of padding
    and 60 pt from the rule's crossing: the stretch from the foot to the cell's side is
    the line's, however far the crossing (the box of 和社 ends long before it), and is
    cut. The same rule whose ink runs into the cell's other side is the table's."""
    sides = [_v(100, 0, 300), _v(300, 0, 300), _v(560, 0, 300)]
    line = Box(105.0, 118.0, 200.0, 158.0)  # 和社, narrower than the cell
    ink = np.zeros((300, 600), np.uint8)
    ink[125:149, 130:190] = 255  # the line's ink, its foot at row 148
    ink[150:151, 205:560] = 255  # the rule, joined to the foot across the padding
    rule = _h(150, 130, 560)
    # the rule's own ink (``rule_ink``) is absent where the foot was joined into it
    assert _h(150, 300, 560) in without_stroke_ends([rule, *sides], [line], ink, PX_PER_PT, ink)
    whole = _h(150, 100, 560)
    ink[150:151, 100:560] = 255
    assert whole in without_stroke_ends([whole, *sides], [line], ink, PX_PER_PT, ink)
    # a faint rule (in the rule ink, not the text ink) with text close below it is a rule
    faint, text = ink.copy(), ink.copy()
    text[150:151, :] = 0
    assert rule in without_stroke_ends([rule, *sides], [line], text, PX_PER_PT, faint)


def test_the_band_between_two_lines_of_a_merged_cell_between_row_rules_is_no_rule() -> None:
    """The row's rules on both sides of a merged unit cell (x 0–100 and 300–600), joined
    through the blurred band between two of its lines (资局、县煤炭 over 局按职责分工):
    the stretch between the cell's sides has text ink close above and below it, and is
    cut out. A stretch inked all along is a rule however tight the text beside it (a
    one-line header row at 150 dpi), and one with text on one side only is a rule under
    a cell's last line."""
    columns = [_v(0, 0, 300), _v(100, 0, 300), _v(300, 0, 300), _v(600, 0, 300)]
    ink = np.zeros((300, 620), np.uint8)
    for x in range(130, 290, 8):
        ink[130:148, x : x + 6] = 255  # glyphs of the line above
        ink[152:170, x : x + 6] = 255  # and of the line below
    bar = _h(150, 0, 600)
    assert without_text_bars(bar, columns, ink, PX_PER_PT) == [_h(150, 0, 100), _h(150, 300, 600)]
    rule = ink.copy()
    rule[149:151, 0:600] = 255  # a rule inked all along, text tight on both sides (150 dpi)
    assert without_text_bars(bar, columns, rule, PX_PER_PT) == [bar]
    ink[152:170, :] = 0
    assert without_text_bars(bar, columns, ink, PX_PER_PT) == [bar]


def test_a_comma_starting_a_line_outside_the_detectors_box_is_in_the_lines_crop() -> None:
    """A line starting with ，(the typesetter left it there: ，公开实施过程) whose
    detected box starts after the comma: the box is widened over the comma, which has
    paper beyond it. Ink running on to the end of that reach (the next cell's text) is
    left out."""
    ink = np.zeros((120, 400), np.uint8)
    ink[50:80, 100:300] = 255  # the line's characters
    ink[72:80, 88:95] = 255  # the comma before them
    line = TextLine(Box(98.0, 45.0, 305.0, 85.0), 50.0, 80.0)
    widened = with_marks_beside(ink, line)
    assert widened.box.x0 < 88 and widened.box.x1 == line.box.x1
    ink[50:80, 60:95] = 255  # text running on from the left
    assert with_marks_beside(ink, line) == line


def test_a_line_of_one_punctuation_mark_in_a_narrow_cell_is_a_line() -> None:
    """A narrow cell of one character a line prints 、 as a line of its own (税/、/降): its
    ink a third of a line tall, it stands alone in a line's slot, and is read in that
    slot. A speck between two single-spaced lines has no such room and is no line."""
    ink = np.zeros((200, 100), np.uint8)
    ink[10:40, 20:60] = 255  # 推
    ink[44:74, 20:60] = 255  # 税
    ink[85:95, 22:30] = 255  # 、
    ink[110:140, 20:60] = 255  # 降
    lines = own_lines(ink, Box(10.0, 5.0, 70.0, 150.0), glyph=30.0)
    assert len(lines) == 4
    assert lines[2].top <= 85 and lines[2].bottom >= 95 and lines[2].ink_height >= 30
    ink[:] = 0
    ink[10:40, 20:60] = 255
    ink[44:49, 22:26] = 255  # a speck
    ink[52:82, 20:60] = 255
    assert len(own_lines(ink, Box(10.0, 5.0, 70.0, 90.0), glyph=30.0)) == 2


def _grid_page(number: int) -> list[dict[str, object]]:
    """The rows of one page of the corpus's `ningyang-2017.grid.pdf`, scanned as
    bench/independent_scans.py does at 200 dpi grey (seed 5972)."""
    pdf = INDEPENDENT / f"ningyang-2017.grid.p{number}.200grey.poppler.pdf"
    return list(extract_bytes(pdf.read_bytes()).rows)


@pytest.mark.ocr
def test_a_section_cell_of_one_character_lines_stays_whole_on_a_poppler_scan() -> None:
    """Page 4: the row's rule under （一）推进“放管服”改革信息公开 was joined to the top
    stroke of 政 in the one-character-a-line cell 以/政/务/公/开/助/力/促/改/革 and split it
    into 以 and 政务公开助力促改革."""
    sections = [row["section"] for row in _grid_page(4)]
    assert len(sections) == 15
    assert all(isinstance(s, list) and s[0] == "以政务公开助力促改革" for s in sections)


@pytest.mark.ocr
def test_a_merged_unit_cell_between_two_row_rules_stays_one_cell_on_a_poppler_scan() -> None:
    """Page 5: the band between 资局、县煤炭 and 局按职责分工 joined the row's rules on
    both sides of the lead-unit cell into one, which cut the cell in two."""
    whole = "县发改局、县经信局、县财政局、县市场监管局、县国资局、县煤炭局按职责分工分别牵头落实"
    leads = [row["lead_units_text"] for row in _grid_page(5)]
    assert leads.count(whole) == 7
    assert not any(str(lead).startswith("局按职责") for lead in leads)


@pytest.mark.ocr
def test_a_section_cell_keeps_its_text_where_a_foot_touches_a_row_rule_on_a_poppler_scan() -> None:
    """Page 6: the foot of 社 (和社 over 会救) half a point above the row's rule beside
    the cell, bridged to it, split （一）推进扶贫脱贫和社会救助信息公开 in two."""
    seconds = {str(row["section"][1]) for row in _grid_page(6) if isinstance(row["section"], list)}
    assert "（一）推进扶贫脱贫和社会救助信息公开" in seconds
    assert "会救助信息公开" not in seconds


@pytest.mark.ocr
def test_strokes_bridging_most_of_a_section_cell_do_not_split_it_on_a_poppler_scan() -> None:
    """Page 8: the strokes of 场平, bridged to the row's rule beside the cell, made a 31-pt
    stretch of rule in a 37-pt column (longer than a faded end is carried), which split
    （二）围绕促进房地产市场平稳健康发展推进公开 after 平."""
    seconds = {str(row["section"][1]) for row in _grid_page(8) if isinstance(row["section"], list)}
    assert "（二）围绕促进房地产市场平稳健康发展推进公开" in seconds
    assert "稳健康发展推进公开" not in seconds
