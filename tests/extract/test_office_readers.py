"""Word and Excel readers: merges read exactly, tables split by breaks joined, titles
never taken from file properties or an 附件 line, values as printed, formats sniffed
from the bytes; regression tests are named after the bug they pin down."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn

from extract.api import extract_bytes, extract_file
from extract.errors import ExtractionError
from extract.metadata import notice_metadata
from extract.office.docx import read_docx
from extract.office.sheet import cell_text
from extract.office.xls import read_xls
from extract.office.xlsx import read_xlsx
from extract.sniff import file_format, sniff
from extract.table.document import assemble
from extract.table.grid import PageGrid
from tests.extract.conftest import ROOT
from tests.fixtures.zip_bytes import zip_bytes
from tests.soffice_gate import require_soffice

OFFICE = ROOT / "tests/fixtures/office"
LAYOUTS = ROOT / "tests/fixtures/layouts"
HEADER = ["序号", "工作任务", "具体要求", "牵头单位", "完成时限"]


def _docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _task_docx(*, split: str | None = None) -> docx.document.Document:
    """附件, a title, and a 5-column task table: 工作任务 merged down rows 1-3, 牵头单位
    merged down rows 1-2, a group heading merged across row 0."""
    document = docx.Document()
    document.add_paragraph("附件")
    document.add_paragraph("某县2020年政务公开工作任务分解表")
    table = document.add_table(rows=5, cols=5)
    for c, label in enumerate(HEADER):
        table.cell(0, c).text = label
    heading = table.cell(1, 0).merge(table.cell(1, 4))
    heading.text = "一、加强重点领域信息公开"
    for r, requirement in zip(
        (2, 3, 4), ("公开财政预算。", "公开决算。", "公开审计结果。"), strict=True
    ):
        table.cell(r, 0).text = str(r - 1)
        table.cell(r, 2).text = requirement
        table.cell(r, 4).text = "全年"
    table.cell(2, 1).merge(table.cell(4, 1)).text = "（一）财政信息"
    table.cell(2, 3).merge(table.cell(3, 3)).text = "县财政局"
    table.cell(4, 3).text = "县审计局"
    document.add_paragraph()
    return document


def _grid(data: bytes) -> PageGrid:
    grids = [b for b in read_docx(data).blocks if isinstance(b, PageGrid)]
    assert len(grids) == 1
    return grids[0]


def test_word_vertical_and_horizontal_merges_become_exact_spans() -> None:
    grid = _grid(_docx_bytes(_task_docx()))
    assert len(grid.slots) == 5 and len(grid.slots[0]) == 5
    heading = grid.slots[1][0]
    assert heading.cols == (0, 4) and all(slot is heading for slot in grid.slots[1])
    category = grid.slots[2][1]
    assert category.rows == (2, 4) and category.text == "（一）财政信息"
    assert grid.slots[3][1] is category and grid.slots[4][1] is category
    lead = grid.slots[2][3]
    assert lead.rows == (2, 3) and grid.slots[3][3] is lead
    assert grid.slots[4][3].text == "县审计局"


def test_word_task_rows_fill_merged_cells_down() -> None:
    extraction = extract_bytes(_docx_bytes(_task_docx()), name="附件.docx")
    assert [(r["seq"], r["section"], r["lead_units_text"]) for r in extraction.rows] == [
        ("1", ["一、加强重点领域信息公开", "（一）财政信息"], "县财政局"),
        ("2", ["一、加强重点领域信息公开", "（一）财政信息"], "县财政局"),
        ("3", ["一、加强重点领域信息公开", "（一）财政信息"], "县审计局"),
    ]
    assert extraction.kind == "docx"


def test_word_core_properties_title_is_never_the_notice_title() -> None:
    document = _task_docx()
    document.core_properties.title = "Microsoft Word - 附件.docx"
    document.core_properties.author = "某县人民政府办公室"
    meta = extract_bytes(_docx_bytes(document)).meta
    assert meta["title"] is None and meta["issuer"] is None
    assert meta["table_title"] == "某县2020年政务公开工作任务分解表"


def test_attachment_whose_first_line_is_fujian_has_a_null_title() -> None:
    """Issue 11, class 6: an attachment on its own (附件 above its table title)."""
    for label in ("附件", "附件1", "附件2：", "附件："):
        meta = notice_metadata(
            [label, "寿光市2019年政务公开重点工作任务分工"],
            columns=["工作任务"],
            has_task_table=True,
        )
        assert meta["title"] is None, label
        assert meta["table_title"] == "寿光市2019年政务公开重点工作任务分工"
        assert meta["year"] == 2019 and meta["region"]["adcode"] == "370783"
    fixture = extract_file(OFFICE / "docx/att-panzhihua-2017.attachment.docx")
    assert fixture.meta["title"] is None and fixture.meta["body"] is None


def test_a_title_alone_above_a_table_is_the_table_title_not_the_notice_title() -> None:
    meta = notice_metadata(
        ["寿光市2019年政务公开重点工作任务分工"], columns=["a"], has_task_table=True
    )
    assert (meta["title"], meta["table_title"]) == (None, "寿光市2019年政务公开重点工作任务分工")
    notice = notice_metadata(
        ["关于印发寿光市2019年政务公开重点工作任务分工的通知"], columns=["a"], has_task_table=True
    )
    assert notice["title"] == "关于印发寿光市2019年政务公开重点工作任务分工的通知"


def test_word_table_split_by_a_page_break_is_one_table() -> None:
    """Ctrl+Enter in a Word table splits it in two around a page-break paragraph; the
    merged 工作任务 cell goes on, blank, in the second table."""
    document = _task_docx()
    first = document.tables[0]._tbl
    second = copy.deepcopy(first)
    for row in first.tr_lst[4:]:
        first.remove(row)
    for row in second.tr_lst[:4]:
        second.remove(row)
    for merge in second.xpath(".//w:vMerge"):
        merge.set(qn("w:val"), "restart")  # what Word leaves at the top of a split
    page_break = document.add_paragraph()
    page_break.add_run().add_break(WD_BREAK.PAGE)
    first.addnext(page_break._p)
    page_break._p.addnext(second)
    assert len(document.tables) == 2
    extraction = extract_bytes(_docx_bytes(document))
    assert [(r["section"], r["lead_units_text"]) for r in extraction.rows] == [
        (["一、加强重点领域信息公开", "（一）财政信息"], "县财政局"),
        (["一、加强重点领域信息公开", "（一）财政信息"], "县财政局"),
        (["一、加强重点领域信息公开", "（一）财政信息"], "县审计局"),
    ]
    assert extraction.problems == []


def test_word_layout_frame_around_the_task_table_is_read_through() -> None:
    extraction = extract_file(OFFICE / "docx/wp-ningyang-2017.nested.docx")
    expected = (OFFICE / "expected/wp-ningyang-2017.jsonl").read_text(encoding="utf-8")
    assert len(extraction.rows) == len(expected.splitlines()) == 30


def test_word_nested_table_inside_a_task_cell_is_text_of_that_cell() -> None:
    document = _task_docx()
    cell = document.tables[0].cell(4, 2)
    inner = cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "审计报告"
    inner.cell(0, 1).text = "整改情况"
    extraction = extract_bytes(_docx_bytes(document))
    assert len(extraction.rows) == 3
    assert extraction.rows[2]["requirement"] == "公开审计结果。审计报告整改情况"


def test_word_paragraph_text_skips_deleted_revisions_and_field_codes() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("保留")
    w = paragraph._p.nsmap["w"]
    deleted = paragraph._p.makeelement(f"{{{w}}}del", {})
    run = deleted.makeelement(f"{{{w}}}r", {})
    text = run.makeelement(f"{{{w}}}delText", {})
    text.text = "删除"
    run.append(text)
    deleted.append(run)
    paragraph._p.append(deleted)
    code = paragraph.add_run()._r
    instr = code.makeelement(f"{{{w}}}instrText", {})
    instr.text = " PAGE "
    code.append(instr)
    paragraph.add_run("文字").add_break()
    paragraph.add_run("下一行")
    blocks = read_docx(_docx_bytes(document)).blocks
    assert blocks == ["保留文字\n下一行"]


def test_spreadsheet_values_are_written_as_printed() -> None:
    import datetime as dt

    assert [cell_text(v) for v in (1.0, 23.0, 1.5, 7, None, True)] == [
        "1",
        "23",
        "1.5",
        "7",
        "",
        "TRUE",
    ]
    assert cell_text(dt.datetime(2019, 6, 30)) == "2019年6月30日"
    assert cell_text("县财政局\r\n县审计局 ") == "县财政局\n县审计局"


def _workbook(trailing: bool) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["某县2020年政务公开工作任务分解表"])
    ws.merge_cells("A1:E1")
    ws.append(HEADER)
    ws.append([1.0, "（一）财政信息", "公开财政预算。", "县财政局", "全年"])
    ws.append([2.0, None, "公开决算。", None, "全年"])
    ws.merge_cells("B3:B4")
    ws.merge_cells("D3:D4")
    if trailing:
        ws["H30"].number_format = "0.00"  # formatted, empty: not part of the table
        ws["G2"] = ""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_excel_floats_merges_and_title_row() -> None:
    extraction = extract_bytes(_workbook(trailing=True), name="book.xlsx")
    assert extraction.kind == "xlsx"
    assert [(r["seq"], r["section"], r["lead_units_text"]) for r in extraction.rows] == [
        ("1", ["（一）财政信息"], "县财政局"),
        ("2", ["（一）财政信息"], "县财政局"),
    ]
    assert extraction.meta["title"] is None
    assert extraction.meta["table_title"] == "某县2020年政务公开工作任务分解表"
    assert extraction.meta["columns"] == HEADER


def test_excel_trailing_empty_rows_and_columns_are_not_table_columns() -> None:
    document = read_xlsx(_workbook(trailing=True))
    grids = [b for b in document.blocks if isinstance(b, PageGrid)]
    assert [len(grids[0].slots), len(grids[0].slots[0])] == [3, 5]


def test_excel_every_sheet_holding_the_task_table_is_read() -> None:
    extraction = extract_file(OFFICE / "xlsx/att-panzhihua-2017.book.xlsx")
    assert [r["seq"] for r in extraction.rows][11:13] == ["12", "23"]  # sheet 2 starts at 23
    assert extraction.meta["title"] is None  # 附件 in A1


def test_xls_merges_equal_xlsx_merges() -> None:
    """calamine exposes BIFF8 merged ranges: .xls needs no LibreOffice."""
    for stem in ("att-panzhihua-2017.book", "att-shouguang-2019.book"):
        xlsx = assemble(read_xlsx((OFFICE / f"xlsx/{stem}.xlsx").read_bytes()))
        xls = assemble(read_xls((OFFICE / f"xls/{stem}.xls").read_bytes()))
        assert xlsx.rows == xls.rows and xlsx.rows


def test_office_expected_twins_equal_the_layout_expected_files() -> None:
    for path in sorted((OFFICE / "expected").glob("wp-*")):
        assert path.read_bytes() == (LAYOUTS / "expected" / path.name).read_bytes()
    for slug, twin in (
        ("att-panzhihua-2017", "wp-panzhihua-2017"),
        ("att-shouguang-2019", "wp-shouguang-2019"),
    ):
        rows = (OFFICE / f"expected/{slug}.jsonl").read_text(encoding="utf-8").splitlines()
        twin_rows = (LAYOUTS / f"expected/{twin}.jsonl").read_text(encoding="utf-8").splitlines()
        strip = [{**json.loads(r), "notice_id": None} for r in rows]
        assert strip == [{**json.loads(r), "notice_id": None} for r in twin_rows]


# ------------------------------------------------------------------ sniffing


def _zip(names: list[str]) -> bytes:
    return zip_bytes(dict.fromkeys(names, "<x/>"))


def test_formats_are_sniffed_from_the_bytes_not_the_name() -> None:
    assert sniff((OFFICE / "docx/wp-ningyang-2017.nested.docx").read_bytes()) == "docx"
    assert sniff((OFFICE / "doc/wp-ningyang-2017.nested.doc").read_bytes()) == "doc"
    assert sniff((OFFICE / "xlsx/att-shouguang-2019.book.xlsx").read_bytes()) == "xlsx"
    assert sniff((OFFICE / "xls/att-shouguang-2019.book.xls").read_bytes()) == "xls"
    data = (OFFICE / "xlsx/att-shouguang-2019.book.xlsx").read_bytes()
    assert extract_bytes(data, name="download.pdf").kind == "xlsx"


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (_zip(["a.txt"]), "zip"),
        (b"Rar!\x1a\x07\x01\x00" + b"\0" * 64, "rar"),
        (b"GIF89a" + b"\0" * 64, "gif"),
        (b"BM" + b"\0" * 64, "bmp"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024, "ole2"),
    ],
    ids=["zip", "rar", "gif", "bmp", "ole2-other"],
)
def test_unsupported_formats_fail_with_their_type_named(data: bytes, named: str) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_bytes(data, name="attachment.pdf")
    assert caught.value.kind == "unsupported_format"
    assert f"({named})" in caught.value.message
    assert caught.value.format == named == file_format(data)


def test_broken_office_files_are_corrupt() -> None:
    good = (OFFICE / "docx/wp-ningyang-2017.nested.docx").read_bytes()
    for data in (_zip(["[Content_Types].xml", "word/document.xml"]), good[: len(good) // 2]):
        with pytest.raises(ExtractionError) as caught:
            extract_bytes(data)
        assert caught.value.kind in ("corrupt", "unsupported_format")
    with pytest.raises(ExtractionError) as caught:
        extract_bytes(_zip(["[Content_Types].xml", "xl/workbook.xml"]))
    assert caught.value.kind == "corrupt"


# ------------------------------------------------------------------ LibreOffice


def test_doc_without_libreoffice_is_converter_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTICES_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(ExtractionError) as caught:
        extract_file(OFFICE / "doc/wp-ningyang-2017.nested.doc")
    assert caught.value.kind == "converter_missing"
    assert "libreoffice-writer-nogui" in caught.value.message
    assert caught.value.format == "doc"


def test_hung_converter_is_killed_with_its_children_at_the_timeout(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A converter that never finishes: the document fails as converter_failed and no
    process of its group survives (a real process tree, not a mock of LibreOffice)."""
    import os
    import time

    child_pid = tmp_path / "child.pid"
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {child_pid}\nwait\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("NOTICES_SOFFICE", str(script))
    monkeypatch.setenv("NOTICES_SOFFICE_TIMEOUT", "1")
    with pytest.raises(ExtractionError) as caught:
        extract_file(OFFICE / "doc/wp-ningyang-2017.nested.doc")
    assert caught.value.kind == "converter_failed"
    pid = int(child_pid.read_text())
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"the converter's child {pid} survived the timeout")


