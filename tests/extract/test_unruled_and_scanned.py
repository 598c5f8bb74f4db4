"""Tables the ruled-table search cannot read are reported, never passed as "no table":
a header line without rules, and a page that is only a scanned image."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from extract.api import extract_bytes, extract_file
from extract.errors import ExtractionError
from extract.page.unruled import is_header_line
from tests.extract.conftest import ROOT

FONT = "STSong-Light"
NO_TABLE = ROOT / "tests/fixtures/corpus/pdf/yishui-2018.pdf"
RULED = ROOT / "tests/fixtures/corpus/pdf/liangshan-2021.ruled.pdf"
FRONT = (
    "某县人民政府办公室文件",
    "某政办字〔2021〕3号",
    "某县人民政府办公室关于印发2021年政务公开工作要点的通知",
    "各乡镇人民政府，县政府各部门：现将工作任务分解表印发给你们，请认真贯彻落实。",
)


def _canvas(buffer: io.BytesIO) -> Canvas:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return Canvas(buffer, pagesize=landscape(A4), invariant=1)


def _text_page(page: Canvas, lines: tuple[str, ...]) -> None:
    page.setFont(FONT, 12)
    for i, line in enumerate(lines):
        page.drawString(60, 520 - 24 * i, line)


def _header_without_rules() -> bytes:
    buffer = io.BytesIO()
    page = _canvas(buffer)
    _text_page(page, FRONT)
    page.setFont(FONT, 11)
    for x, label in ((60, "序号"), (120, "工作任务"), (260, "具体要求"), (560, "牵头单位")):
        page.drawString(x, 380, label)
    page.drawString(700, 380, "完成时限")
    page.showPage()
    page.save()
    return buffer.getvalue()


def _text_then_scanned_page() -> bytes:
    buffer = io.BytesIO()
    page = _canvas(buffer)
    _text_page(page, FRONT)
    page.showPage()
    # a blank sheet scanned at 200 dpi (760 × 500 pt), the quality OCR is measured on
    scan = Image.new("RGB", (2111, 1389), "white")
    page.drawImage(ImageReader(scan), 40, 40, 760, 500)
    page.showPage()
    _text_page(page, ("某县人民政府办公室", "2021年5月13日"))
    page.showPage()
    page.save()
    return buffer.getvalue()


def test_header_without_table_rules_is_no_task_table_error() -> None:
    with pytest.raises(ExtractionError) as raised:
        extract_bytes(_header_without_rules(), name="unruled.pdf")
    assert raised.value.kind == "no_task_table"
    assert "page 1 has a table header but no table rules" in raised.value.message
    assert "牵头单位" in raised.value.message


def test_notice_without_table_or_header_stays_valid() -> None:
    extraction = extract_file(NO_TABLE)
    assert extraction.meta["has_task_table"] is False
    assert extraction.rows == []
    assert extraction.problems == []


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["序号", "工作任务", "具体要求", "牵头单位", "完成时限"], True),
        (["工作任务", "牵头部门", "责任科室", "工作要求"], True),
        # Prose that names the columns is one long run, not separate labels.
        (["各责任单位要按照工作任务和具体要求由牵头单位抓好落实"], False),
        # Two labels are a caption pair (签发人 | 日期…), not a task-table header.
        (["工作任务", "具体要求"], False),
    ],
)
def test_header_line_recognition(labels: list[str], expected: bool) -> None:
    assert is_header_line(labels) is expected


@pytest.mark.ocr
def test_image_only_page_is_read_by_ocr_and_a_blank_one_reported() -> None:
    # The scanned page is blank: OCR reads nothing on it, which is reported.
    extraction = extract_bytes(_text_then_scanned_page(), name="scanned-page.pdf")
    kinds = [(p.kind, p.page) for p in extraction.problems]
    assert kinds == [("unreadable_page", 2)]
    assert extraction.meta["title"]


def test_text_pages_only_have_no_scanned_page_problem() -> None:
    extraction = extract_file(RULED)
    assert not [p for p in extraction.problems if p.kind in ("no_text_layer", "unreadable_page")]
    assert extraction.rows
