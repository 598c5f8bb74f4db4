"""A stretch to read again that runs past the page's edge is cropped with white where the
page ends. The stretch is widened over the characters read beside it, whose positions the
recogniser may place past the image's last column (a line boxed at the right edge of a
rotated page); before, the crop's slice of the image came out narrower than the crop and
NumPy raised, so the whole scanned document was a ``parser_error`` (found on a held-out
Augraphy scan, `bench/augraphy_scans.py`)."""

from __future__ import annotations

import numpy as np
import pytest

from extract.ocr.lines import Box, TextLine
from extract.ocr.unread_ink import _crop

pytestmark = pytest.mark.ocr


def _page() -> np.ndarray:
    page = np.full((100, 200), 255, dtype=np.uint8)
    page[20:40, 150:200] = 0  # ink up to the page's last column
    page[20:40, 0:30] = 0  # and from its first
    return page


@pytest.mark.parametrize(("a", "b"), [(180, 212), (-9, 20), (-5, 205)])
def test_a_stretch_past_the_page_edge_is_cropped_white_beyond_it(a: int, b: int) -> None:
    page = _page()
    line = TextLine(Box(0.0, 20.0, 200.0, 40.0), 20.0, 40.0)
    crop = _crop(page, line, a, b, 0.5)
    margin = round(0.5 * line.ink_height)
    assert crop.shape[1] == (b - a) + 2 * margin
    inside = crop[:, margin : margin + (b - a)]
    columns = np.arange(a, b)
    on_page = (columns >= 0) & (columns < page.shape[1])
    rows = slice(5, 25)  # the line's ink rows in the crop (its top is pad = 5 rows down)
    assert (inside[rows][:, on_page] == page[20:40, columns[on_page]]).all()
    assert (inside[:, ~on_page] == 255).all()
