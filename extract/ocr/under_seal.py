"""Lines under a grey seal, read a second time with the text's thin strokes kept.

On a greyscale scan the seal's red has become a middle grey, and inside its ring what is
lighter than a cut between the text's grey and the seal's is taken out (`seal.py`). On a
blurred, brightened scan the text's thin strokes are as light as the seal's ink and go
with it: 2021年5月13日 read 2021年5月1313, 二〇一七 read 二（一七, and the notice had no
signing date. Keeping every thin stroke near the text instead (`grey_seals_thin_strokes_kept`)
reads those dates, but leaves bits of the ring beside other lines (六月三十日 read 六月十日
where the ring crosses 三). Neither page reads every line right, so each line the seal
touched is read on both and the reading the recogniser is surer of is kept.
"""

from __future__ import annotations

import numpy as np

from extract.ocr.engine import Recognised, recognise
from extract.ocr.lines import TextLine, line_crop


def surer_under_seals(
    cleaned: np.ndarray,
    thin_kept: np.ndarray,
    lines: list[TextLine],
    read_lines: list[Recognised],
    threads: int,
    int8: bool,
) -> list[Recognised]:
    """``read_lines`` with each line whose crop differs on ``thin_kept`` (the page with the
    seals' thin text strokes kept, erased of rules as ``cleaned`` is) read there too, and
    that reading kept where its mean confidence is higher."""
    crops = [(line_crop(cleaned, line), line_crop(thin_kept, line)) for line in lines]
    touched = [i for i, (a, b) in enumerate(crops) if a.shape != b.shape or np.any(a != b)]
    if not touched:
        return read_lines
    again = recognise([crops[i][1] for i in touched], threads, int8)
    out = list(read_lines)
    for i, reading in zip(touched, again, strict=True):
        if reading.chars and reading.confidence > out[i].confidence:
            out[i] = reading
    return out
