"""Pages of new tuning scans where the copier is hardest (eighth round, issue 24 part p):
`python -m bench.accuracy --scans --copier --seeds 20000 --force faint-rules,shadow` scans
every typeset input that is not a REPORT file with its rules faded and broken and the
binding edge's shadow down the left side (tests/fixtures/scans/copier.py). Each page is
committed as cut from the scan (a greyscale JPEG in a PDF); its seed is in its name.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from extract.api import Extraction, extract_bytes
from extract.vocabulary import NoteKind

SCANS = Path(__file__).parents[1] / "fixtures/scans"
GLUED_P2 = "copier-glued-ningyang-2017.repeated.p2.200grey.s20168.pdf"


@cache
def _extraction(name: str) -> Extraction:
    return extract_bytes((SCANS / name).read_bytes())


@pytest.mark.ocr
def test_a_text_lines_bottom_strokes_are_no_faint_row_rule() -> None:
    """The cell (二)围绕促进房 / 地产市场平稳健 / 康发展推进公开 of a faded, shadowed grid:
    the bottom strokes of its full first line stand darker than the paper below them at
    the faint-row test's share, and the detector's box (taller than the glyphs) does not
    cover them with its middle; read as a row rule, they cut the cell after its first
    line, and the rest of the category went to unplaced_rows."""
    extraction = _extraction(GLUED_P2)
    sections = [row["section"] for row in extraction.rows]
    assert len(sections) == 5
    for section in sections[3:]:
        assert section[:2] == [
            "以政务公开助力防风险",
            "（二）围绕促进房地产市场平稳健康发展推进公开",
        ]
    assert not [p for p in extraction.problems if p.kind == NoteKind.UNPLACED_ROWS]


SHOUGUANG_P2_3 = "copier-shouguang-2019.ruled.p2-3.200grey.s20048.pdf"


@pytest.mark.ocr
def test_a_tables_first_page_not_read_on_a_scan_is_a_missing_rows_problem() -> None:
    """The task table's first two pages of a faded, shadowed scan: the first page's table
    (header, category row and four rows) was not read, the table was found from the next
    page's repeated header on, and the four rows were lost with only low_confidence
    problems: the net judged the pages after the table's first read page only."""
    extraction = _extraction(SHOUGUANG_P2_3)
    missing = [p for p in extraction.problems if p.kind == NoteKind.MISSING_ROWS]
    assert [p.page for p in missing] == [1]
    assert "start of the task table" in missing[0].text


NARROW12 = "copier-calc-liangshan-narrow12.calc.p1-2.200grey.s20790.pdf"


@pytest.mark.ocr
def test_rows_run_together_on_a_faded_calc_print_are_a_missing_rows_problem() -> None:
    """A Calc print of 14 unnumbered rows, faded and shadowed (seed 20790): its row rules
    were not found, the 14 rows read as 4 with every task's text in the lead units cell,
    and the only problems were low_confidence ones: 14 rows lost, silently."""
    extraction = _extraction(NARROW12)
    assert len(extraction.rows) < 14  # the rows are still run together
    missing = [p for p in extraction.problems if p.kind == NoteKind.MISSING_ROWS]
    assert len(missing) == len(extraction.rows)  # every row that holds several is named
    assert all("rows run together" in p.text for p in missing)
