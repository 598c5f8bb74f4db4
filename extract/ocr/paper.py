"""The paper of a scanned page made white where the light fell unevenly on it.

A copier's lamp or a phone's light leaves the paper grey on one side and near white on
the other (measured on Augraphy's `LightingGradient`: paper 160–175 across a page whose
ink is 30–60). Every later stage measures ink against the paper: Otsu's threshold of
`deskew.ink_mask`, the text detector (trained on white pages), the recogniser's crops, and
`_erase`, which turns a rule's pixels white and leaves white bars on a grey page. So the
page is divided by its paper level measured locally: a closing (the lightest grey, then
the darkest of those) over a window wider than any character (RULE_FREE_PT) on the page
reduced; ink keeps its contrast to the paper beside it and the paper becomes white.

A page whose paper is white everywhere (every window's level within EVEN_SHARE of white)
is returned as it is, so evenly lit scans read exactly as before.
"""

from __future__ import annotations

import cv2
import numpy as np

# The paper level is the closing of the page over this many points: wider than a character
# (10.5–22 pt) and a shaded cell's height, so that a window always holds paper.
RULE_FREE_PT = 48.0
# The level is measured on the page reduced to this many pixels a point (the light varies
# over inches; reducing also averages the paper's grain and the sensor's noise away).
LEVEL_PX_PER_PT = 0.25
# Paper this close to white (a share of white) everywhere is even: left as it is.
EVEN_SHARE = 0.9


def paper_level(gray: np.ndarray, px_per_pt: float) -> np.ndarray:
    """The paper's grey at every pixel, measured locally (float32, the page's shape)."""
    scale = min(1.0, LEVEL_PX_PER_PT / px_per_pt)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    window = max(3, round(RULE_FREE_PT * px_per_pt * scale)) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (window, window))
    # a closing, not the lightest grey alone: where the paper meets something lighter (a
    # white margin the scanner's lid left beside a grey page) the level steps with it,
    # where a window's maximum would spread the white over the grey paper beside it
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    level = cv2.resize(closed, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    return np.maximum(level.astype(np.float32), 1.0)


def even_paper(image: np.ndarray, px_per_pt: float) -> np.ndarray:
    """``image`` (grey, or RGB: each channel alike, so a seal keeps its colour) divided by
    its local paper level: white paper, ink as dark against it as it stood against the
    paper beside it; the image itself where its paper is white."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image[:, :, :3], cv2.COLOR_RGB2GRAY)
    level = paper_level(gray, px_per_pt)
    if float(level.min()) >= EVEN_SHARE * 255:
        return image
    gain = 255.0 / level
    out = image.astype(np.float32) * (gain if image.ndim == 2 else gain[:, :, None])
    return np.clip(out, 0, 255).astype(np.uint8)
