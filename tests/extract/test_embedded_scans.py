"""Scans inside other formats: a Word file whose table is a scanned page pasted among its
text (.docx by python-docx, .doc by LibreOffice), and a scanned PDF carrying a scanner's
invisible OCR text layer (ocrmypdf over a copier scan). Each must give what the same pages
of the typeset PDF give; the document says its table was read by OCR."""

from __future__ import annotations

import io
import json
import tempfile
from functools import cache
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
from docx.shared import Cm
from PIL import Image

from bench.accuracy import edit_distance, norm
from extract.api import Extraction, extract_bytes
from extract.office.pictures import table_picture_paragraphs
from extract.pdf.scanner_layer import scanner_layer_pages
from extract.vocabulary import NoteKind
from tests.fixtures.scans.embedded import (
    CORPUS,
    FIXTURES_DIR,
    LAYER_FIXTURES,
    WORD_FIXTURES,
    to_doc,
    typeset_pages,
    word_with_table_picture,
)
from tests.soffice_gate import require_soffice

LAYER = LAYER_FIXTURES[0]
WORD = WORD_FIXTURES[0]
NOTICE_FIELDS = ("title", "doc_number", "issuer", "publish_date")


@cache
def _typeset(source: str, pages: tuple[int, ...]) -> Extraction:
    return extract_bytes(typeset_pages(source, pages), name="typeset.pdf")


def _assert_rows_read(got: Extraction, truth: Extraction) -> None:
    """Every row of the typeset twin, its requirement up to a rare misread (≤ 1% of its
    characters) and its units exactly."""
    assert len(got.rows) == len(truth.rows)
    for row, want in zip(got.rows, truth.rows, strict=True):
        requirement = str(norm(want["requirement"]))
        assert edit_distance(str(norm(row["requirement"])), requirement) <= 0.01 * len(requirement)
        for field in ("lead_units", "responsible_units"):
            assert norm(row[field]) == norm(want[field])


def _notes(extraction: Extraction) -> list[str]:
    return [p.text for p in extraction.problems if p.kind == NoteKind.READ_BY_OCR]


@cache
def _word_file() -> bytes:
    return word_with_table_picture(WORD)


def _docx_with(picture_cm: tuple[float, float]) -> bytes:
    document = docx.Document()
    document.add_paragraph("宁阳县人民政府办公室")
    picture = io.BytesIO()
    Image.new("L", (8, 8), 255).save(picture, format="PNG")
    document.add_picture(picture, width=Cm(picture_cm[0]), height=Cm(picture_cm[1]))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("size_cm", "is_table"),
    [((16.0, 22.0), True), ((4.2, 4.2), False), ((15.5, 2.5), False)],
    ids=["scanned-page", "seal", "masthead-strip"],
)
def test_only_a_picture_drawn_at_a_tables_size_among_the_text_may_be_the_table(
    size_cm: tuple[float, float], is_table: bool
) -> None:
    body = docx.Document(io.BytesIO(_docx_with(size_cm))).element.body
    assert bool(table_picture_paragraphs(body)) is is_table


@pytest.mark.ocr
def test_a_scan_pasted_among_a_word_files_text_gives_its_table_rows_and_the_texts_metadata() -> (
    None
):
    got = extract_bytes(_word_file(), name="通知.docx")
    _assert_rows_read(got, _typeset(WORD.source, (WORD.page,)))
    # the notice's fields are those of its text: the corpus's expected ones
    slug = WORD.source.split(".")[0]
    expected = json.loads((CORPUS / "expected" / f"{slug}.meta.json").read_text("utf-8"))
    assert {k: got.meta[k] for k in NOTICE_FIELDS} == {k: expected[k] for k in NOTICE_FIELDS}
    assert got.meta["has_task_table"] is True
    assert any("embedded in the Word file" in text for text in _notes(got))


@pytest.mark.ocr
def test_a_doc_saved_by_libreoffice_keeps_its_pasted_table_scan() -> None:
    require_soffice()
    with tempfile.TemporaryDirectory() as work:
        doc = to_doc(_word_file(), Path(work))
    got = extract_bytes(doc, name="通知.doc")
    assert got.kind == "doc"
    _assert_rows_read(got, _typeset(WORD.source, (WORD.page,)))
    assert _notes(got)


def test_a_scanners_invisible_layer_is_told_from_a_typeset_text_layer() -> None:
    layered = (FIXTURES_DIR / LAYER.name).read_bytes()
    assert scanner_layer_pages(layered, [1, 2]) == [1, 2]
    typeset = (CORPUS / "pdf" / LAYER.source).read_bytes()
    assert scanner_layer_pages(typeset, [1, 2]) == []


def test_a_typeset_page_printed_over_a_full_page_picture_keeps_its_text_layer() -> None:
    """Letterhead paper or a watermark as a page-sized picture under visible text: a
    typeset page, whatever covers it."""
    pdf = pdfium.PdfDocument(typeset_pages(LAYER.source, (1,)))
    try:
        page = pdf[0]
        width, height = page.get_size()
        background = io.BytesIO()
        Image.new("L", (64, 90), 235).save(background, format="JPEG")
        background.seek(0)
        image = pdfium.PdfImage.new(pdf)
        image.load_jpeg(background, inline=False, autoclose=True)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page.insert_obj(image)
        page.gen_content()
        page.close()
        out = io.BytesIO()
        pdf.save(out)
    finally:
        pdf.close()
    assert scanner_layer_pages(out.getvalue(), [1]) == []


@pytest.mark.ocr
def test_a_scanned_pdf_under_a_scanners_ocr_layer_is_read_by_our_ocr() -> None:
    got = extract_bytes((FIXTURES_DIR / LAYER.name).read_bytes(), name="扫描件.pdf")
    truth = _typeset(LAYER.source, LAYER.pages)
    _assert_rows_read(got, truth)
    assert {k: got.meta[k] for k in NOTICE_FIELDS} == {k: truth.meta[k] for k in NOTICE_FIELDS}
    assert [p.page for p in got.problems if p.kind == NoteKind.READ_BY_OCR] == [1, 2]
    assert not any(p.kind == NoteKind.READER_FALLBACK for p in got.problems)
