"""The page detector in bfloat16 (OpenVINO, on a CPU that has it, as the recogniser's
first reading): the same lines as the fp32 detector finds, each box where fp32 puts it
within a fraction of the line's height; the fp32 detector alone when NOTICES_OCR_BF16=0.

The page: the one-page task table of ``tests/fixtures/scans/office_cells.py`` (python-docx,
exported by LibreOffice), scanned by the copier at 200 dpi grey.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Any

import numpy as np
import pytest

from extract.api import extract_bytes
from extract.ocr import engine, page
from extract.ocr.settings import OcrSettings
from tests.fixtures.scans.copier import draw, scan_pdf
from tests.fixtures.scans.office_cells import office_table_pdf
from tests.soffice_gate import require_soffice

pytestmark = pytest.mark.ocr

# A box's corners may move this much (per the box's height) between fp32 and bfloat16:
# the probability map's values move in their last bits, and a few of its pixels at a
# line's edge fall the other side of the detector's threshold.
CORNER_PER_HEIGHT = 0.25


class _Stop(Exception):
    """Raised by a stand-in detector once it has seen what it was given."""


@cache
def _page() -> tuple[np.ndarray, float]:
    """The deskewed page image the page reader gives the detector, and its scale."""
    require_soffice()
    seen: list[tuple[np.ndarray, float]] = []

    def keep(image: np.ndarray, threads: int, scale: float = 1.0, bf16: bool = False) -> Any:
        seen.append((image, scale))
        raise _Stop

    copier = replace(draw(31, 200, "grey", "人民政府办公室"), seal=False)
    detect = vars(page)["detect"]
    vars(page)["detect"] = keep
    try:
        with pytest.raises(_Stop):
            extract_bytes(scan_pdf(office_table_pdf(), copier, 31), name="scan.pdf")
    finally:
        vars(page)["detect"] = detect
    return seen[0]


def _bf16() -> Any:
    quick = engine._bf16_detector(1)
    if quick is None:
        pytest.skip("no bfloat16 here (OpenVINO missing, or a CPU without it)")
    return quick


def test_the_bf16_detector_finds_the_lines_fp32_finds_where_fp32_finds_them() -> None:
    image, scale = _page()
    _bf16()
    fp32 = engine.detect(image, 1, scale)
    bf16 = engine.detect(image, 1, scale, bf16=True)
    assert len(fp32) > 20  # the table's cells, the title, the body
    assert len(bf16) == len(fp32)
    unmatched = list(bf16)
    for box in fp32:
        height = float(np.ptp(box[:, 1]))
        near = [
            other
            for other in unmatched
            if np.abs(other - box).max() <= CORNER_PER_HEIGHT * max(height, 1.0)
        ]
        assert len(near) == 1, box
        unmatched = [other for other in unmatched if other is not near[0]]
    assert unmatched == []


def test_the_fp32_detector_alone_when_bf16_is_turned_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    image, scale = _page()
    fp32 = engine.detect(image, 1, scale)
    quick = _bf16()

    def never(*_: object) -> Any:
        raise AssertionError("the bf16 detector was used")

    monkeypatch.setattr(quick, "session", never)
    boxes = engine.detect(image, 1, scale, bf16=False)
    assert [b.tolist() for b in boxes] == [b.tolist() for b in fp32]
    # the page reader passes the switch on
    given: list[bool] = []

    def keep(image: np.ndarray, threads: int, scale: float = 1.0, bf16: bool = False) -> Any:
        given.append(bf16)
        raise _Stop

    monkeypatch.setattr(page, "detect", keep)
    for setting in (False, True):
        with pytest.raises(_Stop):
            page.ocr_page(image, 1, 595.0, 842.0, OcrSettings(bf16=setting))
    assert given == [False, True]