def test_doc_conversion_seconds_are_recorded() -> None:
    require_soffice()
    extraction = extract_file(OFFICE / "doc/wp-ningyang-2017.nested.doc")
    assert extraction.kind == "doc"
    assert extraction.timings["convert_seconds"] > 0
    assert len(extraction.rows) == 30


def test_word_row_starting_after_grid_before_keeps_its_cells_in_their_columns() -> None:
    """w:gridBefore: a row whose first grid column holds no cell (its 序号 left out)."""
    document = _task_docx()
    row = document.tables[0].rows[4]._tr
    row.remove(row.tc_lst[0])
    tr_pr = row.get_or_add_trPr()
    before = tr_pr.makeelement(qn("w:gridBefore"), {qn("w:val"): "1"})
    tr_pr.append(before)
    grid = _grid(_docx_bytes(document))
    assert [cell.text for cell in grid.slots[4]] == [
        "",
        "（一）财政信息",
        "公开审计结果。",
        "县审计局",
        "全年",
    ]


def test_header_repeated_inside_a_table_is_not_a_task_row() -> None:
    """LibreOffice's .doc import joins a table split by a section break back into one
    table, with the second part's header row inside it and its merged cells restarted
    blank: the header is skipped and the blank cells go on from above."""
    document = _task_docx()
    table = document.tables[0]._tbl
    rows = table.tr_lst
    rows[4].addprevious(copy.deepcopy(rows[0]))
    for merge in rows[4].xpath(".//w:vMerge"):
        merge.set(qn("w:val"), "restart")
    extraction = extract_bytes(_docx_bytes(document))
    assert [(r["seq"], r["section"]) for r in extraction.rows] == [
        (str(n), ["一、加强重点领域信息公开", "（一）财政信息"]) for n in (1, 2, 3)
    ]
    assert extraction.problems == []


def test_second_task_table_of_another_width_is_read_not_dropped() -> None:
    """A workbook or Word file with a second task table shaped differently (no 序号
    column): its rows follow the first table's instead of being lost."""
    document = _task_docx()
    document.add_paragraph("附件2")
    second = document.add_table(rows=3, cols=3)
    for c, label in enumerate(["工作任务", "责任单位", "完成时限"]):
        second.cell(0, c).text = label
    second.cell(1, 0).text = "公开政府工作报告。"
    second.cell(1, 1).text = "县政府办公室"
    second.cell(1, 2).text = "2020年3月底前"
    second.cell(2, 0).text = "公开人事任免信息。"
    second.cell(2, 1).text = "县人社局"
    second.cell(2, 2).text = "及时"
    extraction = extract_bytes(_docx_bytes(document), name="two-tables.docx")
    requirements = [row["requirement"] for row in extraction.rows]
    assert requirements == [
        "公开财政预算。",
        "公开决算。",
        "公开审计结果。",
        "公开政府工作报告。",
        "公开人事任免信息。",
    ]
    assert extraction.rows[3]["responsible_units"] == ["县政府办公室"]
