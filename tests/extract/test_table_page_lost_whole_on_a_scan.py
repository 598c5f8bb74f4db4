"""A scanned table page whose rules faded away altogether (no table area found on it, so
neither the table stages nor the earlier nets see it) is named by a ``missing_rows``
problem when its text stands in the read table's columns (`extract/page/unread.py`,
`_laid_out_as_table`); prose and a closing signature beside the table are not.

The fixture is pages 5-6 of the copier's scan of wp-liangshan-2021.word (LibreOffice's
export of the Word-typeset twin, 200 dpi grey, seed 20865 with faint rules forced:
`bench.silent_losses --set copier --seeds 20000 --force faint-rules`), cut as scanned
(tenth round, issue 24 part ad; docs/ocr_accuracy.md). Page 6's table is read; page 5's
rules are 17-19 grey levels under white paper and give no table area, and on main its
rows were lost with no problem naming the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.api import extract_bytes
from extract.page.content import Char, PageContent
from extract.page.unread import _laid_out_as_table
from extract.vocabulary import NoteKind

SCANS = Path(__file__).parents[1] / "fixtures/scans"
LIANGSHAN_P5_6 = "copier-wp-liangshan-2021.word.p5-6.200grey.s20865.pdf"
# the read page's column rules on that scan (points)
COLUMNS = [57.0, 134.0, 217.0, 300.0, 528.0]


@pytest.mark.ocr
def test_a_scanned_table_page_with_no_rules_found_is_a_missing_rows_problem() -> None:
    extraction = extract_bytes((SCANS / LIANGSHAN_P5_6).read_bytes())
    assert len(extraction.rows) == 3  # page 6's
    lost = [p for p in extraction.problems if p.kind == NoteKind.MISSING_ROWS]
    assert [p.page for p in lost] == [1]
    assert "task table's columns" in lost[0].text


def _page(*lines: tuple[float, str, float]) -> PageContent:
    """Recognised lines (left x, text, character pitch), a character box 90% of its
    pitch wide, a space a gap."""
    chars: list[Char] = []
    for number, (left, text, pitch) in enumerate(lines):
        top = 100.0 + 20 * number
        for i, ch in enumerate(text):
            if ch != " ":
                x0 = left + i * pitch
                chars.append(Char(x0, x0 + 0.9 * pitch, top, top + 10, ch, 10, line=number))
    return PageContent(1, 595, 842, chars, [], [], True)


def test_rows_read_as_lines_across_the_columns_stand_in_them() -> None:
    # cells joined into one line by the recogniser keep a gap at each column rule
    page = _page(
        (146.0, "县卫生健康局    各乡镇人民政   完成医院建设", 10.0),
        (306.0, "快梁山街道社区卫生服务中心和杨", 13.0),
        (146.0, "县医保局", 10.0),
        (306.0, "营卫生院建设进度，建设县人民医", 13.0),
    )
    assert _laid_out_as_table(page, COLUMNS) is not None


def test_prose_and_a_signature_beside_the_table_do_not() -> None:
    prose = _page(
        (80.0, "为认真贯彻落实国家、省、市关于全面推进政务公开工作", 14.7),
        (80.0, "的决策部署，切实提升全县政务公开水平，按照《山东省", 14.7),
        (80.0, "政府办公厅关于印发政务公开工作要点的通知》要求", 14.7),
    )
    assert _laid_out_as_table(prose, COLUMNS) is None
    signature = _page(
        (113.0, "附件：2021年梁山县政务公开工作任务分解表", 14.7),
        (305.0, "梁山县人民政府办公室", 14.7),
        (336.0, "2021年5月13日", 10.0),
        (117.0, "（此件公开发布）", 14.7),
    )
    assert _laid_out_as_table(signature, COLUMNS) is None
