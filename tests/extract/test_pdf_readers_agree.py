"""The PDFium page reader (the default) against pdfplumber's (the reference): the same page
content and the same rows on every PDF fixture: the corpus (the shared corpus's PDFs are
the same files), the layout fixtures, a sample of the scaling corpus (bench/make_corpus.py)
and Word fixtures exported to PDF by LibreOffice."""

from __future__ import annotations

import math
import os
import subprocess
from dataclasses import astuple
from pathlib import Path

import pytest

from extract.api import extract_bytes
from extract.errors import ExtractionError
from extract.limits import Limits
from extract.page.content import PageContent
from extract.pdf.document import read_pages_pdfium, read_pages_pdfplumber
from extract.pdf.pdfium_page import PdfiumCannotRead
from tests.soffice_gate import require_soffice

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_PDFS = sorted((ROOT / "tests/fixtures/corpus/pdf").glob("*.pdf")) + sorted(
    (ROOT / "tests/fixtures/layouts/pdf").glob("*.pdf")
)
# coordinates: pdfminer computes in double precision, PDFium in single, rounded to 1e-4 pt
TOLERANCE = 2e-3


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, abs_tol=TOLERANCE)


def assert_same_content(reference: list[PageContent], fast: list[PageContent]) -> None:
    assert len(reference) == len(fast)
    for ref, got in zip(reference, fast, strict=True):
        where = f"page {ref.number}"
        assert ref.number == got.number
        assert _close(ref.width, got.width) and _close(ref.height, got.height), where
        assert ref.has_images == got.has_images, where
        # characters on one line sit at tops that differ in the last digits, so their order
        # within the line is compared by position, not by list order
        ref_chars = sorted(ref.chars, key=lambda c: (round(c.top, 1), c.x0, c.text))
        got_chars = sorted(got.chars, key=lambda c: (round(c.top, 1), c.x0, c.text))
        assert [c.text for c in ref_chars] == [c.text for c in got_chars], where
        for r, g in zip(ref_chars, got_chars, strict=True):
            assert r.size == g.size, (where, r, g)
            assert all(
                _close(getattr(r, f), getattr(g, f)) for f in ("x0", "x1", "top", "bottom")
            ), (where, r, g)
        assert (len(ref.hrules), len(ref.vrules)) == (len(got.hrules), len(got.vrules)), where
        ref_rules = [astuple(r) for r in ref.hrules] + [astuple(r) for r in ref.vrules]
        got_rules = [astuple(r) for r in got.hrules] + [astuple(r) for r in got.vrules]
        for rule, other in zip(ref_rules, got_rules, strict=True):
            assert all(_close(x, y) for x, y in zip(rule, other, strict=True)), (where, rule, other)


def _extraction(data: bytes, reader: str, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setenv("NOTICES_PDF_READER", reader)
    try:
        found = extract_bytes(data, name="notice.pdf")
    except ExtractionError as error:
        return ("error", error.kind, error.message)
    return (found.meta, found.rows, [(p.kind, p.page, p.text) for p in found.problems])


def assert_readers_agree(data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_same_content(read_pages_pdfplumber(data, Limits()), read_pages_pdfium(data, Limits()))
    assert _extraction(data, "pdfium", monkeypatch) == _extraction(data, "pdfplumber", monkeypatch)


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=lambda p: p.name)
def test_pdfium_reads_every_fixture_pdf_as_pdfplumber_does(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_readers_agree(path.read_bytes(), monkeypatch)


@pytest.mark.parametrize("seed", [11, 29])
def test_pdfium_reads_the_scaling_corpus_as_pdfplumber_does(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench.layout_fuzz import make_notice

    path = tmp_path / "notice.pdf"
    make_notice(path, seed, rows=12)
    assert_readers_agree(path.read_bytes(), monkeypatch)


def test_pdfium_reads_libreoffice_exports_as_pdfplumber_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_soffice()
    from extract.office.convert import soffice_path

    sources = [
        ROOT / "tests/fixtures/office/docx/wp-ningyang-2017.nested.docx",
        ROOT / "tests/fixtures/office/docx/wp-shouguang-2019.pagebreak.docx",
    ]
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [str(soffice_path()), f"-env:UserInstallation={profile}", "--headless", "--norestore"]
        + ["--convert-to", "pdf", "--outdir", str(tmp_path)]
        + [str(s) for s in sources],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    exported = sorted(tmp_path.glob("*.pdf"))
    assert len(exported) == len(sources)
    for path in exported:
        assert_readers_agree(path.read_bytes(), monkeypatch)


def _type3_pdf(path: Path) -> Path:
    """A PDF whose text is drawn in a Type3 font, as matplotlib writes by default."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=(8.27, 11.69))
    figure.text(0.1, 0.9, "Notice 2017: public disclosure tasks", fontsize=14)
    figure.text(0.1, 0.8, "Lead unit: county office", fontsize=11)
    figure.savefig(path)
    plt.close(figure)
    return path


def _rotated_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    page.setPageRotation(90)
    page.drawString(72, 700, "Rotated notice 2017")
    page.save()
    return path


def test_a_pdf_pdfium_would_read_otherwise_is_read_by_pdfplumber_and_noted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _type3_pdf(tmp_path / "notice.pdf").read_bytes()
    monkeypatch.setenv("NOTICES_PDF_READER", "pdfplumber")
    reference = extract_bytes(data, name="notice.pdf")
    monkeypatch.delenv("NOTICES_PDF_READER")
    found = extract_bytes(data, name="notice.pdf")
    notes = [p for p in found.problems if p.kind == "reader_fallback"]
    assert len(notes) == 1 and "Type3 font" in notes[0].text
    assert (found.meta, found.rows) == (reference.meta, reference.rows)


def test_a_rotated_page_is_left_to_pdfplumber(tmp_path: Path) -> None:
    # pdfminer turns a rotated page's coordinates; the PDFium reader does not try to
    data = _rotated_pdf(tmp_path / "notice.pdf").read_bytes()
    with pytest.raises(PdfiumCannotRead, match="rotated"):
        read_pages_pdfium(data, Limits())


def test_a_fake_bold_title_is_read_once(tmp_path: Path) -> None:
    """Where the readers part: a title drawn twice, 0.3 pt apart (WPS's fake bold). PDFium
    keeps one of two identical glyphs at one place; pdfminer keeps both, and its reading
    doubles every character (梁梁山山县县…)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "bold.pdf"
    page = canvas.Canvas(str(path))
    page.setFont("STSong-Light", 14)
    for offset in (0.0, 0.3):
        page.drawString(72 + offset, 700, "梁山县人民政府办公室")
    page.save()
    data = path.read_bytes()
    assert "".join(c.text for c in read_pages_pdfium(data, Limits())[0].chars) == (
        "梁山县人民政府办公室"
    )
    doubled = "".join(c.text for c in read_pages_pdfplumber(data, Limits())[0].chars)
    assert doubled == "".join(ch * 2 for ch in "梁山县人民政府办公室")
