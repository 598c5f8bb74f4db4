"""A colour scan turned grey with its seals (公章) taken out.

A seal is printed in red over the signature block or the last rows of a table; read as
it is, its ring of characters becomes text (an issuer, units, a row). On a colour scan
its ink is told apart by its colour: red where the printed text is black. Only round red
marks of a seal's size are taken out (the red head 某某人民政府办公室文件 and the red
rule under it are text and lines of the notice): inside such a disc the page is seen
through its red channel, in which red ink is as light as the paper and black text stays
black. A greyscale or bitonal scan has no colour left to tell a seal by; its seal is
left to the recogniser, which reads the curved characters of the ring poorly and reports
them as low confidence.
"""

from __future__ import annotations

import cv2
import numpy as np

# A government seal is 38–45 mm across (GB/T 9704 pictures 42 mm); smaller or larger red
# marks are something else.
MIN_SEAL_MM = 25.0
MAX_SEAL_MM = 60.0
# Red ink: its red channel this much above both others.
MIN_REDNESS = 50


def grey_without_seals(image: np.ndarray, px_per_mm: float) -> np.ndarray:
    """The greyscale page of an RGB (or already grey) scan, seals removed."""
    if image.ndim == 2:
        return image
    rgb = image[:, :, :3].astype(np.int16)
    grey = cv2.cvtColor(image[:, :, :3], cv2.COLOR_RGB2GRAY)
    for x0, y0, x1, y1 in seal_boxes(rgb, px_per_mm):
        disc = np.zeros(grey.shape, dtype=bool)
        cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
        radius = max(x1 - x0, y1 - y0) // 2 + 2
        yy, xx = np.ogrid[: grey.shape[0], : grey.shape[1]]
        disc = (xx - cx) ** 2 + (yy - cy) ** 2 <= radius**2
        grey[disc] = rgb[:, :, 0][disc].clip(0, 255).astype(np.uint8)
    return grey


def seal_boxes(rgb: np.ndarray, px_per_mm: float) -> list[tuple[int, int, int, int]]:
    """(x0, y0, x1, y1) of each round red mark of a seal's size."""
    r, g, b = rgb[:, :, 0], rgb[:, :, 1], rgb[:, :, 2]
    red = ((r - np.maximum(g, b)) > MIN_REDNESS).astype(np.uint8) * 255
    if not red.any():
        return []
    # the ring, the star and the characters of one seal join into one mark
    close = max(3, round(3 * px_per_mm))
    joined = cv2.morphologyEx(red, cv2.MORPH_CLOSE, np.ones((close, close), np.uint8))
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out = []
    for label in range(1, count):
        x, y, w, h, _area = stats[label]
        if not MIN_SEAL_MM * px_per_mm <= max(w, h) <= MAX_SEAL_MM * px_per_mm:
            continue
        if not 0.75 <= w / h <= 1.33:
            continue  # a red head line or a red rule is long and flat
        out.append((int(x), int(y), int(x + w), int(y + h)))
    return out
