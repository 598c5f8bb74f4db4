"""Scans of our Calc tuning prints: task tables made in Excel, printed fit to one page
wide, scanned by the second scanner.

    uv run python -m bench.calc_scans [--dpi 200] [--modes grey] [--keep DIR]

The workbooks are written by this project's code (`tests/fixtures/office/make_calc_tuning.py`,
from the corpus's expected rows), LibreOffice Calc prints them, and
`bench/independent_scans.py` scans them (poppler, rotation, blur, JPEG or bitonal), or
`bench/restyled_scans.py`'s harder hand (``--modes hard``: ±2°, a binding shadow, blur
0.5 px, JPEG 60), with seeds of this bench's own. The rule finder's thresholds for Calc's scaled-down hairlines
were tuned on these scans at 200 dpi grey; the Calc prints of `bench/restyled_scans.py`
are held out.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import zlib
from pathlib import Path

from bench.accuracy import ScanScore, print_scan_scores
from bench.independent_scans import scan, scored
from bench.restyled_scans import scan as hard_scan
from tests.fixtures.office.make_calc_tuning import WORKBOOKS, print_book

SEED = 6400  # not a seed of the other scan benches (100+, 5150+, 7300+, 9000+)


def seed_of(slug: str, dpi: int, mode: str) -> int:
    return SEED + zlib.crc32(f"{slug}|{dpi}|{mode}".encode()) % 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dpi", default="200")
    parser.add_argument("--modes", default="grey", help="grey, bitonal, hard (±2°, shadow)")
    parser.add_argument("--files", default="", help="slugs, e.g. calc-liangshan-hair")
    parser.add_argument("--keep", default="", help="a folder to keep the prints and scans in")
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None or shutil.which("soffice") is None:
        raise SystemExit("pdftoppm (poppler-utils) and soffice (LibreOffice) are needed")
    wanted = {f for f in args.files.split(",") if f}
    books = [b for b in WORKBOOKS if not wanted or b.slug in wanted]
    scores: list[ScanScore] = []
    with tempfile.TemporaryDirectory(prefix="calc-scans-") as tmp:
        work = Path(tmp)
        keep = Path(args.keep) if args.keep else work
        keep.mkdir(parents=True, exist_ok=True)
        for book in books:
            pdf = print_book(book, keep)
            rows, meta = keep / f"{book.slug}.jsonl", keep / f"{book.slug}.meta.json"
            for dpi in (int(d) for d in args.dpi.split(",")):
                for mode in args.modes.split(","):
                    seed = seed_of(book.slug, dpi, mode)
                    name = f"{book.slug}.{dpi}.{mode}.s{seed}"
                    target = keep / f"{name}.pdf"
                    if mode == "hard":  # the restyled bench's harder hand
                        scanned = hard_scan(pdf, dpi, seed, target, work)
                    else:
                        scanned = scan(pdf, dpi, mode, seed, target, work)
                    scores.append(scored(scanned, rows, meta, name))
    print()
    print_scan_scores(scores)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
