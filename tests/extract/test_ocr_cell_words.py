"""Words and marks of merged cells read as printed on a second scanner's scans
(`bench/independent_scans.py`: poppler at 200 dpi grey, turned, blurred, brightened, JPEG
70 by Pillow; its tuning seeds). A merged cell's text is shared by every row it spans, so
one misread character in it costs each of those rows: the pages here are cut from the
tuning scans of the corpus's PDFs, each a page that read wrongly before its rule
(`extract/ocr/normalise.py`, `extract/ocr/lines.py`, `extract/ocr/read_elsewhere.py`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from extract.api import extract_bytes
from extract.ocr.lines import Box, TextLine, lone_marks
from extract.ocr.normalise import cell_words, normalise_line, unsure_words
from extract.ocr.read_elsewhere import put_right

INDEPENDENT = Path(__file__).parents[1] / "fixtures/scans/independent"


def _rows(name: str) -> list[dict[str, object]]:
    return list(extract_bytes((INDEPENDENT / name).read_bytes()).rows)


@pytest.mark.ocr
def test_a_unit_cut_by_a_line_break_ends_in_its_suffix_not_a_misread_one() -> None:
    """Page 2 of `ningyang-2017.grid.pdf` (seed 5972): a lead-unit cell of six rows wraps
    …县人社局、县财政 / 局、县国土局…, and the recogniser read the second line's 局 as 司
    (司、县国土局、). The line alone does not say 县…司: the cell's text does."""
    leads = [
        str(row["lead_units_text"])
        for row in _rows("ningyang-2017.grid.p2.200grey.s5972.poppler.pdf")
    ]
    assert not any("财政司" in lead for lead in leads), leads
    assert sum("县人社局、县财政局、县国土局" in lead for lead in leads) == 6, leads


@pytest.mark.ocr
def test_a_word_the_recogniser_was_unsure_of_in_a_section_cell_is_read_as_printed() -> None:
    """Page 5 of `liangshan-2021.grid.pdf` (seed 6021): the section cell of eleven rows
    prints …取得 / 成效、后续举措…; the recogniser read 成 as 或 (0.61) in the line 成效、."""
    sections = [row["section"] for row in _rows("liangshan-2021.grid.p5.200grey.s6021.poppler.pdf")]
    assert len(sections) == 5
    assert all("取得成效、后续举措" in str(section) for section in sections), sections


def test_a_unit_suffix_across_a_break_is_corrected_only_in_a_county_unit() -> None:
    """The cell rule is the line rule (`_UNIT_AS_SI`) over the cell's joined lines: a
    company keeps its 司, and so does a unit not of a county, city or district."""
    assert cell_words("县人社局、县财政司、县国土局") == "县人社局、县财政局、县国土局"
    assert cell_words("县发展改革局\n县财政司") == "县发展改革局\n县财政局"
    assert cell_words("县供电公司、县财政局") == "县供电公司、县财政局"
    assert cell_words("省交通运输厅公路司") == "省交通运输厅公路司"
    # the same text line by line gives what it gave before
    assert normalise_line("司、县国土局、") == "司、县国土局、"


def test_a_misread_word_is_corrected_only_where_the_recogniser_was_unsure() -> None:
    """或效 is no word of a notice (成效 is); 或效果, 或效率 are, and a 或 read with
    confidence stays. 三手 is none either (二手 is), but for 第三手."""
    assert unsure_words("或效、", [0.61, 1.0, 0.95]) == "成效、"
    assert unsure_words("取得或效", [1.0, 1.0, 0.5, 1.0]) == "取得成效"
    assert unsure_words("或效、", [0.97, 1.0, 0.95]) == "或效、"
    assert unsure_words("质量或效果", [1.0, 1.0, 0.5, 1.0, 1.0]) == "质量或效果"
    assert unsure_words("或效率", [0.5, 1.0, 1.0]) == "或效率"
    assert (
        unsure_words("建成“三手商用车", [1.0, 1.0, 1.0, 0.59, 1.0, 1.0, 1.0, 1.0])
        == "建成“二手商用车"
    )
    assert unsure_words("第三手资料", [1.0, 0.59, 1.0, 1.0, 1.0]) == "第三手资料"


