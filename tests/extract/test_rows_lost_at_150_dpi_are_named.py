"""Rows a 150-dpi copier scan lost with no problem naming them (tenth round, issue 24
part x). Each fixture is cut, as scanned, from a copier scan of a LibreOffice export at
150 dpi grey (`python -m bench.silent_losses --set copier --seeds tune --dpi 150` and
`--seeds 20000`); its seed is in its name. The rows are still lost: these tests hold the
problem that names them ("nothing lost, nothing silent")."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from extract.api import Extraction, extract_bytes
from extract.vocabulary import NoteKind

SCANS = Path(__file__).parents[1] / "fixtures/scans"
SHOUGUANG = "copier-wp-shouguang-2019.pagebreak.p2-4.150grey.s20356.pdf"
LIANGSHAN = "copier-wp-liangshan-2021.word.p4-6.150grey.s305.pdf"


@cache
def _extraction(name: str) -> Extraction:
    return extract_bytes((SCANS / name).read_bytes())


def _missing(extraction: Extraction) -> list[str]:
    return [p.text for p in extraction.problems if p.kind == NoteKind.MISSING_ROWS]


@pytest.mark.ocr
def test_two_tasks_beside_two_units_cells_are_a_missing_rows_problem() -> None:
    """Page 4 (page 3 here): the row rule between 围绕解决“两不愁三保障…” and 围绕持续开展
    大气污染治理攻坚… faded under the requirement column only; the units cells kept their
    rule. The two tasks read as one row holding the units of both, and the only problem
    was a low_confidence one: a row lost, silently."""
    extraction = _extraction(SHOUGUANG)
    joined = [row for row in extraction.rows if "两不愁三保障" in str(row["requirement"])]
    assert len(joined) == 1 and "围绕持续开展" in str(joined[0]["requirement"])  # still lost
    missing = _missing(extraction)
    assert len(missing) == 1
    assert "两不愁三保障" in missing[0] and "stands beside 2 units cells" in missing[0]


@pytest.mark.ocr
def test_a_last_page_that_repeats_the_header_but_gave_no_table_is_named() -> None:
    """The last page (page 6 of the scan, 3 here) prints the header 工作任务 | 牵头部门 |
    责任单位 | 具体要求 again; its rules faded, no table was found on it, and as the last
    page it lay between no two table pages: its rows (八), (九) were lost with no problem."""
    extraction = _extraction(LIANGSHAN)
    assert not any("持续加强重大政策发布解读" in str(row["section"]) for row in extraction.rows)
    missing = _missing(extraction)
    assert any(text.startswith("page 3 prints the task table's header again") for text in missing)


CALC = "copier-att-panzhihua-2017.calc.p1.150grey.s20436.pdf"


@pytest.mark.ocr
def test_a_row_number_reading_1_to_6_is_a_missing_rows_problem() -> None:
    """A Calc print's first page, its row rules faded (seed 20436): rows 1–6 read as one
    row whose number cell reads 1 2 3 4 5 6. It is the table's first row, so the check of
    a row holding the two numbers after the one above had nothing to compare: 5 rows lost
    with no problem naming them."""
    extraction = _extraction(CALC)
    missing = _missing(extraction)
    assert any(text.startswith("row numbers 1–6 are one row") for text in missing)
