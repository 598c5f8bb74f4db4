"""Scans of office prints in a typeface and page setup the OCR was never tuned on.

    uv run python -m bench.restyled_scans [--dpi 200] [--files wp-panzhihua-2017,...]

`bench/copier_scans.py` and `bench/independent_scans.py` scan files typeset in the
fonts of the fixtures (a Song/Ming face). Offices also print in Hei (sans) faces and print
task tables from Excel, so this bench makes a third set the OCR's rules were never looked
at against, and keeps it for reporting only:

- the Word fixtures restyled: every run, style and table cell of the .docx set in
  WenQuanYi Zen Hei (a sans face none of the other scans use), then exported by
  LibreOffice;
- the Excel fixtures printed by LibreOffice Calc as a clerk prints a wide table: ruled,
  wrapped, rows as tall as their text, landscape, fitted to one page wide;
- scanned by poppler + Pillow with a harder hand than the second scanner: a seeded
  rotation up to ±2° (the issue's upper bound), a dark binding-edge shadow on the left,
  blur 0.5 px, JPEG quality 60.

Expected output: each fixture's expected extraction. Inputs our code wrote: the .docx and
.xlsx (python-docx, openpyxl generators) and the restyling; LibreOffice typesets them and
poppler rasterises them.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import tempfile
import zlib
from pathlib import Path

import docx
import numpy as np
from docx.oxml.ns import qn
from PIL import Image, ImageEnhance, ImageFilter

from bench.accuracy import ScanScore, print_scan_scores
from bench.independent_scans import rasterise, scored
from tests.fixtures.layouts.wordproc.make_wordproc import soffice_convert
from tests.fixtures.office.make_calc_prints import set_up_for_print

ROOT = Path(__file__).resolve().parents[1]
OFFICE = ROOT / "tests/fixtures/office"
FACE = "WenQuanYi Zen Hei"
SEED = 7300  # not a seed of the other scan benches (100+, 5150+, 9000+)

FILES: tuple[str, ...] = (
    "docx/wp-panzhihua-2017.autonum.docx",
    # not wp-ningyang-2017.nested.docx: restyled, its merged cells grow past a page and
    # LibreOffice prints no text of them at all (rows 18-30 have no units in the PDF).
    "docx/wp-shouguang-2019.pagebreak.docx",
    "docx/att-panzhihua-2017.attachment.docx",
    "xlsx/att-panzhihua-2017.book.xlsx",
    "xlsx/att-shouguang-2019.book.xlsx",
)


def restyle_docx(source: Path, out: Path, face: str = FACE) -> Path:
    """Every run and style in ``face``: the text and its flow as before, another typeface
    (`bench/face_scans.py` sets the tuning faces with it)."""
    document = docx.Document(str(source))
    for style in document.styles:
        element = style.element
        rpr = element.get_or_add_rPr() if hasattr(element, "get_or_add_rPr") else None
        if rpr is not None:
            _set_face(rpr, face)
    for r in document.element.body.iter(qn("w:r")):
        _set_face(r.get_or_add_rPr(), face)
    document.save(str(out))
    return out


def _set_face(rpr: object, face: str) -> None:
    fonts = rpr.get_or_add_rFonts()  # type: ignore[attr-defined]
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), face)


def typeset(relative: str, work: Path) -> Path:
    source = OFFICE / relative
    staged = work / "staged"
    staged.mkdir(exist_ok=True)
    if source.suffix == ".docx":
        prepared = restyle_docx(source, staged / source.name)
    else:
        prepared = set_up_for_print(source, staged / source.name)
    soffice_convert([prepared], "pdf", work)
    return work / f"{source.stem}.pdf"


def degrade(page: Image.Image, rng: random.Random) -> Image.Image:
    angle = rng.uniform(-2.0, 2.0)
    out = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    out = binding_shadow(out, rng)
    out = out.filter(ImageFilter.GaussianBlur(0.5))
    out = ImageEnhance.Brightness(out).enhance(1.05)
    buffer = io.BytesIO()
    out.save(buffer, "JPEG", quality=60)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def binding_shadow(page: Image.Image, rng: random.Random) -> Image.Image:
    """The left edge darkened as a book's gutter is: darkest at the edge, fading over
    3-5% of the width (multiplied, so text in the shadow stays darker than it)."""
    width = max(1, int(page.width * rng.uniform(0.03, 0.05)))
    darkest = rng.uniform(0.3, 0.45)
    gain = np.ones(page.width, dtype=np.float32)
    gain[:width] = darkest + (1.0 - darkest) * np.linspace(0.0, 1.0, width)
    pixels = np.asarray(page, dtype=np.float32) * gain[np.newaxis, :]
    return Image.fromarray(pixels.clip(0, 255).astype(np.uint8))


def scan(pdf: Path, dpi: int, seed: int, out: Path, work: Path) -> Path:
    rng = random.Random(seed)
    pages = [degrade(p, rng) for p in rasterise(pdf, dpi, work)]
    pages[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dpi", default="200")
    parser.add_argument("--files", default="", help="slugs, e.g. wp-panzhihua-2017")
    parser.add_argument("--keep", default="", help="a folder to keep the scans in")
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None or shutil.which("soffice") is None:
        raise SystemExit("pdftoppm (poppler-utils) and soffice (LibreOffice) are needed")
    wanted = {f for f in args.files.split(",") if f}
    files = [f for f in FILES if not wanted or Path(f).name.split(".")[0] in wanted]
    scores: list[ScanScore] = []
    with tempfile.TemporaryDirectory(prefix="restyled-scans-") as tmp:
        work = Path(tmp)
        keep = Path(args.keep) if args.keep else work
        keep.mkdir(parents=True, exist_ok=True)
        for relative in files:
            pdf = typeset(relative, work)
            slug = Path(relative).name.split(".")[0]
            rows = OFFICE / "expected" / f"{slug}.jsonl"
            meta = OFFICE / "expected" / f"{slug}.meta.json"
            for dpi in (int(d) for d in args.dpi.split(",")):
                seed = SEED + zlib.crc32(f"{relative}|{dpi}".encode()) % 1000
                name = f"{Path(relative).stem}.{dpi}.restyled.s{seed}"
                scanned = scan(pdf, dpi, seed, keep / f"{name}.pdf", work)
                scores.append(scored(scanned, rows, meta, name))
    print()
    print_scan_scores(scores)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
