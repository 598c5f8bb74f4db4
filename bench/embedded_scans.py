"""Scans inside other formats: which text to trust on a scanned PDF page that carries a
scanner's invisible OCR layer, and Word files whose table is a pasted scan.

    python -m bench.embedded_scans [--cases layer,word] [--seeds report|tune] [--keep DIR]

Every input is made here by processes this project did not write where possible
(tests/fixtures/scans/embedded.py): pages of the shared corpus PDFs scanned by the copier
generator, then ``ocrmypdf -l chi_sim`` (Tesseract) adds its invisible text layer; Word
files by python-docx with a copier scan pasted, and LibreOffice's .doc of them. What each
must give is what the same pages of the typeset PDF give (their text layer extracts to
the corpus's expected output).

For the layer PDFs two readings of the same file are scored: ``layer``, the invisible text
read as a text layer (the reader before extract/pdf/scanner_layer.py), and ``ocr``, the
layer set aside and the page image read by our OCR (the reader now).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import extract.pdf.document as pdf_document
from bench.accuracy import META_FIELDS, ScanScore, load_expected, print_scan_scores, score_scan
from extract.api import Extraction, extract_bytes
from extract.errors import ExtractionError, Problem
from extract.limits import Limits
from extract.ocr.scanned import ocr_pdf_pages
from extract.page.content import PageContent
from tests.fixtures.scans.embedded import (
    CORPUS,
    LAYER_FIXTURES,
    WORD_FIXTURES,
    LayerScan,
    WordScan,
    copier_scan,
    to_doc,
    typeset_pages,
    with_ocr_layer,
    word_with_table_picture,
)

# Tuned on (the rule's thresholds, the Word picture size): the committed fixtures'
# files and seeds (tests/fixtures/scans/embedded.py). Reported: other pages and seeds.
TUNE_LAYER = (*LAYER_FIXTURES, LayerScan("ningyang-2017.ruled.pdf", (1, 2), seed=24))
TUNE_WORD = WORD_FIXTURES
REPORT_LAYER: tuple[LayerScan, ...] = tuple(
    LayerScan(source, pages, seed, dpi, mode)
    for source, pages, seed, dpi, mode in (
        ("liangshan-2021.ruled.pdf", (1, 3), 9101, 200, "grey"),
        ("liangshan-2021.grid.pdf", (3, 4), 9102, 150, "grey"),
        ("ningyang-2017.grid.pdf", (1, 2), 9103, 300, "grey"),
        ("ningyang-2017.ruled.pdf", (3, 4), 9104, 200, "bitonal"),
        ("liangshan-2021.grid.pdf", (9, 10), 9105, 300, "colour"),
        ("yishui-2018.pdf", (1, 2), 9106, 200, "grey"),  # a prose notice (工作要点)
    )
)
REPORT_WORD: tuple[WordScan, ...] = (
    WordScan("liangshan-2021.ruled.pdf", 3, seed=9201),
    WordScan("ningyang-2017.ruled.pdf", 2, seed=9202, dpi=150),
)
META_COMPARED = ("title", "doc_number", "issuer", "publish_date")


@contextmanager
def trusting_the_layer() -> Iterator[None]:
    """The reader as it was before: a scanner's invisible text read as a text layer."""

    def keep(data: bytes, contents: list[PageContent]) -> tuple[list[PageContent], list[Problem]]:
        return contents, []

    saved = pdf_document.set_aside_scanner_layers
    pdf_document.set_aside_scanner_layers = keep
    try:
        yield
    finally:
        pdf_document.set_aside_scanner_layers = saved


def _extract(data: bytes, name: str) -> tuple[Extraction | None, str | None]:
    try:
        return extract_bytes(data, name=name), None
    except ExtractionError as error:
        return None, error.kind


@dataclass(frozen=True)
class Truth:
    """What a scan must give, as Contract 1 JSON."""

    rows: list[dict[str, Any]]
    meta: dict[str, Any]


def score(name: str, data: bytes, truth: Truth, file_name: str) -> ScanScore:
    got, error = _extract(data, file_name)
    result = score_scan(
        name,
        got.rows if got else [],
        got.meta if got else {},
        truth.rows,
        {k: truth.meta.get(k) for k in META_FIELDS},
        problems=len(got.problems) if got else 0,
    )
    result.error = error
    if got is not None:
        kinds = sorted({p.kind for p in got.problems})
        result.mismatches.append(f"problems: {', '.join(kinds) or 'none'}")
    return result


def _characters(pages: list[PageContent]) -> Counter[str]:
    return Counter(
        unicodedata.normalize("NFKC", c.text) for p in pages for c in p.chars if c.text.strip()
    )


