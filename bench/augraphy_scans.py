"""Scans degraded by a third scanner that this project did not write: Augraphy.

    uv run python -m bench.augraphy_scans [--dpi 150,200,300] [--files liangshan-2021.ruled,...]
                                          [--keep DIR] [--seeds report|tune|N]
                                          [--only InkBleed,NoiseTexturize,...] [--scan-only]

The copier (`tests/fixtures/scans/copier.py`) and the second scanner
(`bench/independent_scans.py`) are this project's own code: a reader can learn the habits
of the degradations its authors wrote. Augraphy (https://github.com/sparkfish/augraphy) is
a document-degradation library written by others to imitate printing, copying and
scanning; this bench degrades the same REPORT files with it and reports the same figures,
so the held-out figures include one degradation process we did not write:

- rasterised by poppler's `pdftoppm` at twice the dpi and reduced by averaging each
  2 × 2 box (a scanner's sensor averages over its pixel; the second scanner renders at the
  dpi directly);
- Augraphy's ink phase (ink bleed, faint periodic low-ink lines), paper phase (paper
  texture) and post phase (uneven lighting, brightness, sensor noise, a copier drum's
  streaks, a bad photocopy's speckle), each applied with its probability, from a seeded
  pipeline;
- rotated by a seeded angle up to ±1° (±0.6° at 150 dpi) with white fill (Augraphy's own
  rotation fills the corners black), then Augraphy's JPEG at quality 60–85; greyscale;
- put back into a PDF by Pillow (one image a page, no text layer).

Augraphy runs in its own environment, locked in `bench/augraphy_degrade.py.lock` (uv
builds it on first use; see that script for why it cannot share the project's).

The parameters were chosen once, by eye, so that every page stays legible to a person
(the product reads scans a person can read); they were not tuned on what the OCR reads,
and nothing in `extract/` was tuned on these scans. Inputs: the shared corpus PDFs (not
made by this project) and LibreOffice's exports of the office fixtures' .docx.

To tune, as with the copier, scan other files at other seeds: ``--seeds tune`` scans the
copier's TUNE files from seed 30000, ``--seeds N`` (N ≥ 30000) the WIDE files from seed
N; the figures to quote stay ``--seeds report`` (the default). ``--only`` keeps just the
named Augraphy effects, each applied always, to tell which effect breaks which stage.
Degrading is the slow part: ``--keep DIR`` keeps the scans and reuses them on the next
run, and ``--scan-only`` makes them without scoring (to score several versions of the
code on the same images).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

from PIL import Image

from bench.accuracy import ScanScore, print_scan_scores
from bench.copier_scans import REPORT, TUNE, WIDE
from bench.independent_scans import scored, typeset_report

SEED = 7000  # apart from the other scanners' seeds (copier 100+ and 9000+, second 5150+)
TUNE_SEED = 30000  # tuning scans, apart from every held-out seed
DEGRADE = Path(__file__).with_name("augraphy_degrade.py")


def rasterise(pdf: Path, dpi: int, pages: Path) -> None:
    """Poppler's rendering at twice the dpi, reduced to the dpi by area averaging, into
    ``pages`` as page-NN.png."""
    pages.mkdir(parents=True)
    subprocess.run(
        ["pdftoppm", "-r", str(2 * dpi), "-gray", "-png", str(pdf), str(pages / "page")],
        check=True,
        capture_output=True,
    )
    for path in sorted(pages.glob("page*.png")):
        with Image.open(path) as big:
            small = big.convert("L").reduce(2)  # each pixel the mean of a 2 x 2 box
        small.save(path)


def seed_choice(seeds: str) -> tuple[tuple[tuple[Path, str], ...], int]:
    """(files, base seed) for ``--seeds``: report (held out), tune, or N ≥ 30000 (WIDE)."""
    if seeds == "report":
        return REPORT, SEED
    if seeds == "tune":
        return TUNE, TUNE_SEED
    base = int(seeds)
    if base < TUNE_SEED:
        raise SystemExit(f"tuning seeds start at {TUNE_SEED} (the held-out ones are {SEED}+)")
    return WIDE, base


def scan(pdf: Path, dpi: int, seed: int, out: Path, work: Path, only: str = "") -> Path:
    clean, degraded = work / "clean", work / "degraded"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.rmtree(degraded, ignore_errors=True)
    rasterise(pdf, dpi, clean)
    uv = shutil.which("uv")
    if uv is None:
        raise SystemExit("uv is needed to run Augraphy in its own environment")
    subprocess.run(
        [
            uv,
            "run",
            "--quiet",
            "--script",
            str(DEGRADE),
            str(clean),
            str(degraded),
            str(dpi),
            str(seed),
            only,
        ],
        check=True,
        cwd=work,  # Augraphy caches images in an augraphy_cache folder of its working folder
    )
    pages = [Image.open(p).convert("L") for p in sorted(degraded.glob("*.png"))]
    pages[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dpi", default="200")
    parser.add_argument("--files", default="", help="stems of the files (default: all)")
    parser.add_argument("--keep", default="", help="a folder to keep (and reuse) the scans in")
    parser.add_argument("--seeds", default="report", help="report, tune, or N >= 30000")
    parser.add_argument("--only", default="", help="Augraphy effects to apply alone, always")
    parser.add_argument(
        "--scan-only", action="store_true", help="make and keep the scans, score nothing"
    )
    args = parser.parse_args(argv)
    if args.scan_only and not args.keep:
        raise SystemExit("--scan-only needs --keep (the scans would be thrown away)")
    files, base = seed_choice(args.seeds)
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm (poppler-utils) is needed for this bench")
    keep = Path(args.keep) if args.keep else None
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    scores: list[ScanScore] = []
    with tempfile.TemporaryDirectory(prefix="augraphy-scans-") as tmp:
        work = Path(tmp)
        for pdf, relative, rows, meta in typeset_report(args.files, work, files):
            for dpi in (int(d) for d in args.dpi.split(",")):
                seed = base + zlib.crc32(f"{relative}|{dpi}".encode()) % 1000
                effects = f".{args.only.replace(',', '+')}" if args.only else ""
                name = f"{pdf.stem}.{dpi}.augraphy{effects}.s{seed}"
                scanned = (keep or work) / f"{name}.pdf"
                if not (keep and scanned.exists()):  # a kept scan is read again, not redone
                    scan(pdf, dpi, seed, scanned, work, args.only)
                if args.scan_only:
                    print(f"{name}: scanned", flush=True)
                    continue
                scores.append(scored(scanned, rows, meta, name))
    if scores:
        print()
        print_scan_scores(scores)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
