"""The line crops of one real scanned page, and a counter of the lines a recogniser reads:
shared by the tests of the recogniser's quick first readings (int8, bfloat16), which each
check that a line is read once, and once more by fp32 only where the first was unsure.

The page: the one-page task table of ``tests/fixtures/scans/office_cells.py`` (python-docx,
exported by LibreOffice), scanned by the copier at 200 dpi grey.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from functools import cache
from typing import Any

import cv2
import numpy as np

from extract.api import extract_bytes
from extract.ocr import engine, page
from tests.fixtures.scans.copier import draw, scan_pdf
from tests.fixtures.scans.office_cells import office_table_pdf
from tests.soffice_gate import require_soffice


@cache
def line_crops() -> tuple[np.ndarray, ...]:
    """The line crops the page reader gives the recogniser for the scanned table."""
    require_soffice()
    kept: list[np.ndarray] = []
    read = engine.recognise

    def keep(crops: list[np.ndarray], threads: int, int8: bool = False, bf16: bool = False) -> Any:
        kept.extend(crops)
        return read(crops, threads, int8, bf16)

    copier = replace(draw(31, 200, "grey", "人民政府办公室"), seal=False)
    vars(page)["recognise"] = keep
    try:
        extract_bytes(scan_pdf(office_table_pdf(), copier, 31), name="scan.pdf")
    finally:
        vars(page)["recognise"] = read
    return tuple(kept)


class Seen:
    """Counts the line images a recogniser resizes for its model (one per line read)."""

    def __init__(self, recogniser: Any) -> None:
        self.counts: dict[str, int] = {}
        self._resize = recogniser.resize_norm_img

    def __call__(self, image: np.ndarray, ratio: float) -> Any:
        self.counts[_digest(image)] = self.counts.get(_digest(image), 0) + 1
        return self._resize(image, ratio)


def _digest(image: np.ndarray) -> str:
    return hashlib.sha1(image.tobytes() + bytes(str(image.shape), "ascii")).hexdigest()


def key(crop: np.ndarray) -> str:
    """The key ``Seen`` counts a crop under: the crop as ``engine.recognise`` pads it."""
    pad = max(2, round(engine.PAD_PER_HEIGHT * crop.shape[0]))
    padded = engine._end_band(
        cv2.copyMakeBorder(crop, 0, 0, pad, pad, cv2.BORDER_CONSTANT, value=255)
    )
    return _digest(engine._rgb(padded))
