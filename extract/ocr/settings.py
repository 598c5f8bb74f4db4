"""Settings of the scanned-page path, from the environment like `extract.limits`."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_DPI = 200
DEFAULT_THREADS = 1
DEFAULT_MAX_PAGES = 60
# Below this recogniser confidence a character is reported, not trusted silently. The
# PP-OCR recogniser scores clean print above 0.9; 0.5 flags the guesses.
DEFAULT_MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class OcrSettings:
    dpi: int = DEFAULT_DPI  # scanned pages are rendered (images resampled) to this
    threads: int = DEFAULT_THREADS  # onnxruntime threads of one process
    max_pages: int = DEFAULT_MAX_PAGES  # more scanned pages than this: too_large
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    # lines read first by the recogniser's int8 copy (extract/ocr/int8.py). Off: on the
    # held-out scans it lost 2 of 465 exact rows (docs/ocr_accuracy.md), so the fp32
    # recogniser alone reads, as before, unless NOTICES_OCR_INT8=1.
    int8: bool = False
    # lines read first in bfloat16 where the CPU has it (extract/ocr/bf16.py), those the
    # model was torn on read again by fp32: fp32's characters (a position may move by a
    # CTC column) and the same rows on every scan measured, in 0.84 of a page's CPU time.
    # The page detector runs in bfloat16 too (engine._bf16_detector). NOTICES_OCR_BF16=0
    # reads and detects with fp32 alone.
    bf16: bool = True

    @classmethod
    def from_env(cls) -> OcrSettings:
        return cls(
            dpi=int(os.environ.get("NOTICES_OCR_DPI", DEFAULT_DPI)),
            threads=int(os.environ.get("NOTICES_OCR_THREADS", DEFAULT_THREADS)),
            max_pages=int(os.environ.get("NOTICES_OCR_MAX_PAGES", DEFAULT_MAX_PAGES)),
            min_confidence=float(
                os.environ.get("NOTICES_OCR_MIN_CONFIDENCE", DEFAULT_MIN_CONFIDENCE)
            ),
            int8=os.environ.get("NOTICES_OCR_INT8", "0") == "1",
            bf16=os.environ.get("NOTICES_OCR_BF16", "1") == "1",
        )
