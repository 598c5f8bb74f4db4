"""What a user of `notices extract` sees on a scan that lost rows or is below the
supported quality: every problem printed under the file's line, by kind, page and place
(README "Scan quality supported"), never a bare count.

Two scans through the real command in one run: the committed three-page scan whose middle
page lost its rules (tests/fixtures/scans/make_lost_page.py), and a 100-dpi copier scan of
one corpus table page, blurred and JPEG'd, made here.
"""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tests.e2e.e2e_processes import NOTICES
from tests.fixtures.scans.copier import Degradation, scan_pdf
from tests.fixtures.scans.make_lost_page import OUT as LOST_PAGE

CORPUS_PDF = Path(__file__).parents[1] / "fixtures/corpus/pdf/liangshan-2021.ruled.pdf"


def _coarse_scan(out: Path) -> Path:
    """Page 4 of the corpus's liangshan-2021.ruled.pdf, copier-scanned at 100 dpi grey."""
    source = pdfium.PdfDocument(CORPUS_PDF)
    page = pdfium.PdfDocument.new()
    page.import_pages(source, [3])
    buffer = io.BytesIO()
    page.save(buffer)
    coarse = Degradation(100, "grey", 0.4, 0.7, 50, 5.0, 0.9, 4.0, False, "", False, False)
    out.write_bytes(scan_pdf(buffer.getvalue(), coarse, 7))
    return out


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Each file's printed lines: its own line, then its problems."""
    work = tmp_path_factory.mktemp("scan-problems")
    coarse = _coarse_scan(work / "coarse.pdf")
    done = subprocess.run(
        [str(NOTICES), "extract", str(LOST_PAGE), str(coarse), "--out", str(work / "out")],
        env={**os.environ, "COLUMNS": "300", "NOTICES_HOME": str(work / "home")},
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    lines: dict[str, list[str]] = {}
    current = ""
    for line in done.stdout.splitlines():
        if line.startswith("  "):
            lines[current].append(line.strip())
        else:
            current = Path(line.split(": ")[0]).name
            lines[current] = [line]
    return lines


@pytest.mark.ocr
def test_a_scanned_table_page_whose_table_was_not_found_is_named_as_rows_missing(
    printed: dict[str, list[str]],
) -> None:
    """Page 2 of three lost its rules: its text is read but no table found on it, and its
    rows were in no block. Before the net, the file printed ``16 rows`` and nothing else."""
    lines = printed[LOST_PAGE.name]
    assert "missing_rows" in lines[0], lines[0]
    assert any(line.startswith("page 2: missing_rows: page 2 lies between") for line in lines)
    # the rows of the pages around it are kept
    assert int(lines[0].split(": ")[1].split(" rows")[0]) >= 14


@pytest.mark.ocr
def test_a_scan_below_the_supported_quality_prints_its_low_confidence_cells(
    printed: dict[str, list[str]],
) -> None:
    """The README's promise: below 150 dpi the page is named, and each doubtful line with
    its characters, scores and table cell. Before, the command printed ``10 rows, 12
    unplaced`` (a count, under the wrong name) and no problem at all."""
    lines = printed["coarse.pdf"]
    assert "low_confidence" in lines[0] and "unplaced" not in lines[0], lines[0]
    assert any("page 1 is a scan of about 100 dpi, below the 150 dpi" in line for line in lines)
    cells = [line for line in lines if "in the table cell under “" in line]
    assert cells and all(
        line.startswith("page 1: low_confidence: OCR is unsure of") for line in cells
    )
