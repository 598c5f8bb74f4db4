"""Specks the detector boxed as text lines are left out, not read into the front.

Augraphy (a degradation library this project did not write, `bench/augraphy_degrade.py`)
with its full pipeline (`bench.augraphy_scans --seeds tune`, seed 30953, 200 dpi) over
poppler's rendering of LibreOffice's print of wp-ningyang-2017.nested.docx: page 1, kept
as it was scanned. Speckle above, between and beside the red head, the 文号 and the title
was read as 签甲为, 散学, 己., s and thirty more such lines; the title came out as 常1: and
the 文号 was lost.

`extract.ocr.specks` leaves out a line read unsurely over ink with no glyph's stroke (the
ink of surely read lines not counted: 己. over the 宁 ending the title's first line), with a
low_confidence problem naming where it was; `extract.metadata._past_scraps` reads the
title past the scraps that remain (1:, 常, 4). Failed before the fix."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from extract.api import Extraction, extract_bytes
from extract.vocabulary import NoteKind

pytestmark = pytest.mark.ocr

SCANS = Path(__file__).parents[1] / "fixtures/scans"
FRONT = "augraphy-wp-ningyang-2017.nested.p1.200grey.s30953.pdf"


@cache
def _extraction(name: str) -> Extraction:
    return extract_bytes((SCANS / name).read_bytes())


def _specks_reported(extraction: Extraction) -> list[str]:
    return [
        p.text
        for p in extraction.problems
        if p.kind == NoteKind.LOW_CONFIDENCE and "specks" in p.text
    ]


def test_specks_round_the_front_left_out() -> None:
    extraction = _extraction(FRONT)
    meta = extraction.meta
    assert (
        meta["title"] == "宁阳县人民政府办公室关于印发2017年宁阳县政务公开重点工作任务分解表的通知"
    )
    assert meta["doc_number"] == "宁政办字〔2017〕3号"
    assert meta["body"] is not None and "签甲为" not in meta["body"]
    assert len(_specks_reported(extraction)) >= 10
