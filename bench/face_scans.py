"""Scans of office prints set in typefaces the OCR was not tuned on: a tuning set.

    uv run python -m bench.face_scans --fonts DIR [--faces kai,serif,sans,microhei]
                                      [--dpi 200] [--scanners poppler,copier] [--keep DIR]

The OCR's rules were tuned on scans of one Song face (AR PL UMing, the fixtures'), and the
restyled set (`bench/restyled_scans.py`, WenQuanYi Zen Hei) is held out. Offices print in
Kai, Song, Hei and Fangsong faces at many sizes, so this bench makes tuning inputs in faces
that neither uses, the way offices make them:

- the Word fixtures (`tests/fixtures/office/docx/*.docx`) restyled into each face by
  `restyled_scans.restyle_docx`, then changed by one of `office_prints`' Word variants
  (11-14 pt, 公文 with a 12 pt table; one per face and file, drawn from a checksum so
  the choice is stable), and the Excel fixtures printed by Calc in the face
  (`office_prints.calc_print`); LibreOffice typesets all of them;
- scanned by the second scanner (`independent_scans.scan`: poppler + Pillow) with seeds
  3100+ and by the copier (`tests/fixtures/scans/copier.py`) with seeds 1100+, outside
  the reserved ranges (100-999 copier TUNE, 9000+ REPORT, 5150+ second scanner, 7300+
  restyled).

The faces are not installed system-wide (that would change every other LibreOffice
print): `--fonts DIR` names a folder holding the fonts, e.g. the Debian packages
fonts-arphic-ukai, fonts-noto-cjk and fonts-wqy-microhei unpacked with `dpkg-deb -x`,
and LibreOffice runs with a private fontconfig that adds it. A face fontconfig cannot
find stops the bench (LibreOffice would silently print in another face).

Prints row-exact, requirement CER and metadata per face. Inputs our code wrote: the
.docx/.xlsx (python-docx, openpyxl generators) and the restyling; LibreOffice typesets,
poppler and PDFium rasterise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from bench.accuracy import ScanScore, load_expected, print_scan_scores
from bench.independent_scans import scan as poppler_scan
from bench.independent_scans import scored
from bench.office_prints import WORD, CalcVariant, calc_print, word_print
from tests.fixtures.scans.copier import draw, scan_pdf

ROOT = Path(__file__).resolve().parents[1]
OFFICE = ROOT / "tests/fixtures/office"
FACES: dict[str, str] = {
    "kai": "AR PL UKai CN",
    "serif": "Noto Serif CJK SC",
    "sans": "Noto Sans CJK SC",
    "microhei": "WenQuanYi Micro Hei",
}
POPPLER_SEED = 3100  # outside 100-999, 9000+, 5150+ and 7300+ (the other benches' seeds)
COPIER_SEED = 1100
# the Word variants drawn from: sizes and 公文, not the Hei one (the face is given here)
VARIANTS = tuple(v for v in WORD if not v.hei and v.name != "gongwen-table10.5")
WORD_FILES = (
    "wp-panzhihua-2017.autonum.docx",
    "wp-panzhihua-2017.sections.docx",
    "wp-shouguang-2019.autonum.docx",
    "wp-shouguang-2019.pagebreak.docx",
    "att-panzhihua-2017.attachment.docx",
)
CALC_FILES = ("att-panzhihua-2017.book.xlsx", "att-shouguang-2019.book.xlsx")


@dataclass(frozen=True)
class Print:
    face: str  # a key of FACES
    variant: str
    pdf: Path

    @property
    def slug(self) -> str:
        return self.pdf.name.split(".")[0]


def private_fontconfig(fonts: Path, work: Path) -> Path:
    """A fontconfig file: the system's fonts and the folder ``fonts``."""
    conf = work / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{fonts.resolve()}</dir>\n  <cachedir>{work.resolve()}/fc-cache</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def missing_faces(faces: list[str]) -> list[str]:
    listed = subprocess.run(
        ["fc-list", ":", "family"], check=True, capture_output=True, text=True
    ).stdout
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    return [face for face in faces if face not in families]


