"""An int8 copy of the wheel's recogniser, made on this machine from the wheel's own model.

Three quarters of the recogniser's time is its convolutions; with 8-bit weights and
activations (per-channel weights, QDQ format) onnxruntime runs them about a third faster
on one core. The copy is made from the wheel's fp32 model and the activation ranges in
``rec_int8_ranges.json`` (measured by ``python -m bench.int8_calibration`` on the copier's
TUNE scans, never on the scans reported): nothing is downloaded. It is made once, on first
use or by the image build (``engine.check_models``), and kept in the model cache
(``NOTICES_OCR_MODEL_CACHE``, default ``~/.cache/notices-ocr``) under a name that changes
with the wheel's model, the ranges and the onnx/onnxruntime versions.

Off by default (``NOTICES_OCR_INT8=1`` turns it on): with fp32 re-reading the lines it is
unsure of, it still lost 2 of 465 exact rows on the held-out scans (docs/ocr_accuracy.md).

Only the convolutions are quantised: the attention's matrix products and the final
classifier stay fp32 (quantised, they changed characters for little time).
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

RANGES = Path(__file__).with_name("rec_int8_ranges.json")
# The quantiser writes per-channel DequantizeLinear (an ``axis``), which needs opset 13;
# the wheel's model is opset 11.
OPSET = 17


class Int8Unavailable(RuntimeError):
    """The int8 copy cannot be made here (no ``onnx`` package, or its build failed)."""


def cache_dir() -> Path:
    configured = os.environ.get("NOTICES_OCR_MODEL_CACHE")
    if configured:
        return Path(configured)
    return Path.home() / ".cache" / "notices-ocr"


def int8_model(source: Path) -> Path:
    """The path of the int8 copy of ``source`` (made now if not yet cached)."""
    try:
        import onnx
        import onnxruntime
    except ImportError as error:  # pragma: no cover - onnx is a locked dependency
        raise Int8Unavailable(f"the onnx package is missing: {error}") from error
    key = hashlib.sha256()
    key.update(source.read_bytes())
    key.update(RANGES.read_bytes())
    key.update(f"{onnx.__version__}|{onnxruntime.__version__}|{OPSET}".encode())
    target = cache_dir() / f"{source.stem}.int8.{key.hexdigest()[:16]}.onnx"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".int8-") as work:
        prepared = prepare(source, Path(work))
        made = Path(work) / target.name
        quantise(prepared, made, RANGES)
        # Workers of one machine may make it at once: each writes its own and renames.
        os.replace(made, target)
    return target


def prepare(source: Path, work: Path) -> Path:
    """The model as the quantiser wants it: shapes inferred, constant-folded and fused by
    onnxruntime's basic optimiser (the tensor names the ranges are keyed by), opset 17."""
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization.shape_inference import quant_pre_process

    pre = work / "pre.onnx"
    quant_pre_process(str(source), str(pre), skip_symbolic_shape=True)
    upgraded = version_converter.convert_version(onnx.load(str(pre)), OPSET)
    out = work / "prepared.onnx"
    onnx.save(upgraded, str(out))
    return out


def quantise(prepared: Path, target: Path, ranges: Path, reader: Any = None) -> None:
    """QDQ int8 of ``prepared``'s convolutions with the activation ranges in ``ranges``
    (measured from ``reader``'s inputs first when ``ranges`` does not exist)."""
    from onnxruntime.quantization import (
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )

    # The quantiser warns (root logger) that the model was not pre-processed by its own
    # call: ``prepare`` did that.
    quiet = _Quiet()
    logging.getLogger().addFilter(quiet)
    try:
        quantize_static(
            str(prepared),
            str(target),
            reader,
            quant_format=QuantFormat.QDQ,
            op_types_to_quantize=["Conv"],
            per_channel=True,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            calibrate_method=CalibrationMethod.MinMax,
            extra_options={"CalibMovingAverage": True},
            calibration_cache_path=str(ranges),
        )
    finally:
        logging.getLogger().removeFilter(quiet)


class _Quiet(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "pre-process" not in record.getMessage()
