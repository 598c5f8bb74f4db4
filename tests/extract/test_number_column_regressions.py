"""Regression (issue 11, class 5): a number column without a header label.

A table with no 序号 header printed its row numbers in a narrow column of their own between
工作任务 and 具体要求 (under the 工作任务 header cell). The column read as one more category
level: every row's section ended in its number (["深化政策解读形式", "2"]) and seq was null.
The numbers are seq, in PDFs and in web pages alike."""

from __future__ import annotations

from pathlib import Path

from extract.api import extract_file
from extract.html_page import read_html
from extract.table.body import with_number_column
from extract.table.document import assemble
from extract.table.header import SEQ, column_roles

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures/layouts"
FIXTURE = "wp-seqcol-panzhihua-2017"
PRINTED = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]
PRINTED += ["23", "24", "25", "26", "27", "28", "29"]


def _page(body_rows: str) -> bytes:
    header = "<tr><td colspan='2'>工作任务</td><td>具体要求</td><td>牵头单位</td></tr>"
    return f"<html><body><p>附件</p><table>{header}{body_rows}</table></body></html>".encode()


def test_unlabelled_number_column_is_seq_in_the_word_export_and_its_web_page() -> None:
    for path in (
        LAYOUTS / "pdf" / f"{FIXTURE}.word.pdf",
        LAYOUTS / "html" / f"{FIXTURE}.page.html",
    ):
        rows = extract_file(path).rows
        assert [row["seq"] for row in rows] == PRINTED, path.name
        assert all(len(row["section"]) == 2 for row in rows), path.name
        assert not any(part.isdigit() for row in rows for part in row["section"]), path.name


def test_unlabelled_number_column_under_a_spanning_header_cell_is_seq() -> None:
    body = (
        "<tr><td rowspan='2'>深化政策解读形式</td><td>1</td><td>公开甲。</td><td>县政府办</td></tr>"
        "<tr><td>2</td><td>公开乙。</td><td>县发改局</td></tr>"
    )
    table = assemble(read_html(_page(body)))
    assert [(r.seq, r.section) for r in table.rows] == [
        ("1", ["深化政策解读形式"]),
        ("2", ["深化政策解读形式"]),
    ]


def test_a_category_column_of_words_stays_a_category() -> None:
    roles = column_roles(["工作任务", "工作任务", "具体要求", "牵头单位"])
    assert roles is not None
    body = (
        "<tr><td>深化政策解读形式</td><td>（一）加强解读</td><td>公开甲。</td><td>县政府办</td></tr>"
        "<tr><td>深化政策解读形式</td><td>3</td><td>公开乙。</td><td>县发改局</td></tr>"
    )
    table = assemble(read_html(_page(body)))
    # one bare number among words is a category text, not a number column
    assert [r.seq for r in table.rows] == [None, None]
    assert [r.section[-1] for r in table.rows] == ["（一）加强解读", "3"]
    assert SEQ not in with_number_column(roles, []).roles
