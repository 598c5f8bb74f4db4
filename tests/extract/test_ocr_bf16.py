"""Lines read first in bfloat16 (OpenVINO, on a CPU that has it): each line once, the
lines the model was torn on (some column's top output below ``engine.BF16_SURE``) once
more by the fp32 model, and given exactly the reading the fp32 model alone gives them;
a line the model was sure of all along is not read again.

Lines of a real page: the one-page task table of ``tests/fixtures/scans/office_cells.py``
(python-docx, exported by LibreOffice), scanned by the copier at 200 dpi grey.
"""

from __future__ import annotations

from typing import Any

import cv2
import pytest

from extract.ocr import engine
from extract.ocr.settings import OcrSettings
from tests.extract.ocr_line_reads import Seen, key, line_crops

pytestmark = pytest.mark.ocr


def _bf16() -> Any:
    quick = engine._bf16_recogniser(1)
    if quick is None:
        pytest.skip("no bfloat16 here (OpenVINO missing, or a CPU without it)")
    return quick


def test_a_torn_line_is_read_again_as_fp32_reads_it_and_a_sure_one_is_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    crops = list(line_crops())
    alone = engine.recognise(crops, 1)
    fp32 = engine._engine(1)._load_rec_model()
    quick = _bf16()
    seen_bf16, seen_fp32 = Seen(quick), Seen(fp32)
    monkeypatch.setattr(quick, "resize_norm_img", seen_bf16)
    monkeypatch.setattr(fp32, "resize_norm_img", seen_fp32)
    # This clean table page leaves the model sure of nearly every column: a stricter bar
    # makes some lines torn, to see what becomes of them.
    monkeypatch.setattr(engine, "BF16_SURE", 0.999)

    read = engine.recognise(crops, 1, bf16=True)

    # every line once in bf16, some (not all) once more by fp32, none twice by either
    assert sum(seen_bf16.counts.values()) == len(crops)
    assert set(seen_bf16.counts.values()) == {1}
    assert set(seen_fp32.counts.values()) == {1}
    again = {i for i, crop in enumerate(crops) if key(crop) in seen_fp32.counts}
    assert 0 < len(again) < len(crops)
    assert len(again) == len(seen_fp32.counts)
    # exactly the torn lines: those with a column whose top output scored below the bar
    pads = [max(2, round(engine.PAD_PER_HEIGHT * c.shape[0])) for c in crops]
    padded = [
        engine._end_band(cv2.copyMakeBorder(c, 0, 0, p, p, cv2.BORDER_CONSTANT, value=255))
        for c, p in zip(crops, pads, strict=True)
    ]
    first = engine._read(engine._bf16_recogniser(1), padded, pads, sure=0.999)
    assert again == {i for i, reading in enumerate(first) if reading.doubt}
    # a line read again has exactly the reading the fp32 model alone gives it
    assert [read[i] for i in sorted(again)] == [alone[i] for i in sorted(again)]


def test_the_page_reads_the_same_text_in_bf16_as_fp32_alone() -> None:
    crops = list(line_crops())
    _bf16()
    assert [r.text for r in engine.recognise(crops, 1, bf16=True)] == [
        r.text for r in engine.recognise(crops, 1)
    ]


def test_fp32_alone_when_bf16_is_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTICES_OCR_BF16", "0")
    assert OcrSettings.from_env().bf16 is False
    monkeypatch.delenv("NOTICES_OCR_BF16")
    assert OcrSettings.from_env().bf16 is True

    def never(*_: object) -> Any:
        raise AssertionError("the bf16 recogniser was used")

    # the crops first: made cold (this test alone), they are read as the default reads
    crops = list(line_crops())[:3]
    quick = _bf16()
    monkeypatch.setattr(quick, "resize_norm_img", never)
    engine.recognise(crops, 1, bf16=False)
