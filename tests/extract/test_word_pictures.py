"""Word files whose task table is a pasted picture (alone in a table, or the whole body)
are read by OCR; a picture beside text is an illustration and is left alone."""

from __future__ import annotations

import io

import docx
import pytest
from docx.shared import Inches

from bench.accuracy import edit_distance, norm
from extract.api import extract_bytes
from extract.office.pictures import picture_only_containers
from tests.extract.conftest import ROOT, extraction_of
from tests.fixtures.scans.make_scans import scanned_page_jpeg

TABLE_PDF = ROOT / "tests/fixtures/layouts/pdf/hrules-liangshan-2021.hrules.pdf"
PIXEL = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00"
    b":~\x9bU\x00\x00\x00\nIDATx\x9cc`\x00\x00\x00\x02\x00\x01H\xaf\xa4q\x00\x00\x00\x00IEND"
    b"\xaeB`\x82"
)


def _docx(picture: bytes, *, where: str, text_beside: bool = False) -> bytes:
    document = docx.Document()
    if where == "table":
        document.add_paragraph("附件")
        document.add_paragraph("梁山县2021年政务公开工作任务分解表")
        cell = document.add_table(rows=1, cols=1).cell(0, 0)
        if text_beside:
            cell.paragraphs[0].add_run("示意图")
        cell.paragraphs[0].add_run().add_picture(io.BytesIO(picture), width=Inches(6))
    else:
        document.add_paragraph().add_run().add_picture(io.BytesIO(picture), width=Inches(6))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("where", "text_beside", "found"),
    [("body", False, "body"), ("table", False, "tbl"), ("table", True, None)],
    ids=["picture-is-the-body", "picture-alone-in-a-table", "picture-beside-text"],
)
def test_pictures_standing_for_a_table_are_found(
    where: str, text_beside: bool, found: str | None
) -> None:
    body = docx.Document(io.BytesIO(_docx(PIXEL, where=where, text_beside=text_beside)))
    containers = picture_only_containers(body.element.body)
    assert [c.tag.rsplit("}", 1)[-1] for c in containers] == ([found] if found else [])


@pytest.mark.ocr
def test_a_word_table_pasted_as_a_picture_gives_the_rows_of_its_scan() -> None:
    picture = scanned_page_jpeg(TABLE_PDF, 2, seed=11)
    extraction = extract_bytes(_docx(picture, where="table"), name="附件.docx")
    assert extraction.kind == "docx"
    # the rows printed on that page: the PDF twin's first rows, up to a rare misread
    truth = extraction_of(TABLE_PDF).rows[: len(extraction.rows)]
    assert len(extraction.rows) >= 8
    for got, want in zip(extraction.rows, truth, strict=True):
        requirement = str(norm(want["requirement"]))
        assert edit_distance(str(norm(got["requirement"])), requirement) <= 0.01 * len(requirement)
        assert norm(got["responsible_units"]) == norm(want["responsible_units"])