@pytest.mark.ocr
def test_a_comma_wrapped_onto_a_line_of_its_own_in_a_narrow_cell_is_read() -> None:
    """Page 3 of `liangshan-2021.grid.pdf` (seed 6021): a responsible-unit cell prints
    县政府各部门 / ， / 各乡镇人民政…, the ，centred alone on its line. The detector boxed
    no line there; the cell read 县政府各部门 and lost its ，."""
    units = [
        str(row["responsible_units_text"])
        for row in _rows("liangshan-2021.grid.p3.200grey.s6021.poppler.pdf")
    ]
    assert "县政府各部门，\n各乡镇人民政府、街道办事处" in units, units
    assert not any(unit.startswith("县政府各部门\n") for unit in units), units


def _line(x0: int, top: int, x1: int, bottom: int) -> TextLine:
    return TextLine(Box(float(x0), float(top), float(x1), float(bottom)), float(top), float(bottom))


def test_a_mark_alone_between_two_lines_of_a_column_is_a_line_only_with_a_lines_room() -> None:
    """Lines' ink 24 px high: a 4 × 5 px mark with 1.8 lines' room between the lines above
    and below it is a line of its own, midway; the same mark between two lines a line's
    gap apart (single spacing) is a speck, and so is a 1 px dot or a mark beside the
    column."""
    ink = np.zeros((200, 300), np.uint8)
    above, below = _line(50, 20, 200, 44), _line(50, 88, 200, 112)
    ink[20:44, 50:200] = 255
    ink[88:112, 50:200] = 255
    ink[76:81, 120:124] = 255  # the ，low in its slot
    found = lone_marks(ink, [above, below])
    assert len(found) == 1
    assert (found[0].top, found[0].bottom) == (54.0, 78.0)
    assert found[0].box.x0 < 120 and found[0].box.x1 > 124
    close = _line(50, 50, 200, 74)  # single spacing: 6 px between the lines
    tight = np.zeros_like(ink)
    tight[20:44, 50:200] = 255
    tight[50:74, 50:200] = 255
    tight[45:50, 120:124] = 255
    assert lone_marks(tight, [above, close]) == []
    dot = np.zeros_like(ink)
    dot[78:79, 120:121] = 255
    assert lone_marks(dot, [above, below]) == []
    beside = np.zeros_like(ink)
    beside[76:81, 250:254] = 255
    assert lone_marks(beside, [above, below]) == []


@pytest.mark.ocr
def test_a_look_alike_the_notice_reads_right_elsewhere_is_put_right() -> None:
    """Page 3 of our 14-pt print of `wp-shouguang-2019.autonum.docx` (bench/office_prints.py
    `pt14`, seed 5708): …深入解读海洋强市建设行动… was read 海洋强币 (币 at 0.94), while the
    same page reads 《寿光海洋强市… right."""
    rows = _rows("wp-shouguang-2019.autonum.pt14.p3.200grey.s5708.poppler.pdf")
    texts = [str(row["requirement"]) + str(row["lead_units_text"]) for row in rows]
    assert not any("币" in text for text in texts), texts
    assert any("解读海洋强市建设行动" in text for text in texts), texts


def _counts(texts: list[str]) -> tuple[Counter[str], Counter[str]]:
    def grams(size: int) -> Counter[str]:
        return Counter(t[i : i + size] for t in texts for i in range(len(t) - size + 1))

    return grams(3), grams(2)


def test_a_look_alike_is_put_right_only_where_the_notice_reads_the_meant_word() -> None:
    texts = [
        "深入解读海洋强币建设行动",
        "动态发布《寿光海洋强市建设",
        "币文旅局、市科技局",
        "市文旅局",
    ]
    words, pairs = _counts(texts)
    assert put_right(texts[0], 7, words, pairs) == "市"  # 洋强市 read elsewhere
    assert put_right(texts[2], 0, words, pairs) == "市"  # 市文旅 read elsewhere
    # 货币 is a word (the stated vocabulary); a word read with 币 elsewhere too stays
    kept = ["稳健的货币政策", "全市政策"]
    assert put_right(kept[0], 4, *_counts(kept)) is None
    twice = ["强币建设", "强币建设", "强市"]
    assert put_right(twice[0], 1, *_counts(twice)) is None
    # nothing read elsewhere to say so
    alone = ["海洋强币建设行动"]
    assert put_right(alone[0], 3, *_counts(alone)) is None
