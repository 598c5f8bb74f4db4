"""The pieces of broken rules are kept on whole arrays (``rules.continuing``) exactly as
the per-piece tests keep them (``_on_a_rule`` or ``_spans_a_row``), and a mask's runs
become the segments the one-by-one loop made: the rule finder was vectorised for speed,
and not one rule may move.

The page: the corpus's liangshan-2021.ruled.pdf (an office-typeset notice), its first
page scanned by the copier at 200 dpi grey with a tuning seed, as the page reader sees it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from extract.ocr import rules
from extract.ocr.deskew import deskew
from extract.ocr.rules import PIECE_PT, Segment
from extract.ocr.scanned import _render
from tests.fixtures.scans.copier import draw, scan_pdf

pytestmark = pytest.mark.ocr
CORPUS_PDF = Path(__file__).resolve().parents[1] / "fixtures/corpus/pdf"


@cache
def _page() -> tuple[np.ndarray, float]:
    """(the straightened grey page, pixels per point)."""
    source = (CORPUS_PDF / "liangshan-2021.ruled.pdf").read_bytes()
    scan = scan_pdf(source, draw(31, 200, "grey", "梁山县人民政府办公室"), 31)
    pdf = pdfium.PdfDocument(scan)
    try:
        rgb = _render(pdf, 0, 200)
        width = pdf[0].get_width()
    finally:
        pdf.close()
    straight, _ = deskew(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    return straight, rgb.shape[1] / width


def _one_by_one(mask: np.ndarray, horizontal: bool, px_per_pt: float) -> list[Segment]:
    """``rules.segments`` as it was written: a loop over the mask's runs."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    max_thick = rules.MAX_THICKNESS_PT * px_per_pt
    out = []
    for label in range(1, count):
        x, y, w, h, _area = stats[label]
        if horizontal:
            if h > max_thick + abs(w) * 0.02:
                continue
            out.append(Segment(True, y + h / 2, float(x), float(x + w)))
        else:
            if w > max_thick + abs(h) * 0.02:
                continue
            out.append(Segment(False, x + w / 2, float(y), float(y + h)))
    return out


def test_a_scanned_pages_pieces_are_kept_as_one_by_one() -> None:
    gray, px_per_pt = _page()
    ink = rules.rule_ink(gray, px_per_pt)
    horizontal, vertical = rules.rule_masks(ink, px_per_pt)
    pieces_h, pieces_v = rules.rule_masks(ink, px_per_pt, (PIECE_PT, PIECE_PT))
    for mask, across in (
        (horizontal, True),
        (vertical, False),
        (pieces_h, True),
        (pieces_v, False),
    ):
        assert rules.segments(mask, across, px_per_pt) == _one_by_one(mask, across, px_per_pt)
    found = rules.segments(horizontal, True, px_per_pt) + rules.segments(vertical, False, px_per_pt)
    pieces = rules.segments(pieces_h, True, px_per_pt) + rules.segments(pieces_v, False, px_per_pt)
    expected = [
        rules._on_a_rule(p, found, px_per_pt) or rules._spans_a_row(p, found, px_per_pt)
        for p in pieces
    ]
    assert len(pieces) > 1000 and 10 < sum(expected) < len(pieces)  # a real page's pieces
    assert rules.continuing(pieces, found, px_per_pt) == expected


def test_pieces_at_the_bounds_are_kept_as_one_by_one() -> None:
    """Pieces exactly at each bound (a point off the rule's line, the gap's reach past its
    ends, a row's rule ``near`` from a side's end), just inside and just outside it."""
    px_per_pt = 200 / 72
    reach_h, reach_v = (gap * px_per_pt for gap in rules.MAX_GAP_PT)
    near, off = 1.5 * px_per_pt, 1.0 * px_per_pt
    found = [
        Segment(True, 100.0, 50.0, 400.0),
        Segment(True, 140.0, 50.0, 400.0),
        Segment(False, 50.0, 100.0, 300.0),
    ]
    pieces = []
    for d in (-1e-9, 0.0, 1e-9):
        pieces += [
            Segment(True, 100.0 + off + d, 200.0, 210.0),
            Segment(True, 100.0, 400.0 + reach_h + d, 420.0),
            Segment(True, 100.0, 20.0, 50.0 - reach_h + d),
            Segment(False, 50.0 - off - d, 320.0, 330.0),
            Segment(False, 50.0, 300.0 + reach_v + d, 330.0),
            Segment(False, 200.0, 100.0 - near + d, 140.0 + near - d),
            Segment(False, 400.0 + near + d, 100.0, 140.0),
        ]
    expected = [
        rules._on_a_rule(p, found, px_per_pt) or rules._spans_a_row(p, found, px_per_pt)
        for p in pieces
    ]
    assert 0 < sum(expected) < len(pieces)
    assert rules.continuing(pieces, found, px_per_pt) == expected
    assert rules.continuing(pieces, [], px_per_pt) == [False] * len(pieces)
    assert rules.continuing([], found, px_per_pt) == []
