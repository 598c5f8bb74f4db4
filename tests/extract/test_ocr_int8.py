"""The recogniser's int8 copy: made on this machine from the wheel's model, each line read
by it once, the lines it is unsure of read once more by the fp32 model, and given exactly
the reading the fp32 model alone gives them.

Lines of a real page: the one-page task table of ``tests/fixtures/scans/office_cells.py``
(python-docx, exported by LibreOffice), scanned by the copier at 200 dpi grey.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.ocr import engine, int8
from tests.extract.ocr_line_reads import Seen, key, line_crops

pytestmark = pytest.mark.ocr


def test_each_line_is_read_once_and_an_unsure_line_once_more_as_fp32_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTICES_OCR_MODEL_CACHE", str(tmp_path))  # not the user's cache
    crops = list(line_crops())
    alone = engine.recognise(crops, 1, False)
    fp32 = engine._engine(1)._load_rec_model()
    quick = engine._int8_recogniser(1)
    assert quick is not None, "the int8 copy could not be made"
    seen_int8, seen_fp32 = Seen(quick), Seen(fp32)
    monkeypatch.setattr(quick, "resize_norm_img", seen_int8)
    monkeypatch.setattr(fp32, "resize_norm_img", seen_fp32)
    # This clean table page leaves int8 sure of every line: a stricter bar makes some
    # lines unsure, to see what becomes of them.
    monkeypatch.setattr(engine, "REREAD_BELOW", 0.999)

    read = engine.recognise(crops, 1, True)

    # every line once by int8, some (not all) once more by fp32, none twice by either
    assert sum(seen_int8.counts.values()) == len(crops)
    assert set(seen_int8.counts.values()) == {1}
    assert set(seen_fp32.counts.values()) <= {1}
    assert 0 < len(seen_fp32.counts) < len(crops)
    # a line read again has exactly the reading the fp32 model alone gives it
    again = [i for i, line in enumerate(crops) if key(line) in seen_fp32.counts]
    assert len(again) == len(seen_fp32.counts)
    assert [read[i] for i in again] == [alone[i] for i in again]


def test_our_batches_read_as_rapidocrs_own_do() -> None:
    """The recogniser's batching is written out in `engine._read` (to see the model's
    output); it must give what RapidOCR's own call gives."""
    from rapidocr.ch_ppocr_rec.typings import TextRecInput

    crops = list(line_crops())[:20]
    fp32 = engine._engine(1)._load_rec_model()
    padded = [engine._rgb(c) for c in crops]
    ours = engine._read(fp32, padded, [0] * len(padded))
    theirs = fp32(TextRecInput(img=padded, return_word_box=True))
    assert [r.line.text for r in ours] == list(theirs.txts)
    assert [r.line.confidence for r in ours] == pytest.approx([float(s) for s in theirs.scores])


def test_the_int8_copy_is_made_from_the_wheels_model_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTICES_OCR_MODEL_CACHE", str(tmp_path))
    source = engine.model_dir() / engine.REC_MODEL
    made = int8.int8_model(source)
    assert made.parent == tmp_path and made.is_file()
    assert made.stat().st_size < source.stat().st_size  # int8 weights

    def again(*_: object) -> Path:
        raise AssertionError("the cached copy was made again")

    monkeypatch.setattr(int8, "prepare", again)
    assert int8.int8_model(source) == made
    assert [p.name for p in tmp_path.iterdir()] == [made.name]  # no work files left
