"""Scanned notices read by OCR reach the issue's exactness targets, page by page.

The scans are made here from the layout fixtures (tests/fixtures/scans/make_scans.py:
rendered, skewed 0.2–1°, noisy, JPEG quality 70, wrapped as image-only PDF pages) and are
scored with bench/accuracy.py's scan figures against the layout fixtures' expected files.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from bench.accuracy import (
    ScanScore,
    edit_distance,
    fixture_files,
    load_expected,
    norm,
    score_scan,
)
from extract.api import Extraction, extract_bytes, extract_file
from tests.fixtures.scans.make_scans import SCANS, Scan, make_scan, scanned_image, write_scans

pytestmark = pytest.mark.ocr

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures/layouts"


@pytest.fixture(scope="module")
def scan_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scans")
    write_scans(folder)
    return folder


@cache
def _extraction(path: Path) -> Extraction:
    return extract_file(path)


def _scores(scan_dir: Path) -> list[tuple[ScanScore, Extraction]]:
    out = []
    for document, rows_path, meta_path in fixture_files(scan_dir):
        rows, meta = load_expected(rows_path, meta_path)
        extraction = _extraction(document)
        out.append(
            (score_scan(document.name, extraction.rows, extraction.meta, rows, meta), extraction)
        )
    return out


def test_every_scan_fixture_is_made(scan_dir: Path) -> None:
    names = sorted(path.name for path, _, _ in fixture_files(scan_dir))
    assert names == sorted(scan.name for scan in SCANS)


def test_scans_reach_the_row_and_character_targets(scan_dir: Path) -> None:
    total = ScanScore("all")
    for score, _ in _scores(scan_dir):
        total.add(score)
    assert total.expected_rows > 40
    assert total.row_f1 >= 0.98
    assert total.requirement_cer <= 0.01
    assert total.unit_lists_rate >= 0.95


def test_scans_have_exact_issuer_and_date(scan_dir: Path) -> None:
    for score, _ in _scores(scan_dir):
        assert (score.name, score.meta_hits["issuer"], score.meta_hits["publish_date"]) == (
            score.name,
            True,
            True,
        )


def test_chinese_numeral_date_is_read_from_a_scanned_signature(scan_dir: Path) -> None:
    extraction = _extraction(scan_dir / "pdf/shouguang-2019.scanfront.pdf")
    assert extraction.meta["publish_date"] == "2019-07-09"
    assert extraction.meta["issuer"] == "寿光市人民政府办公室"


def test_table_ruled_horizontally_only_is_read_from_a_scan(scan_dir: Path) -> None:
    extraction = _extraction(scan_dir / "pdf/hrules-liangshan-2021.scan.pdf")
    expected, meta = load_expected(
        LAYOUTS / "expected/hrules-liangshan-2021.jsonl",
        LAYOUTS / "expected/hrules-liangshan-2021.meta.json",
    )
    assert [norm(r["requirement"]) for r in extraction.rows] == [
        norm(r["requirement"]) for r in expected
    ]
    assert norm(extraction.meta["columns"]) == norm(meta["columns"])
    assert norm(extraction.meta["doc_number"]) == norm(meta["doc_number"])


def test_rows_continue_across_scanned_pages_after_text_pages(scan_dir: Path) -> None:
    """Text front pages, then scanned table pages whose rows break across pages."""
    extraction = _extraction(scan_dir / "pdf/headonce-liangshan-2021.scantable.pdf")
    expected, _ = load_expected(
        LAYOUTS / "expected/headonce-liangshan-2021.jsonl",
        LAYOUTS / "expected/headonce-liangshan-2021.meta.json",
    )
    assert len(extraction.rows) == len(expected)
    for got, want in zip(extraction.rows, expected, strict=True):
        # a row split by a page break is one row with its whole requirement (up to a rare
        # character misread, which is reported) and its units
        requirement = str(norm(want["requirement"]))
        assert edit_distance(str(norm(got["requirement"])), requirement) <= 0.01 * len(requirement)
        assert norm(got["responsible_units"]) == norm(want["responsible_units"])
    assert not [p for p in extraction.problems if p.kind in ("no_text_layer", "unreadable_page")]


def test_multi_page_tiff_attachment_is_read_like_the_pdf() -> None:
    """The two table pages of a notice uploaded as one .tif: the same rows as the PDF."""
    scan = Scan("hrules-liangshan-2021.hrules.pdf", "tif", None, seed=7)
    source = pdfium.PdfDocument(str(LAYOUTS / "pdf" / scan.source))
    rng = np.random.default_rng(scan.seed)
    frames = [scanned_image(source[i], 200, rng).convert("L") for i in (2, 3)]
    source.close()
    buffer = io.BytesIO()
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:], dpi=(200, 200))
    extraction = extract_bytes(buffer.getvalue(), name="附件.tif")
    expected, _ = load_expected(
        LAYOUTS / "expected/hrules-liangshan-2021.jsonl",
        LAYOUTS / "expected/hrules-liangshan-2021.meta.json",
    )
    assert extraction.kind == "tiff"
    assert extraction.pages == 2
    assert [norm(r["requirement"]) for r in extraction.rows] == [
        norm(r["requirement"]) for r in expected
    ]
    assert [norm(r["lead_units"]) for r in extraction.rows] == [
        norm(r["lead_units"]) for r in expected
    ]


def test_make_scan_is_deterministic_and_image_only() -> None:
    scan = Scan("shouguang-2019.ruled.pdf", "scanfront", (1,), seed=3)
    pdf, again = pdfium.PdfDocument(make_scan(scan)), pdfium.PdfDocument(make_scan(scan))
    try:
        assert pdf[0].get_textpage().get_text_range() == ""  # the scanned page
        assert "寿光" in pdf[1].get_textpage().get_text_range()  # a text page kept
        first, second = (np.array(d[0].render(scale=0.5).to_numpy()) for d in (pdf, again))
        assert np.array_equal(first, second)
    finally:
        pdf.close()
        again.close()
