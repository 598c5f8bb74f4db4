"""The skew of a scanned page and the page turned straight.

The angle is the one at which the page's ink, projected onto the vertical axis, is most
peaked: text lines and table rules both line up with the rows of pixels when straight.
That works for a page of prose as well as for a table, and needs no lines to be found.
"""

from __future__ import annotations

import cv2
import numpy as np

MAX_ANGLE = 3.0  # degrees; scanners skew by a degree or so, more is a photo
COARSE_STEP = 0.25
FINE_STEP = 0.025
_SAMPLE_WIDTH = 1000  # pixels; the angle is found on a reduced copy
_MAX_POINTS = 150_000


def ink_mask(gray: np.ndarray, level: float | None = None) -> np.ndarray:
    """Dark pixels (ink) as 255 on 0, by Otsu's threshold after a light blur, or at
    ``level`` (`ink_level` of the page before something white was painted into it)."""
    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    at = _otsu(blurred) if level is None else level
    _, mask = cv2.threshold(blurred, at, 255, cv2.THRESH_BINARY_INV)
    return mask


def ink_level(gray: np.ndarray) -> float:
    """The grey level `ink_mask` parts ink from paper at: Otsu's, after the light blur."""
    return _otsu(cv2.GaussianBlur(gray, (3, 3), 0))


def _otsu(blurred: np.ndarray) -> float:
    level, _ = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return float(level)


def skew_angle(gray: np.ndarray) -> float:
    """Degrees to turn the page counter-clockwise (as cv2 counts) to make it straight."""
    scale = min(1.0, _SAMPLE_WIDTH / gray.shape[1])
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ys, xs = np.nonzero(ink_mask(small))
    if len(xs) < 50:
        return 0.0
    if len(xs) > _MAX_POINTS:
        pick = np.random.default_rng(0).choice(len(xs), _MAX_POINTS, replace=False)
        xs, ys = xs[pick], ys[pick]
    xs = xs.astype(np.float64) - small.shape[1] / 2
    ys = ys.astype(np.float64)
    height = small.shape[0]

    def sharpness(angle: float) -> float:
        theta = np.deg2rad(angle)
        projected = ys * np.cos(theta) - xs * np.sin(theta)
        counts = np.bincount(np.clip(projected, 0, height - 1).astype(np.int64), minlength=height)
        return float(np.sum(counts.astype(np.float64) ** 2))

    coarse = np.arange(-MAX_ANGLE, MAX_ANGLE + 1e-9, COARSE_STEP)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - COARSE_STEP, best + COARSE_STEP + 1e-9, FINE_STEP)
    return float(max(fine, key=sharpness))


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """The page turned by ``angle`` degrees about its centre, white where nothing was."""
    if abs(angle) < FINE_STEP / 2:
        return gray
    height, width = gray.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    angle = skew_angle(gray)
    return rotate(gray, angle), angle
