"""Text PDFs of the office fixtures typeset the ways other offices print them.

    uv run python -m bench.office_prints [--only pt12,calc-gridlines,...] [--keep DIR]

The fixtures' Word tables are set at 10.5 pt in a Song face, their workbooks printed
by one setup (`tests/fixtures/office/make_calc_prints.py`). Offices print at other
sizes, as 公文 (GB/T 9704: body 16 pt on exact 28 pt lines, title 22 pt), in Hei faces,
portrait or landscape, cells centred or at the top, with borders or with the sheet's
gridlines. Each variant here changes the source .docx/.xlsx that way, LibreOffice
typesets it, and the PDF is read against the source's expected output: rows exact,
rows found, metadata fields missed, problems.

Held out: nothing here was tuned on except the three prints that became fixtures
(`tests/fixtures/office/pdf/*.pt12.pdf`, `*.pt14.pdf`, `*.calc12pt.pdf`,
`*.calcgrid.pdf`: the variants `pt12`, `pt14`, `calc-pt12` and `calc-gridlines` of one
file each). Inputs our code wrote: the .docx/.xlsx (python-docx, openpyxl generators)
and the changes; LibreOffice typesets them. Needs LibreOffice.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl.styles import Alignment, Font

from bench.accuracy import _extract, load_expected, score_file
from bench.restyled_scans import FACE, restyle_docx
from tests.fixtures.layouts.wordproc.make_wordproc import soffice_convert
from tests.fixtures.office.make_calc_prints import set_up_for_print
from tests.fixtures.office.make_word_prints import set_size, size_runs

ROOT = Path(__file__).resolve().parents[1]
OFFICE = ROOT / "tests/fixtures/office"


def _gongwen(document: Document, table_points: float) -> None:
    """公文: body 16 pt on exact 28 pt lines, the title 22 pt, tables at ``table_points``."""
    body = document.element.body
    in_tables = set()
    for table in body.iter(qn("w:tbl")):
        in_tables.update(table.iter(qn("w:p")))
        size_runs(list(table.iter(qn("w:r"))), table_points)
    first = True
    for paragraph in body.iter(qn("w:p")):
        if paragraph in in_tables:
            continue
        text = "".join(t.text or "" for t in paragraph.iter(qn("w:t"))).strip()
        if not text:
            continue
        runs = list(paragraph.iter(qn("w:r")))
        if first or ("关于" in text and text.endswith(("通知", "方案")) and len(text) < 60):
            size_runs(runs, 22)
        else:
            size_runs(runs, 16)
            spacing = OxmlElement("w:spacing")
            spacing.set(qn("w:line"), "560")  # 28 pt in twentieths
            spacing.set(qn("w:lineRule"), "exact")
            properties = paragraph.get_or_add_pPr()
            for old in properties.findall(qn("w:spacing")):
                properties.remove(old)
            properties.append(spacing)
        first = False


@dataclass(frozen=True)
class WordVariant:
    name: str
    change: Callable[[Document], None]
    hei: bool = False  # the runs set in FACE first


@dataclass(frozen=True)
class CalcVariant:
    name: str
    size: float | None = None
    gridlines: bool = False
    portrait: bool = False
    top: bool = False
    face: str | None = None


WORD: tuple[WordVariant, ...] = (
    WordVariant("pt11", lambda d: set_size(d, 11)),
    WordVariant("pt12", lambda d: set_size(d, 12)),
    WordVariant("pt13", lambda d: set_size(d, 13)),
    WordVariant("pt14", lambda d: set_size(d, 14)),
    WordVariant("hei12", lambda d: set_size(d, 12), hei=True),
    WordVariant("gongwen-table12", lambda d: _gongwen(d, 12)),
    WordVariant("gongwen-table10.5", lambda d: _gongwen(d, 10.5)),
)
CALC: tuple[CalcVariant, ...] = (
    CalcVariant("calc-portrait", portrait=True),
    CalcVariant("calc-top", top=True),
    CalcVariant("calc-pt12", size=12),
    CalcVariant("calc-hei", face=FACE),
    CalcVariant("calc-gridlines", gridlines=True),
    CalcVariant("calc-portrait-top-pt12", size=12, portrait=True, top=True),
)


def word_print(source: Path, variant: WordVariant, work: Path, face: str | None = None) -> Path:
    """The .docx changed by ``variant`` (set in ``face`` first when given), printed."""
    changed = work / f"{source.stem}.{variant.name}.docx"
    if variant.hei or face is not None:
        restyle_docx(source, changed, face or FACE)
        document = docx.Document(str(changed))
    else:
        document = docx.Document(str(source))
    variant.change(document)
    document.save(str(changed))
    soffice_convert([changed], "pdf", work)
    return work / f"{changed.stem}.pdf"


def calc_print(source: Path, variant: CalcVariant, work: Path) -> Path:
    changed = work / f"{source.stem}.{variant.name}.xlsx"
    set_up_for_print(source, changed, size=variant.size, gridlines=variant.gridlines)
    book = openpyxl.load_workbook(changed)
    for sheet in book.worksheets:
        sheet.page_setup.orientation = "portrait" if variant.portrait else "landscape"
        for row in sheet.iter_rows():
            for cell in row:
                if variant.top and cell.alignment.wrap_text:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                if variant.face is not None and cell.value is not None:
                    cell.font = Font(size=cell.font.size, name=variant.face)
    book.save(changed)
    soffice_convert([changed], "pdf", work)
    return work / f"{changed.stem}.pdf"


def score_print(pdf: Path, variant: str) -> tuple[int, int, int]:
    slug = pdf.name.split(".")[0]
    rows, meta = load_expected(
        OFFICE / "expected" / f"{slug}.jsonl", OFFICE / "expected" / f"{slug}.meta.json"
    )
    extraction, error = _extract(pdf)
    score = score_file(pdf.name, extraction.rows, extraction.meta, rows, meta)
    missed = [field for field, ok in score.meta_hits.items() if not ok]
    problems = sorted({p.kind.value for p in extraction.problems})
    print(
        f"{variant:24} {pdf.name.rsplit('.', 2)[0]:34} exact {score.exact_rows:3}/{len(rows):<3} "
        f"found {score.got_rows:3}  metadata missed {missed or '-'}  "
        f"problems {problems or '-'}{'  ' + error if error else ''}",
        flush=True,
    )
    return score.exact_rows, len(rows), int(not missed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="variant names, comma-separated")
    parser.add_argument("--keep", default="", help="keep the prints in this folder")
    args = parser.parse_args(argv)
    only = set(filter(None, args.only.split(",")))
    if shutil.which("soffice") is None:
        print("office_prints: needs LibreOffice (soffice)")
        return 1
    work = Path(args.keep or tempfile.mkdtemp(prefix="office-prints-"))
    work.mkdir(parents=True, exist_ok=True)
    prints: list[tuple[str, Path, Callable[[Path], Path]]] = [
        (word.name, source, lambda source, word=word: word_print(source, word, work))
        for word in WORD
        for source in sorted((OFFICE / "docx").glob("*.docx"))
    ] + [
        (calc.name, source, lambda source, calc=calc: calc_print(source, calc, work))
        for calc in CALC
        for source in sorted((OFFICE / "xlsx").glob("*.xlsx"))
    ]
    totals = [0, 0, 0, 0]  # rows exact, rows, files metadata-exact, files
    try:
        for name, source, printed in prints:
            if only and name not in only:
                continue
            exact, rows, meta_ok = score_print(printed(source), name)
            totals = [totals[0] + exact, totals[1] + rows, totals[2] + meta_ok, totals[3] + 1]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(
        f"\n{totals[3]} prints: rows exact {totals[0]}/{totals[1]}; "
        f"metadata exact on {totals[2]}/{totals[3]} files"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