def character_counts(layered: bytes, typeset: bytes) -> dict[str, tuple[int, int, int]]:
    """Per reading, (characters right, characters read, characters printed) over the
    pages, as multisets (NFKC, whitespace left out): the text whatever its order, so that
    the layer's characters are judged apart from the table structure it lacks."""
    truth = _characters(pdf_document.read_pages_pdfplumber(typeset, Limits()))
    layer = pdf_document.read_pages_pdfplumber(layered, Limits())
    ocr, _ = ocr_pdf_pages(layered, pdf_document.set_aside_scanner_layers(layered, layer)[0])
    out: dict[str, tuple[int, int, int]] = {}
    for reading, pages in (("layer", layer), ("ocr", ocr)):
        got = _characters(pages)
        out[reading] = (sum((got & truth).values()), sum(got.values()), sum(truth.values()))
    return out


def _f1(right: int, read: int, printed: int) -> float:
    return 2 * right / (read + printed) if read + printed else 1.0


def layer_scores(
    cases: tuple[LayerScan, ...], work: Path, keep: Path | None
) -> tuple[list[ScanScore], dict[str, list[int]]]:
    out: list[ScanScore] = []
    chars: dict[str, list[int]] = {"layer": [0, 0, 0], "ocr": [0, 0, 0]}
    for case in cases:
        typeset = typeset_pages(case.source, case.pages)
        typeset_reading = extract_bytes(typeset, name="typeset.pdf")
        truth = Truth(typeset_reading.rows, typeset_reading.meta)
        layered = with_ocr_layer(copier_scan(case), work)
        if keep:
            (keep / case.name).write_bytes(layered)
        with trusting_the_layer():
            out.append(score(f"layer {case.name}", layered, truth, case.name))
        out.append(score(f"ocr   {case.name}", layered, truth, case.name))
        for s in out[-2:]:
            print(_line(s), flush=True)
        counts = character_counts(layered, typeset)
        for reading, figures in counts.items():
            chars[reading] = [a + b for a, b in zip(chars[reading], figures, strict=True)]
        print(
            "  characters (multiset F1): "
            + ", ".join(
                f"{r} {_f1(*f):.1%} ({f[0]}/{f[1]} read, {f[2]} printed)" for r, f in counts.items()
            ),
            flush=True,
        )
    return out, chars


def word_scores(cases: tuple[WordScan, ...], work: Path, keep: Path | None) -> list[ScanScore]:
    out: list[ScanScore] = []
    for case in cases:
        truth_doc = extract_bytes(typeset_pages(case.source, (case.page,)), name="typeset.pdf")
        # the notice's fields are those its text was written from (the corpus's expected)
        slug = case.source.split(".")[0]
        _, notice_meta = load_expected(
            CORPUS / "expected" / f"{slug}.jsonl", CORPUS / "expected" / f"{slug}.meta.json"
        )
        # the notice's fields from its first page, the table's from the page pasted
        table_fields = ("table_title", "columns", "has_task_table")
        meta = {**notice_meta, **{k: truth_doc.meta.get(k) for k in table_fields}}
        truth = Truth(truth_doc.rows, meta)
        made = word_with_table_picture(case)
        doc = to_doc(made, work)
        if keep:
            (keep / f"{case.stem}.docx").write_bytes(made)
            (keep / f"{case.stem}.doc").write_bytes(doc)
        out.append(score(f"docx  {case.stem}", made, truth, f"{case.stem}.docx"))
        out.append(score(f"doc   {case.stem}", doc, truth, f"{case.stem}.doc"))
        for s in out[-2:]:
            print(_line(s), flush=True)
    return out


def _line(s: ScanScore) -> str:
    meta = ",".join(k for k in META_COMPARED if not s.meta_hits.get(k)) or "exact"
    return (
        f"  {s.name:60} rows {s.got_rows}/{s.expected_rows} exact {s.exact_rows} "
        f"rowF1 {s.row_f1:.1%} exactF1 {s.exact_f1:.1%} reqCER {s.requirement_cer:.2%} "
        f"meta miss: {meta} {s.error or ''} {s.mismatches[-1] if s.mismatches else ''}"
    )


def main(argv: list[str]) -> int:
    options = dict(zip(argv[::2], argv[1::2], strict=False))
    chosen = options.get("--cases", "layer,word").split(",")
    tune = options.get("--seeds", "report") == "tune"
    keep = Path(options["--keep"]) if "--keep" in options else None
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="embedded-scans-"))
    try:
        if "layer" in chosen:
            scores, chars = layer_scores(TUNE_LAYER if tune else REPORT_LAYER, work, keep)
            for reading in ("layer", "ocr"):
                print(f"\n== {reading}: {_READINGS[reading]}")
                print_scan_scores([s for s in scores if s.name.startswith(reading)])
                right, read, printed = chars[reading]
                print(
                    f"characters of the pages (multiset, NFKC): F1 {_f1(right, read, printed):.1%}"
                    f" (precision {right / max(read, 1):.1%}, recall {right / max(printed, 1):.1%})"
                )
        if "word" in chosen:
            scores = word_scores(TUNE_WORD if tune else REPORT_WORD, work, keep)
            print("\n== Word files with a pasted scan (.docx, and LibreOffice's .doc)")
            print_scan_scores(scores)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


_READINGS: dict[str, str] = {
    "layer": "the scanner's invisible text read as a text layer (before)",
    "ocr": "the layer set aside, the page image read by our OCR (now)",
}

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
