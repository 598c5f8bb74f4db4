"""The wheel's fp32 recogniser run by OpenVINO in bfloat16 on a CPU that has it.

The recogniser's convolutions are three quarters of a scanned page's CPU time. On a CPU
with bfloat16 arithmetic (AVX-512 BF16, AMX) OpenVINO runs the same model, unchanged, at
bfloat16 precision in about 0.7 of onnxruntime's fp32 time (one thread, measured on the
bench's scan). Its readings are fp32's but where the model is torn between two outputs at
some column; those lines are read again by fp32 (`engine.recognise`). A sure character's
position may still move by a column of the model's output (about a sixth of an em). Nothing is
converted or stored: OpenVINO reads the ONNX file and picks the precision when it
compiles it. The page detector is run the same way (`engine._bf16_detector`).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import numpy as np


class Bf16Unavailable(RuntimeError):
    """OpenVINO is not installed, or this CPU has no bfloat16 arithmetic (OpenVINO
    would then run the model in fp32, slower than onnxruntime)."""


class Bf16Session:
    """A callable like RapidOCR's session: a batch of normalised line images in, the
    recogniser's per-column character probabilities out."""

    def __init__(self, compiled: Any) -> None:
        self._compiled = compiled
        self._local = threading.local()  # an infer request per thread: one is not shared

    def __call__(self, batch: np.ndarray) -> np.ndarray:
        request = getattr(self._local, "request", None)
        if request is None:
            request = self._local.request = self._compiled.create_infer_request()
        request.infer({0: batch})
        # the request's own buffer, not copied: read before this thread's next call
        # (engine._read does)
        return np.asarray(request.get_output_tensor(0).data)


def bf16_session(model: Path, threads: int) -> Bf16Session:
    """``model`` compiled by OpenVINO for this CPU at bfloat16 precision, ``threads``
    threads, no pinning (other processes share the cores). Raises Bf16Unavailable."""
    try:
        import openvino as ov
    except ImportError as error:
        raise Bf16Unavailable("OpenVINO is not installed") from error
    core = ov.Core()
    if "BF16" not in core.get_property("CPU", "OPTIMIZATION_CAPABILITIES"):
        raise Bf16Unavailable("this CPU has no bfloat16 arithmetic")
    compiled = core.compile_model(
        str(model),
        "CPU",
        {
            "INFERENCE_PRECISION_HINT": "bf16",
            "INFERENCE_NUM_THREADS": threads,
            "NUM_STREAMS": 1,
            "PERFORMANCE_HINT": "LATENCY",
            "ENABLE_CPU_PINNING": False,
        },
    )
    logging.getLogger(__name__).debug("recogniser compiled by OpenVINO in bf16: %s", model)
    return Bf16Session(compiled)
