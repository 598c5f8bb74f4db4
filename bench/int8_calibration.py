"""Measure the activation ranges of the recogniser's int8 copy (extract/ocr/int8.py).

    python -m bench.int8_calibration

Scans the two layout PDFs among the copier's TUNE files (200 dpi grey, tuning seeds: the
reported scans are never looked at), takes every third line crop the page reader gives
the recogniser, and runs the wheel's fp32 model on them to record each convolution
input's range (MinMax, moving average), written to extract/ocr/rec_int8_ranges.json.
Rewrites nothing else; the int8 model is remade from the new ranges on next use.
"""

from __future__ import annotations

import contextlib
import math
import tempfile
from pathlib import Path

import cv2
import numpy as np

from bench.copier_scans import LAYOUTS, TUNE, TUNE_SEED, cases
from tests.fixtures.scans.copier import scan_pdf

EVERY = 3


def tune_crops(work: Path) -> list[np.ndarray]:
    """The padded line crops (as the recogniser gets them) of the TUNE layout scans."""
    from extract.api import extract_bytes
    from extract.errors import ExtractionError
    from extract.ocr import engine, page

    crops: list[np.ndarray] = []
    read = engine.recognise

    def keep(lines: list[np.ndarray], threads: int, int8: bool = True) -> list[engine.Recognised]:
        crops.extend(lines)
        return read(lines, threads, int8=False)

    vars(page)["recognise"] = keep  # the page reader's own name for it
    try:
        files = tuple(f for f in TUNE if f[0] == LAYOUTS)
        for case in cases(files, (200,), ("grey",), TUNE_SEED, work):
            scan = scan_pdf(case.source.read_bytes(), case.degradation, case.seed)
            # its lines are read all the same where it has no table (wp-shaded)
            with contextlib.suppress(ExtractionError):
                extract_bytes(scan, name=f"{case.name}.pdf")
    finally:
        vars(page)["recognise"] = read
    return crops[::EVERY]


def recogniser_input(crop: np.ndarray) -> np.ndarray:
    """One crop as RapidOCR feeds it to the model: white margins, 48 px high, scaled to
    [-1, 1], padded (zero) to the minimum width."""
    from extract.ocr.engine import PAD_PER_HEIGHT, REC_MIN_WIDTH

    pad = max(2, round(PAD_PER_HEIGHT * crop.shape[0]))
    crop = cv2.copyMakeBorder(crop, 0, 0, pad, pad, cv2.BORDER_CONSTANT, value=255)
    width = max(math.ceil(48 * crop.shape[1] / crop.shape[0]), 1)
    rgb = np.repeat(cv2.resize(crop, (width, 48))[:, :, None], 3, axis=2)
    scaled = (rgb.astype(np.float32).transpose(2, 0, 1) / 255 - 0.5) / 0.5
    out = np.zeros((3, 48, max(width, REC_MIN_WIDTH)), np.float32)
    out[:, :, :width] = scaled
    return out[None]


class _Crops:
    """onnxruntime's CalibrationDataReader over the crops."""

    def __init__(self, name: str, crops: list[np.ndarray]) -> None:
        self._inputs = iter([{name: recogniser_input(c)} for c in crops])

    def get_next(self) -> dict[str, np.ndarray] | None:
        return next(self._inputs, None)


def main() -> int:
    import onnxruntime as ort

    from extract.ocr.engine import REC_MODEL, model_dir
    from extract.ocr.int8 import RANGES, prepare, quantise

    source = model_dir() / REC_MODEL
    with tempfile.TemporaryDirectory(prefix="int8-calibration-") as tmp:
        work = Path(tmp)
        crops = tune_crops(work)
        prepared = prepare(source, work)
        name = ort.InferenceSession(str(prepared)).get_inputs()[0].name
        RANGES.unlink(missing_ok=True)
        quantise(prepared, work / "int8.onnx", RANGES, _Crops(name, crops))
    print(f"{len(crops)} crops of the TUNE layout scans; ranges written to {RANGES}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
