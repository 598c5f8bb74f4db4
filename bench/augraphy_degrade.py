# /// script
# requires-python = ">=3.11,<3.13"
# dependencies = ["augraphy==8.2.6", "numpy", "pillow"]
# ///
"""Augraphy's degradation of page images, run in its own locked environment.

    uv run --script bench/augraphy_degrade.py IN_DIR OUT_DIR DPI SEED [ONLY]

Called by `bench/augraphy_scans.py`. Augraphy needs the full `opencv-python`, which must
not share an environment with the project's `opencv-python-headless` (both install the
`cv2` package, and removing one breaks the other), so it runs here, in the environment
uv builds from this script's lock (`bench/augraphy_degrade.py.lock`). Every `*.png` in
IN_DIR (greyscale pages, in name order) is degraded with seed SEED + its index and written
under the same name to OUT_DIR. ONLY (a comma list of effect class names, e.g.
``LightingGradient``) keeps just those effects, each applied always: a tuning aid that
tells which effect breaks which stage.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import augraphy as aug
import numpy as np
from PIL import Image


def pipeline(seed: int, only: frozenset[str] = frozenset()) -> aug.AugraphyPipeline:
    """A mild office scan: each effect is drawn with its probability (with ``only``, just
    the effects named there, each always applied)."""
    ink = [
        aug.InkBleed(intensity_range=(0.1, 0.25), kernel_size=(3, 3), severity=(0.2, 0.4), p=0.5),
        aug.LowInkPeriodicLines(
            count_range=(1, 3), period_range=(32, 64), noise_probability=0.05, p=0.3
        ),
    ]
    paper = [aug.NoiseTexturize(sigma_range=(2, 4), turbulence_range=(2, 4), p=0.5)]
    post = [
        aug.LightingGradient(max_brightness=255, min_brightness=200, p=0.5),
        aug.Brightness(brightness_range=(1.0, 1.15), min_brightness=0, p=0.7),
        aug.SubtleNoise(subtle_range=8, p=0.7),
        aug.DirtyDrum(line_width_range=(1, 2), noise_intensity=0.2, p=0.2),
        aug.BadPhotoCopy(noise_iteration=(1, 1), noise_sparsity=(0.9, 0.99), p=0.2),
    ]
    if only:
        ink, paper, post = (
            [_always(e) for e in phase if type(e).__name__ in only] for phase in (ink, paper, post)
        )
    return aug.AugraphyPipeline(ink_phase=ink, paper_phase=paper, post_phase=post, random_seed=seed)


def _always(effect: aug.Augmentation) -> aug.Augmentation:
    effect.p = 1
    return effect


def grey(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else image.mean(axis=2).astype(np.uint8)


def degrade(
    page: np.ndarray, dpi: int, seed: int, only: frozenset[str] = frozenset()
) -> np.ndarray:
    random.seed(seed)
    np.random.seed(seed)
    out = Image.fromarray(grey(pipeline(seed, only)(page)))
    # Augraphy's own rotation fills the corners black; a scanner's lid is white.
    limit = 0.6 if dpi <= 150 else 1.0
    angle = random.Random(seed).uniform(-limit, limit)
    out = out.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return grey(aug.Jpeg(quality_range=(60, 85), p=1)(np.asarray(out)))


def main(argv: list[str]) -> int:
    source, target, dpi, seed = Path(argv[0]), Path(argv[1]), int(argv[2]), int(argv[3])
    only = frozenset(argv[4].split(",")) if len(argv) > 4 and argv[4] else frozenset()
    target.mkdir(parents=True, exist_ok=True)
    for index, path in enumerate(sorted(source.glob("*.png"))):
        page = np.asarray(Image.open(path).convert("L"))
        Image.fromarray(degrade(page, dpi, seed + index, only)).save(target / path.name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
