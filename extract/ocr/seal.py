"""A colour scan turned grey with its seals (公章) taken out.

A seal is printed in red over the signature block or the last rows of a table; read as
it is, its ring of characters becomes text (an issuer, units, a row). On a colour scan
its ink is told apart by its colour: red where the printed text is black. Only round red
marks of a seal's size are taken out (the red head 某某人民政府办公室文件 and the red
rule under it are text and lines of the notice): inside such a disc the page is seen
through its red channel, in which red ink is as light as the paper and black text stays
black. On a greyscale scan the red has become a middle grey: a seal is found by its ring
(a circle of that grey, unbroken round most of its length) and, inside it, what is
lighter than the printed text is taken for the seal's ink. A bitonal scan keeps no grey
to tell the two apart; its seal is left to the recogniser (which reads a ring's curved
characters poorly and reports them as low confidence).
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
    grey = _grey_page(image)
    if grey is not None:
        return _without_grey_seals(grey, px_per_mm)
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


def _grey_page(image: np.ndarray) -> np.ndarray | None:
    """The scan's one grey channel where it is greyscale (2-D, or RGB with its channels
    equal); None where it has colour (its seals are taken out by colour instead)."""
    if image.ndim == 2:
        return image
    return np.ascontiguousarray(image[:, :, 0]) if _is_grey(image) else None


def _is_grey(image: np.ndarray) -> bool:
    """An RGB rendering of a greyscale scan (every pixel's channels equal, near enough)."""
    sample = image[::7, ::7, :3].astype(np.int16)
    return bool(np.abs(sample[:, :, 0] - sample[:, :, 2]).max(initial=0) <= 12)


# Ring sampling: angles round the circle, and how much of them a seal's ring covers.
_ANGLES = 180
MIN_RING_COVER = 0.75
# A circle this far outside the ring (mm) is inked over at most this share of its length
# round a seal (the lines of a signature block cross it); round a circle that the Hough
# transform finds in a table's dense text, nearly all of it is.
OUTSIDE_MM = 3.0
MAX_OUTSIDE_COVER = 0.5
# Inside a ring, what is lighter than this point between the text's grey (0) and the
# seal's (1) is taken for the seal's ink.
SEAL_CUT = 0.6
# Other cuts a signing date under a seal is read at (`under_seal.py`): (cut, thin strokes
# kept). A darker cut takes more of the seal and of the text's light strokes.
OTHER_CUTS = ((0.45, False), (0.75, True), (0.9, True))
# The seal's strokes are at least this wide (mm) where they are lighter than the cut: its
# ring (~2 mm) and star, its characters' strokes (~0.5 mm); a blurred thin text stroke
# that light is narrower.
STROKE_MM = 0.5
# Lighter than the paper by less than this, a pixel is paper.
PAPER_LEVELS = 30
# How far (mm) past the circle found the ring is taken out where thin strokes are kept.
RING_MM = 1.5
# A thin text stroke stands this close (mm) to the text's dark strokes: half a character of
# a 16-pt line (Song's horizontals between the verticals).
TEXT_REACH_MM = 2.0


def _without_grey_seals(grey: np.ndarray, px_per_mm: float) -> np.ndarray:
    """A greyscale page with the ink of its seals (rings of middle grey) made paper."""
    return _grey_seals_taken_out(grey, px_per_mm, keep_thin=False)


def grey_seals_thin_strokes_kept(image: np.ndarray, px_per_mm: float) -> np.ndarray | None:
    """The greyscale page with its grey seals taken out but the text's thin strokes kept
    (`_thin_text_strokes`), for the lines under a seal to be read again; None where the
    scan has colour or no grey seal was taken out."""
    grey = _grey_page(image)
    if grey is None:
        return None
    out = _grey_seals_taken_out(grey, px_per_mm, keep_thin=True)
    return None if out is grey else out


def grey_seals_at_other_cuts(image: np.ndarray, px_per_mm: float) -> list[np.ndarray]:
    """The greyscale page with its grey seals taken out at OTHER_CUTS (thin strokes kept,
    and not) and left in, for a signing date under a seal to be read on each
    (`under_seal.py`); none where the scan has colour or no grey seal was taken out."""
    grey = _grey_page(image)
    if grey is None:
        return []
    found = grey_seal_rings(grey, px_per_mm)
    pages = [
        _grey_seals_taken_out(grey, px_per_mm, keep_thin=thin, cut=cut, found=found)
        for cut, thin in OTHER_CUTS
    ]
    if any(page is grey for page in pages):
        return []
    return [*pages, grey]


def _grey_seals_taken_out(
    grey: np.ndarray,
    px_per_mm: float,
    *,
    keep_thin: bool,
    cut: float = SEAL_CUT,
    found: list[tuple[float, float, float, float]] | None = None,
) -> np.ndarray:
    found = grey_seal_rings(grey, px_per_mm) if found is None else found
    if not found:
        return grey
    out = grey.copy()
    ink = grey[grey < 128]
    text_level = float(np.percentile(ink, 10)) if ink.size else 0.0
    paper = float(np.percentile(grey[::9, ::9], 90))
    taken = False
    for cx, cy, radius, seal_level in found:
        if seal_level - text_level < 40:
            continue  # the seal is as dark as the text: nothing tells them apart
        level = text_level + cut * (seal_level - text_level)
        yy, xx = np.ogrid[: grey.shape[0], : grey.shape[1]]
        # the ring's outer edge stands up to ~1.2 mm past the circle found (a 42-mm seal at
        # 200 dpi): where thin strokes are kept, a piece of it beside 13日 read 13/日
        outer = radius * 1.06 + (RING_MM * px_per_mm if keep_thin else 0.0)
        disc = (xx - cx) ** 2 + (yy - cy) ** 2 <= outer**2
        lighter = disc & (grey > level)
        if keep_thin:
            lighter &= ~_thin_text_strokes(
                lighter & (grey < paper - PAPER_LEVELS), disc & ~lighter, px_per_mm
            )
        inside = (xx - cx) ** 2 + (yy - cy) ** 2 <= radius**2
        lighter &= ~_apart_outside(lighter & (grey < paper - PAPER_LEVELS), inside)
        out[lighter] = 255
        taken = True
    return out if taken else grey


def _apart_outside(inked: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """The pieces of ``inked`` (lighter than the cut, darker than the paper) that lie
    wholly outside the circle found (``inside``): the text's, not the seal's. The ring is
    taken out a little past the circle (its outer edge), and with it went a line-final 。
    and the light foot of 核 standing just above the ring: 考核。 read 考核, the body lost
    its last 。. The ring's outer edge is one piece with its inner half."""
    ys, xs = np.nonzero(inked)
    if not ys.size:
        return inked
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    count, labels = cv2.connectedComponents(inked[y0:y1, x0:x1].astype(np.uint8), connectivity=8)
    touching = np.zeros(count, dtype=bool)
    touching[np.unique(labels[inside[y0:y1, x0:x1] & (labels > 0)])] = True
    apart = np.zeros(inked.shape, dtype=bool)
    apart[y0:y1, x0:x1] = (labels > 0) & ~touching[labels]
    return apart


def _thin_text_strokes(inked: np.ndarray, dark: np.ndarray, px_per_mm: float) -> np.ndarray:
    """The pixels of ``inked`` (lighter than the cut, darker than the paper) kept as the
    text's: a blurred scan's thin text strokes (a Song face's horizontals, the ring of 〇)
    are as light as the seal's ink, and erasing all of it read 13日 as 1313. They are
    narrow (an opening by STROKE_MM leaves none of them, where the seal's star and its
    characters' thicker strokes stay) and stand within TEXT_REACH_MM of the text's dark
    strokes (``dark``), where the seal's characters round its ring stand apart from the
    lines it is stamped over."""
    size = max(3, round(STROKE_MM * px_per_mm))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    wide = cv2.dilate(cv2.morphologyEx(inked.astype(np.uint8), cv2.MORPH_OPEN, kernel), kernel)
    reach = max(3, round(2 * TEXT_REACH_MM * px_per_mm) | 1)
    round_kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (reach, reach))
    near = cv2.dilate(dark.astype(np.uint8), round_kernel) > 0
    kept: np.ndarray = inked & (wide == 0) & near
    return kept


def grey_seal_rings(grey: np.ndarray, px_per_mm: float) -> list[tuple[float, float, float, float]]:
    """(centre x, centre y, radius, grey level of its ink) of each seal ring, in pixels."""
    scale = min(1.0, 2.0 / px_per_mm)  # about 2 pixels a millimetre is plenty for a ring
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    mm = px_per_mm * scale
    circles = cv2.HoughCircles(
        cv2.GaussianBlur(small, (5, 5), 1.5),
        cv2.HOUGH_GRADIENT,
        dp=1,
        minDist=MIN_SEAL_MM * mm,
        param1=80,
        param2=40,
        minRadius=round(MIN_SEAL_MM / 2 * mm),
        maxRadius=round(MAX_SEAL_MM / 2 * mm),
    )
    if circles is None:
        return []
    out = []
    for cx, cy, r in circles[0][:5]:
        level = _ring_level(grey, cx / scale, cy / scale, r / scale, px_per_mm)
        if level is not None:
            out.append((float(cx / scale), float(cy / scale), float(r / scale), level))
    return out


def _ring_level(
    grey: np.ndarray, cx: float, cy: float, radius: float, px_per_mm: float
) -> float | None:
    """The ring's ink grey when ink runs round most of the circle, else None."""
    paper = float(np.percentile(grey[::9, ::9], 90))
    darkest = _darkest_round(grey, cx, cy, radius, px_per_mm)
    inked = darkest < paper - 40
    if inked.mean() < MIN_RING_COVER:
        return None
    # Dense text (a table's cells) has ink round any circle; a seal's ring has paper, or
    # a few lines of text, just outside it.
    outside = _darkest_round(grey, cx, cy, radius + OUTSIDE_MM * px_per_mm, px_per_mm)
    if (outside < paper - 40).mean() > MAX_OUTSIDE_COVER:
        return None
    return float(np.median(darkest[inked]))


def _darkest_round(
    grey: np.ndarray, cx: float, cy: float, radius: float, px_per_mm: float
) -> np.ndarray:
    """The darkest grey in a band ~2.4 mm wide round the circle, at each of _ANGLES."""
    angles = np.linspace(0, 2 * np.pi, _ANGLES, endpoint=False)
    band = np.arange(-1.2 * px_per_mm, 1.2 * px_per_mm + 1)  # the ring is ~1–2 mm wide
    xs = (cx + np.outer(np.cos(angles), radius + band)).round().astype(int)
    ys = (cy + np.outer(np.sin(angles), radius + band)).round().astype(int)
    inside = (xs >= 0) & (xs < grey.shape[1]) & (ys >= 0) & (ys < grey.shape[0])
    values = np.full(xs.shape, 255, dtype=np.int16)
    values[inside] = grey[ys[inside], xs[inside]]
    darkest: np.ndarray = values.min(axis=1)
    return darkest