def prints(face: str, work: Path, wanted: set[str] | None = None) -> list[Print]:
    """The Word and Excel fixtures (those of the slugs ``wanted``, or all) printed in
    FACES[face]."""
    out = work / face
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for name in (n for n in WORD_FILES if not wanted or n.split(".")[0] in wanted):
        variant = VARIANTS[zlib.crc32(f"{face}|{name}".encode()) % len(VARIANTS)]
        pdf = word_print(OFFICE / "docx" / name, variant, out, FACES[face])
        made.append(Print(face, variant.name, pdf))
    for name in (n for n in CALC_FILES if not wanted or n.split(".")[0] in wanted):
        pdf = calc_print(OFFICE / "xlsx" / name, CalcVariant("calc", face=FACES[face]), out)
        made.append(Print(face, "calc", pdf))
    return made


def scan_print(printed: Print, scanner: str, dpi: int, keep: Path, work: Path) -> ScanScore:
    key = f"{printed.pdf.name}|{scanner}|{dpi}"
    rows = OFFICE / "expected" / f"{printed.slug}.jsonl"
    meta = OFFICE / "expected" / f"{printed.slug}.meta.json"
    if scanner == "poppler":
        seed = POPPLER_SEED + zlib.crc32(key.encode()) % 1000
        name = f"{printed.pdf.stem}.{printed.face}.{dpi}.poppler.s{seed}"
        scanned = poppler_scan(printed.pdf, dpi, "grey", seed, keep / f"{name}.pdf", work)
    else:
        seed = COPIER_SEED + zlib.crc32(key.encode()) % 1000
        name = f"{printed.pdf.stem}.{printed.face}.{dpi}.copier.s{seed}"
        issuer = load_expected(rows, meta)[1].get("issuer") or "人民政府办公室"
        scanned = keep / f"{name}.pdf"
        degradation = draw(seed, dpi, "grey", issuer)
        scanned.write_bytes(scan_pdf(printed.pdf.read_bytes(), degradation, seed))
    return scored(scanned, rows, meta, name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fonts", required=True, help="a folder holding the faces' fonts")
    parser.add_argument("--faces", default=",".join(FACES))
    parser.add_argument("--dpi", default="200")
    parser.add_argument("--scanners", default="poppler,copier")
    parser.add_argument("--files", default="", help="slugs, e.g. wp-panzhihua-2017")
    parser.add_argument("--keep", default="", help="a folder to keep prints and scans in")
    args = parser.parse_args(argv)
    for tool in ("soffice", "pdftoppm", "fc-list"):
        if shutil.which(tool) is None:
            raise SystemExit(f"face_scans: needs {tool}")
    faces = [f for f in args.faces.split(",") if f]
    wanted = {f for f in args.files.split(",") if f}
    with tempfile.TemporaryDirectory(prefix="face-scans-") as tmp:
        work = Path(tmp)
        keep = Path(args.keep) if args.keep else work
        keep.mkdir(parents=True, exist_ok=True)
        os.environ["FONTCONFIG_FILE"] = str(private_fontconfig(Path(args.fonts), work))
        missing = missing_faces([FACES[f] for f in faces])
        if missing:
            raise SystemExit(f"face_scans: fontconfig finds no {missing} under {args.fonts}")
        by_face: dict[str, list[ScanScore]] = {}
        for face in faces:
            for printed in prints(face, keep, wanted):
                for dpi in (int(d) for d in args.dpi.split(",")):
                    for scanner in args.scanners.split(","):
                        score = scan_print(printed, scanner, dpi, keep, work)
                        by_face.setdefault(face, []).append(score)
    every = [s for scores in by_face.values() for s in scores]
    print()
    print_scan_scores(every)
    print("\nper face:")
    for face, scores in by_face.items():
        total = ScanScore(face)
        for s in scores:
            total.add(s)
        meta = sum(all(s.meta_hits.values()) for s in scores)
        print(
            f"  {FACES[face]:22} rows exact {total.exact_rows:3}/{total.expected_rows:<3} "
            f"({total.exact_f1:.1%} F1)  requirement CER {total.requirement_cer:.2%}  "
            f"metadata exact {meta}/{len(scores)}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
