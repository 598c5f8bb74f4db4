"""Scans made by a second scanner, one the OCR was never tuned on.

    uv run python -m bench.independent_scans [--dpi 150,200,300] [--modes grey,bitonal]
                                             [--files liangshan-2021.ruled,...]

`bench/copier_scans.py` scans with `tests/fixtures/scans/copier.py` (PDFium rasteriser,
its own degradations), and the OCR rules were tuned on its TUNE scans. A reader tuned on
one scanner can learn that scanner's habits, so this bench scans the same REPORT files
another way and reports the same figures:

- rasterised by poppler's `pdftoppm` (a different renderer and anti-aliasing from PDFium);
- degraded by Pillow as the issue describes real scans: greyscale, rotated by a seeded
  angle up to ±1° (±0.6° at 150 dpi), Gaussian blur 0.4 px, brightened 8%, JPEG quality
  70 (grey); or thresholded to one bit a pixel (bitonal);
- put back into a PDF by Pillow (one image a page, no text layer).

The expected output is each file's expected extraction, as for the copier scans. Inputs:
the shared corpus PDFs (not made by this project) and LibreOffice's exports of the office
fixtures' .docx (written by this project's python-docx generator).
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageEnhance, ImageFilter

from bench.accuracy import ScanScore, print_scan_scores, score_scan_document
from bench.copier_scans import REPORT, typeset_pdf

SEED = 5150  # not a seed of copier_scans (TUNE 100+, REPORT 9000+)


def rasterise(pdf: Path, dpi: int, work: Path) -> list[Image.Image]:
    """Poppler's rendering of every page, greyscale."""
    prefix = work / "page"
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(prefix)],
        check=True,
        capture_output=True,
    )
    pages = sorted(work.glob("page*.png"))
    images = [Image.open(p).convert("L") for p in pages]
    for p in pages:
        p.unlink()
    return images


def degrade(page: Image.Image, dpi: int, mode: str, rng: random.Random) -> Image.Image:
    limit = 0.6 if dpi <= 150 else 1.0
    angle = rng.uniform(-limit, limit)
    out = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    out = out.filter(ImageFilter.GaussianBlur(0.4))
    out = ImageEnhance.Brightness(out).enhance(1.08)
    if mode == "bitonal":
        return out.point(lambda v: 255 if v > 150 else 0).convert("1")
    buffer = io.BytesIO()
    out.save(buffer, "JPEG", quality=70)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def scan(pdf: Path, dpi: int, mode: str, seed: int, out: Path, work: Path) -> Path:
    rng = random.Random(seed)
    pages = [degrade(p, dpi, mode, rng) for p in rasterise(pdf, dpi, work)]
    pages[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    return out


def typeset_report(
    stems: str, work: Path, files: tuple[tuple[Path, str], ...] = REPORT
) -> Iterator[tuple[Path, str, Path, Path]]:
    """Each of ``files`` (the REPORT files unless told) named in ``stems`` (comma-separated;
    all when empty) as a PDF in ``work``: (the PDF, its path in the fixture set, its
    expected rows, its expected metadata), for the benches that scan them their own way."""
    wanted = {f for f in stems.split(",") if f}
    for fixture_set, relative in files:
        if wanted and Path(relative).stem not in wanted:
            continue
        slug = Path(relative).name.split(".")[0]
        yield (
            typeset_pdf(fixture_set, relative, work),
            relative,
            fixture_set / "expected" / f"{slug}.jsonl",
            fixture_set / "expected" / f"{slug}.meta.json",
        )


def scored(scanned: Path, rows: Path, meta: Path, name: str) -> ScanScore:
    """The scan's score under ``name``, its exact rows printed as it comes."""
    score = score_scan_document(scanned, rows, meta)
    score.name = name
    print(f"{name}: {score.exact_rows}/{score.expected_rows} exact", flush=True)
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dpi", default="150,200,300")
    parser.add_argument("--modes", default="grey,bitonal")
    parser.add_argument("--files", default="", help="stems of REPORT files (default: all)")
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm (poppler-utils) is needed for this bench")
    scores: list[ScanScore] = []
    with tempfile.TemporaryDirectory(prefix="independent-scans-") as tmp:
        work = Path(tmp)
        for pdf, relative, rows, meta in typeset_report(args.files, work):
            for dpi in (int(d) for d in args.dpi.split(",")):
                for mode in args.modes.split(","):
                    seed = SEED + zlib.crc32(f"{relative}|{dpi}|{mode}".encode()) % 1000
                    name = f"{pdf.stem}.{dpi}.{mode}.s{seed}"
                    scanned = scan(pdf, dpi, mode, seed, work / f"{name}.pdf", work)
                    scores.append(scored(scanned, rows, meta, name))
    print()
    print_scan_scores(scores)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
