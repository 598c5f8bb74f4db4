"""Text the recogniser reads out of a bad photocopy's speckle is not kept as text
(`extract/ocr/noise.py`, measured and not wired in: see the xfail below): a line (or a run of a line's characters) read with little
confidence where the paper round it is inked as densely as the line itself is reported as
a ``low_confidence`` problem naming its box, and the cell reads empty; text printed on
white paper, however unsure, is kept.

The fixture is page 4 of Augraphy's scan of the TUNE file wp-shouguang-2019.pagebreak
(LibreOffice's export of the office fixture's .docx, rasterised by poppler at 400 dpi and
averaged to 200 dpi grey; Augraphy 8.2.6's ``BadPhotoCopy`` alone at seed 30426, then
rotation and JPEG: `python -m bench.augraphy_scans --seeds tune --dpi 200 --only
BadPhotoCopy`), cut as scanned (eleventh round, issue 24 part ae; docs/ocr_accuracy.md).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from extract.ocr.lines import Box
from extract.ocr.noise import noise_runs, read_from_noise
from extract.ocr.page import ocr_page
from extract.ocr.scanned import _render
from extract.ocr.settings import OcrSettings
from extract.vocabulary import NoteKind

SCANS = Path(__file__).parents[1] / "fixtures/scans"
SPECKLED_P4 = "augraphy-wp-shouguang-2019.pagebreak.p4.200grey.badphotocopy.s30426.pdf"
EM = 30  # pixels: a 10.5 pt line at 200 dpi is about 29


def _paper(speckle: float, seed: int = 0) -> np.ndarray:
    """An ink mask of 400 x 600 pixels: white paper with ``speckle`` of its pixels inked
    at random (a bad photocopy's toner)."""
    rng = np.random.default_rng(seed)
    return np.where(rng.random((400, 600)) < speckle, 255, 0).astype(np.uint8)


def _printed(ink: np.ndarray, box: Box, share: float = 0.2, seed: int = 1) -> np.ndarray:
    """``ink`` with a line's strokes in ``box``: ``share`` of its pixels inked."""
    rng = np.random.default_rng(seed)
    out = ink.copy()
    y0, y1, x0, x1 = int(box.top), int(box.bottom), int(box.x0), int(box.x1)
    strokes = rng.random((y1 - y0, x1 - x0)) < share
    out[y0:y1, x0:x1] = np.where(strokes, 255, 0)
    return out


LINE = Box(100.0, 200.0, 100.0 + 6 * EM, 200.0 + EM)
UNSURE = [0.3, 0.2, 0.45, 0.1, 0.6, 0.4]
SURE = [0.99, 0.97, 1.0, 0.95, 0.4, 0.98]


def test_an_unsure_line_on_white_paper_is_kept() -> None:
    ink = _printed(_paper(0.0), LINE)
    assert not read_from_noise(UNSURE, 0.5, ink, LINE, [])


def test_an_unsure_line_in_speckle_as_dense_as_itself_is_noise() -> None:
    ink = _printed(_paper(0.2), LINE)
    assert read_from_noise(UNSURE, 0.5, ink, LINE, [])


def test_a_line_read_with_confidence_in_speckle_is_kept() -> None:
    ink = _printed(_paper(0.2), LINE)
    assert not read_from_noise(SURE, 0.5, ink, LINE, [])


def test_lines_above_and_below_are_not_the_papers_noise() -> None:
    # an unsure line between two printed lines of its cell, on white paper
    above = Box(LINE.x0, LINE.top - 1.2 * EM, LINE.x1, LINE.top - 0.2 * EM)
    below = Box(LINE.x0, LINE.bottom + 0.2 * EM, LINE.x1, LINE.bottom + 1.2 * EM)
    ink = _printed(_printed(_printed(_paper(0.0), LINE), above, seed=2), below, seed=3)
    assert not read_from_noise(UNSURE, 0.5, ink, LINE, [above, below])


def test_a_run_read_on_into_speckle_after_the_text_is_dropped_alone() -> None:
    # 良好氛围 printed on white paper, then 魚身美多 read out of the speckled paper beyond
    ink = _paper(0.0)
    ink[:, 100 + 4 * EM :] = _paper(0.2)[:, 100 + 4 * EM :]
    ink = _printed(ink, Box(LINE.x0, LINE.top, LINE.x0 + 4 * EM, LINE.bottom))
    spans = [
        (100.0 + i * EM, 100.0 + (i + 1) * EM, c)
        for i, c in enumerate([0.99, 0.98, 1.0, 0.97, 0.3, 0.2, 0.4, 0.1])
    ]
    line = Box(LINE.x0, LINE.top, LINE.x0 + 8 * EM, LINE.bottom)
    assert noise_runs(spans, 0.5, ink, line, []) == [(4, 8)]
    # the same unsure run on white paper (a real word the recogniser was unsure of) stays
    clean = _printed(_paper(0.0), line)
    assert noise_runs(spans, 0.5, clean, line, []) == []


@pytest.mark.ocr
@pytest.mark.xfail(
    strict=True,
    reason="the noise test is not wired into ocr_page: on a shaded table (Augraphy's full "
    "pipeline, wp-shaded-ningyang-2017.word seed 30843) it dropped real characters (公开, "
    "改造, 危) whose grey cell shading it took for noise (docs/ocr_accuracy.md, part ae)",
)
def test_glyphs_read_out_of_a_bad_photocopys_speckle_are_not_kept() -> None:
    pdf = pdfium.PdfDocument(SCANS / SPECKLED_P4)
    try:
        width, height = pdf[0].get_size()
        image = _render(pdf, 0, OcrSettings().dpi)
    finally:
        pdf.close()
    page, problems = ocr_page(image, 1, width, height, OcrSettings())
    lines: dict[int | None, str] = {}
    for char in sorted(page.chars, key=lambda c: c.x0):
        lines[char.line] = lines.get(char.line, "") + char.text
    read = set(lines.values())
    # on main the empty parts of the unit and deadline cells read as 富, 酒, 三, 猫, NE,
    # AX, R3, F2, ER, 8J, 和, 爱 (one line each, mostly under 0.5 confidence)
    for invented in ("富", "酒", "三", "猫", "NE", "AX", "R3", "F2", "ER", "8J", "和", "爱"):
        assert invented not in read
    # the text printed on the page is all kept, unsure or not
    for printed in ("和谐稳定的良好氛围。", "市政府办公室、", "分别牵头落实", "各镇", "市直"):
        assert printed in read
    assert sorted(t for t in read if t == "全年") == ["全年"]
    assert sum(1 for c in page.chars if c.text == "年") == 2
    noise = [p for p in problems if "out of speckle" in p.text]
    assert len(noise) >= 10
    assert all(p.kind == NoteKind.LOW_CONFIDENCE and p.where for p in noise)
