"""RapidOCR's PP-OCR detector and recogniser, loaded from the models inside its wheel.

The models are named by path, so RapidOCR never resolves (and never downloads) a model;
the direction classifier is not used (pages are deskewed; text is upright). One engine
per process and thread count, built on first use.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np

DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
PAD_PER_HEIGHT = 0.3
# The recogniser's cost grows with the width it reads (~8 ms per 100 px at its 48 px
# height, one core). RapidOCR pads each line to the widest of a batch of six (batches are
# of lines of like width: it sorts them) and to at least REC_MIN_WIDTH; its 320 px made a
# short cell's line cost as much as a line of ten characters. 96 px (two characters) took
# the recogniser's CPU 17% down on the TUNE scans with the same rows. Each line alone at
# its own width (REC_BATCH 1) saved less and read a line-final 、 worse; it shifted
# character positions 1–3 pt, which once split a header column of a table ruled
# horizontally only (fixed: `lines.without_runs_into_text`).
REC_BATCH = 6
REC_MIN_WIDTH = 96
# Lines are read first by an int8 copy of the recogniser (`extract/ocr/int8.py`: its
# convolutions a third faster); a line it reads with a character scored below this, or
# reads nothing in, is read again by the wheel's fp32 model and that reading kept. On the
# TUNE scans' 1,143 lines, 0.8 re-read 10% of lines and left only page-number dashes
# different from fp32 alone (a character int8 got wrong was scored low).
REREAD_BELOW = 0.8
# ... or in which the model, at some column, gave "no character" a probability between
# these: a character nearly read there (the int8 copy dropped a 、 it scored 1.0 around,
# where fp32 read it).
NEAR_MISS = (0.2, 0.8)
# Lines read first in bfloat16 (`extract/ocr/bf16.py`) are read again by fp32 where, at
# some column of the line, the most likely output scored below this: there the model is
# torn between two outputs (a character and "no character", or two characters), and
# bfloat16's rounding can tip it. Measured on the copier's five TUNE scans (200 dpi grey,
# 1,409 lines): the six lines bfloat16 read differently from fp32 (a half-width bracket
# for a full-width one, ⊥ for 工) each had a column scored 0.51–0.56, and 0.6 reads 3.1%
# of lines again. Above the 0.5 at which a character is reported unsure, so those reports
# are fp32's too.
BF16_SURE = 0.6
# A band of middle grey after a crop's white right margin, per crop height (see _end_band).
END_BAND_PER_HEIGHT = 0.0


@dataclass(frozen=True)
class Recognised:
    """One text line as the recogniser read it, in the pixels of the crop it was given."""

    text: str
    confidence: float  # mean of the characters' confidences
    # (char, confidence, centre x in crop pixels, a space read before it) for every
    # character of `text` but its spaces
    chars: tuple[tuple[str, float, float, bool], ...]


def model_dir() -> Path:
    import rapidocr

    return Path(rapidocr.__file__).resolve().parent / "models"


@cache
def _engine(threads: int) -> Any:
    from rapidocr import RapidOCR

    models = model_dir()
    for name in (DET_MODEL, REC_MODEL):
        if not (models / name).is_file():
            raise RuntimeError(f"the rapidocr wheel lacks its model {name} in {models}")
    engine = RapidOCR(
        params={
            "Global.use_cls": False,
            "Global.log_level": "error",
            "Det.model_path": str(models / DET_MODEL),
            "Rec.model_path": str(models / REC_MODEL),
            # Lower than RapidOCR's defaults (0.3, 0.5): on clean print a short line
            # (附件, a two-character cell) scores weakly and would be lost.
            "Det.thresh": 0.2,
            "Det.box_thresh": 0.3,
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            # onnxruntime's memory arena saves allocating every run's buffers (sys time
            # 0.3 → 0.1 CPU s/page on 200-dpi copier scans).
            "EngineConfig.onnxruntime.enable_cpu_mem_arena": True,
            "Rec.rec_batch_num": REC_BATCH,
            "Rec.rec_img_shape": [3, 48, REC_MIN_WIDTH],
        }
    )
    return engine


def check_models(threads: int = 1) -> None:
    """Load both models, make the recogniser's int8 copy where it is turned on and compile
    its bfloat16 session where the CPU has it (the image build runs this: OCR works
    offline in the image)."""
    from extract.ocr.settings import OcrSettings

    engine = _engine(threads)
    engine._load_det_model()
    engine._load_rec_model()
    settings = OcrSettings.from_env()
    if settings.int8:
        _int8_recogniser(threads)
    if settings.bf16:
        _bf16_recogniser(threads)
        _bf16_detector(threads)


def detect(
    image: np.ndarray, threads: int, scale: float = 1.0, bf16: bool = False
) -> list[np.ndarray]:
    """Quadrilaterals (4×2, pixels of ``image``) of the text lines of a greyscale page,
    found on a copy reduced by ``scale``: finding where lines are needs far fewer pixels
    than reading them (the detector's cost grows with the pixels, the recogniser's not).
    With ``bf16``, by the detector in bfloat16 where the CPU has it (``_bf16_detector``)."""
    det = (_bf16_detector(threads) if bf16 else None) or _engine(threads)._load_det_model()
    small = image
    if scale < 1.0:
        small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    result = det(_rgb(small))
    if result.boxes is None:
        return []
    return [np.asarray(box, dtype=np.float32) / min(scale, 1.0) for box in result.boxes]


def detect_exact(image: np.ndarray, threads: int, scale: float = 1.0) -> list[np.ndarray]:
    """Like ``detect``, on a small image (a second look at part of a page): resized by
    ``scale`` exactly and padded white to the detector's multiple of 32, where RapidOCR
    would stretch it (to a 736-pixel short side, then to multiples of 32)."""
    det = _engine(threads)._load_det_model()
    resized = image
    if scale != 1.0:
        interpolation = cv2.INTER_AREA if scale < 1.0 else cv2.INTER_CUBIC
        resized = cv2.resize(image, None, fx=scale, fy=scale, interpolation=interpolation)
    h, w = resized.shape[:2]
    canvas = np.full((-(-max(h, 32) // 32) * 32, -(-max(w, 32) // 32) * 32), 255, np.uint8)
    canvas[:h, :w] = resized
    tensor = (_rgb(canvas).astype(np.float32) / 255.0 - 0.5) / 0.5
    preds = det.session(tensor.transpose((2, 0, 1))[None])
    boxes, _scores = det.postprocess_op(preds, canvas.shape[:2])
    return [np.asarray(box, dtype=np.float32) / scale for box in boxes]


@cache
def _int8_recogniser(threads: int) -> Any:
    """RapidOCR's recogniser running the int8 copy of its model (its decoding and batching
    unchanged), or None where the copy cannot be made (said once in the log)."""
    import onnxruntime as ort

    from extract.ocr.int8 import Int8Unavailable, int8_model

    rec = _engine(threads)._load_rec_model()
    try:
        path = int8_model(model_dir() / REC_MODEL)
    except Exception as error:  # no onnx, an onnxruntime without the quantiser's API, ...
        reason = error if isinstance(error, Int8Unavailable) else repr(error)
        logging.getLogger(__name__).warning("reading with the fp32 recogniser only: %s", reason)
        return None
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.enable_cpu_mem_arena = True
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 4
    quick = copy.copy(rec)
    quick.session = copy.copy(rec.session)
    quick.session.session = ort.InferenceSession(
        str(path), options, providers=["CPUExecutionProvider"]
    )
    return quick


@cache
def _bf16_recogniser(threads: int) -> Any:
    """RapidOCR's recogniser running the wheel's model in bfloat16 through OpenVINO (its
    decoding and batching unchanged), or None where this machine cannot (said once)."""
    rec = _engine(threads)._load_rec_model()
    return _in_bf16(rec, REC_MODEL, threads, "reading with the fp32 recogniser only")


@cache
def _bf16_detector(threads: int) -> Any:
    """RapidOCR's detector running the wheel's model in bfloat16 through OpenVINO (its
    resizing and box-finding unchanged), or None where this machine cannot (said once).

    Its map's values move in their last bits, so a few pixels at a line's edge fall the
    other side of the threshold and a box's corner may move by a pixel or two; in 0.69 of
    the fp32 detector's CPU time on the bench's scan, with the same rows on the copier's
    TUNE scans and the second scanner's at 200 dpi (docs/ocr_accuracy.md, part w; on the
    held-out scans 6 rows more on one, 2 fewer on another: "ninth round merged"). Page detection
    only: a second look at a small image (``detect_exact``) stays fp32."""
    det = _engine(threads)._load_det_model()
    return _in_bf16(det, DET_MODEL, threads, "finding lines with the fp32 detector only")


def _in_bf16(model: Any, name: str, threads: int, otherwise: str) -> Any:
    """A copy of RapidOCR's ``model`` (detector or recogniser) whose session is the wheel's
    model file ``name`` compiled by OpenVINO in bfloat16, or None where this machine cannot
    (``otherwise`` and the reason said once in the log)."""
    from extract.ocr.bf16 import Bf16Unavailable, bf16_session

    try:
        session = bf16_session(model_dir() / name, threads)
    except Bf16Unavailable as error:
        logging.getLogger(__name__).info("%s: %s", otherwise, error)
        return None
    quick = copy.copy(model)
    quick.session = session
    return quick


def recognise(
    crops: list[np.ndarray], threads: int, int8: bool = False, bf16: bool = False
) -> list[Recognised]:
    """Text and per-character positions of greyscale line crops: each read once by the
    int8 recogniser (``int8``) or in bfloat16 (``bf16``), the lines it may have misread
    read again by the fp32 one."""
    if not crops:
        return []
    # A line box the page's edge cut to nothing (an image larger than its page) has no
    # pixels to read: OpenCV cannot pad it, and one such line must not lose the document.
    inked = [i for i, crop in enumerate(crops) if crop.size]
    if len(inked) < len(crops):
        out = [Recognised("", 0.0, ())] * len(crops)
        read = recognise([crops[i] for i in inked], threads, int8, bf16)
        for i, line in zip(inked, read, strict=True):
            out[i] = line
        return out
    # White margins: a mark at the very edge of a crop (a line's last 、) is otherwise
    # often not read at all.
    pads = [max(2, round(PAD_PER_HEIGHT * crop.shape[0])) for crop in crops]
    padded = [
        _end_band(cv2.copyMakeBorder(crop, 0, 0, pad, pad, cv2.BORDER_CONSTANT, value=255))
        for crop, pad in zip(crops, pads, strict=True)
    ]
    rec = _engine(threads)._load_rec_model()
    quick = _int8_recogniser(threads) if int8 else None
    sure = 0.0
    if quick is None and bf16:
        quick, sure = _bf16_recogniser(threads), BF16_SURE
    if quick is None:
        return [reading.line for reading in _read(rec, padded, pads)]
    first = _read(quick, padded, pads, sure=sure)
    out = [reading.line for reading in first]
    unsure = [
        i
        for i, reading in enumerate(first)
        if reading.doubt or (not sure and _unsure(reading.line))
    ]
    # Read again at the width of the batch it was read in: a line's reading depends on
    # the padding after it (a line-final 、 is kept or lost with it), so each line gets
    # exactly the reading the fp32 model alone gives it.
    by_width: dict[float, list[int]] = {}
    for i in unsure:
        by_width.setdefault(first[i].width, []).append(i)
    for width, lines in by_width.items():
        again = _read(rec, [padded[i] for i in lines], [pads[i] for i in lines], width)
        for i, reading in zip(lines, again, strict=True):
            out[i] = reading.line
    return out


def _unsure(line: Recognised) -> bool:
    return not line.chars or min(conf for _, conf, _, _ in line.chars) < REREAD_BELOW


@dataclass(frozen=True)
class _Reading:
    line: Recognised
    doubt: bool  # a near miss: a character may have been lost (see NEAR_MISS)
    width: float  # the width (per height) the line was padded to in its batch


def _read(
    rec: Any, padded: list[np.ndarray], pads: list[int], width: float = 0.0, sure: float = 0.0
) -> list[_Reading]:
    """One reading of the padded crops by ``rec`` (a RapidOCR recogniser).

    RapidOCR's own batching, written out to see the model's output: lines sorted by
    width, REC_BATCH a run, each padded to the run's widest (and to REC_MIN_WIDTH), or to
    ``width`` (per height) where given. A line is in doubt where some column of its own
    scored its top output below ``sure`` (where given), else at a near miss."""
    rgb = [_rgb(c) for c in padded]
    _channels, height, min_width = rec.rec_image_shape[:3]
    order = np.argsort(np.array([img.shape[1] / float(img.shape[0]) for img in rgb]))
    read: list[tuple[str, float, Any, bool, float]] = [("", 0.0, None, False, 0.0)] * len(rgb)
    for start in range(0, len(rgb), rec.rec_batch_num):
        batch = [int(i) for i in order[start : start + rec.rec_batch_num]]
        ratios = [rgb[i].shape[1] / rgb[i].shape[0] for i in batch]
        widest = width or max([min_width / height, *ratios])
        tensor = np.concatenate([rec.resize_norm_img(rgb[i], widest)[None] for i in batch])
        preds = rec.session(tensor.astype(np.float32))
        # RapidOCR's decoding (``postprocess_op``) with the top output found once: it
        # takes argmax and max of the 18,710 outputs at every column in two passes
        top = preds.argmax(axis=2)
        top_score = np.take_along_axis(preds, top[:, :, None], axis=2)[:, :, 0]
        lines, words = rec.postprocess_op.decode(top, top_score, True, ratios, widest, True)
        # a near miss in a line's own columns (the batch's padding after it reads nothing)
        blank = preds[:, :, 0]
        # ... or, with ``sure``, a column the model was torn on
        near: np.ndarray = (
            top_score < sure if sure else (blank > NEAR_MISS[0]) & (blank < NEAR_MISS[1])
        )
        own = np.ceil(blank.shape[1] * np.array(ratios) / widest).astype(int)
        near[np.arange(blank.shape[1])[None, :] >= own[:, None]] = False
        doubts = np.count_nonzero(near, axis=1) > 0
        for i, (text, score), info, doubt in zip(batch, lines, words, doubts, strict=True):
            read[i] = (text, score, info, bool(doubt), widest)
    out: list[_Reading] = []
    for crop, pad, (text, score, info, doubt, widest) in zip(padded, pads, read, strict=True):
        chars = _char_positions(text, info, crop.shape[1])
        chars = tuple((c, conf, x - pad, space) for c, conf, x, space in chars)
        out.append(_Reading(Recognised(text, float(score), chars), doubt, widest))
    return out


def _end_band(crop: np.ndarray) -> np.ndarray:
    """The crop with a band of middle grey after its right margin, as RapidOCR's batches
    pad every crop but the widest (a tensor's zero is grey): read at its own width
    without it, a line-final ，was read 。 or dropped more often."""
    band = round(END_BAND_PER_HEIGHT * crop.shape[0])
    if band <= 0:
        return crop
    return cv2.copyMakeBorder(crop, 0, 0, 0, band, cv2.BORDER_CONSTANT, value=128)


def _char_positions(text: str, info: Any, width: int) -> tuple[tuple[str, float, float, bool], ...]:
    """Each non-space character with its confidence, its CTC column turned into crop x,
    and whether the recogniser read a space before it.

    The recogniser resizes the crop to a fixed height; ``line_txt_len`` is the number of
    CTC columns the crop's own width takes, so column / line_txt_len is the position."""
    spaced: list[bool] = []
    previous_space = False
    for char in text:
        if char.isspace():
            previous_space = bool(spaced)
            continue
        spaced.append(previous_space)
        previous_space = False
    chars = [c for word in (info.words or []) for c in word]
    cols = [c for word in (info.word_cols or []) for c in word]
    confs = list(info.confs or [])
    # confs are per decoded character including spaces; keep the visible characters'
    visible_confs = [conf for ch, conf in zip(text, confs, strict=False) if not ch.isspace()]
    mean = float(np.mean(confs)) if confs else 0.0
    visible = [c for c in text if not c.isspace()]
    if len(visible_confs) != len(visible):
        visible_confs = [mean] * len(visible)
    if not chars or chars != visible or not info.line_txt_len:
        # No usable alignment: spread the characters evenly over the crop.
        step = width / max(len(visible), 1)
        return tuple(
            (c, visible_confs[i], (i + 0.5) * step, spaced[i]) for i, c in enumerate(visible)
        )
    scale = width / info.line_txt_len
    return tuple(
        (ch, float(conf), (col + 0.5) * scale, space)
        for ch, conf, col, space in zip(chars, visible_confs, cols, spaced, strict=True)
    )


def _rgb(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return np.ascontiguousarray(np.repeat(image[:, :, None], 3, axis=2))
    return image
