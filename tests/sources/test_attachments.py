"""Attachment links, notice pages as documents, Content-Disposition names, and the sniff."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from extract.sources import content_type as ct
from extract.sources.attachments import (
    filename_from_disposition,
    find_attachments,
    is_notice_document,
    safe_display_name,
)
from tests.fixtures.zip_bytes import zip_bytes

NAME = "宁阳县政务公开工作任务分解表.pdf"
PAGE = "http://www.example.gov.cn/art/2017/3/1/art_1.html"


def test_attachment_links_without_extension_are_found() -> None:
    html = (
        '<p>附件：<a href="/module/download/downfile.jsp?classid=0&filename=1703011.pdf">任务分解表</a></p>'
        '<a href="/module/download/downfile.jsp?classid=0&filename=8f3c2a71e0">附件2</a>'
        '<a href="/picture/0/s.doc">分工表.doc</a><a href="/art/2017/other.html">上一篇</a>'
    )
    found = [a.url.removeprefix("http://www.example.gov.cn") for a in find_attachments(html, PAGE)]
    assert found == [
        "/module/download/downfile.jsp?classid=0&filename=1703011.pdf",
        "/module/download/downfile.jsp?classid=0&filename=8f3c2a71e0",
        "/picture/0/s.doc",
    ]


def test_a_page_is_a_document_when_it_carries_the_notice() -> None:
    title = re.compile("政务公开.*任务分解")
    table = (
        "<title>X</title><table><tr><td>序号</td><td>工作任务</td><td>责任单位</td></tr>"
        "<tr><td>1</td><td>公开预算</td><td>财政局</td></tr></table>"
    )
    layout = "<title>某县政府</title><table><tr><td>首页</td></tr><tr><td>通知</td></tr></table>"
    wrapper = "<title>政务公开工作任务分解表的通知</title><p>见附件</p>"
    assert is_notice_document(table, [], title)
    assert not is_notice_document(layout, [], title)
    assert is_notice_document(wrapper, [], title)  # published as text, no table
    attachment = find_attachments('<a href="/f/a.pdf">附件</a>', PAGE)
    assert not is_notice_document(wrapper, attachment, title)  # the notice is in the file


@pytest.mark.parametrize(
    "header",
    [
        f'attachment; filename="{quote(NAME.encode("gbk"))}"',
        f'attachment; filename="{quote(NAME)}"',
        f"attachment; filename*=UTF-8''{quote(NAME)}",
        f"attachment; filename=\"fallback.pdf\"; filename*=utf-8''{quote(NAME)}",
        f"attachment; filename*=GBK''{quote(NAME.encode('gbk'))}",
        'attachment; filename="=?UTF-8?B?5a6B6Ziz5Y6/5pS/5Yqh5YWs5byA5bel5L2c5Lu75Yqh5YiG6Kej6KGoLnBkZg==?="',
        'attachment; filename="' + NAME.encode("gbk").decode("latin-1") + '"',  # raw GBK bytes
        'attachment; filename="' + NAME.encode("utf-8").decode("latin-1") + '"',  # raw UTF-8
    ],
)
def test_content_disposition_names_decode(header: str) -> None:
    assert filename_from_disposition(header) == NAME


def test_content_disposition_without_name() -> None:
    assert filename_from_disposition("attachment") is None
    assert filename_from_disposition(None) is None


def test_server_names_are_reduced_to_a_display_name_never_refused() -> None:
    assert safe_display_name("C:\\Users\\admin\\桌面\\分解表.pdf") == "分解表.pdf"
    assert safe_display_name("分解表.pdf") == "分解表.pdf"
    assert safe_display_name("../../../../tmp/x.pdf") == "x.pdf"
    assert safe_display_name("a/../../b.pdf") == "b.pdf"
    assert safe_display_name("..\\..\\x.pdf") == "x.pdf"
    assert safe_display_name("x\x00\x1b[31m.pdf") == "x  [31m.pdf"
    assert safe_display_name("../..") is None
    assert safe_display_name("/") is None


def _zip(names: list[str]) -> bytes:
    return zip_bytes(dict.fromkeys(names, "x"))


def test_sniff_reads_the_bytes(samples: Path) -> None:
    assert ct.sniff((samples / "yishui-2018.pdf").read_bytes()) == ct.PDF
    assert ct.sniff("\ufeff<!DOCTYPE html><html>".encode()) == ct.HTML
    assert ct.sniff("  <table><tr><td>序号</td></tr></table>".encode("gbk")) == ct.HTML
    assert ct.sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) == ct.DOC
    assert ct.sniff(_zip(["[Content_Types].xml", "word/document.xml"])) == ct.DOCX
    assert ct.sniff(_zip(["xl/workbook.xml"])) == ct.XLSX
    assert ct.sniff(_zip(["a.txt"])) == ct.ZIP
    assert ct.sniff(b"") == ct.EMPTY
    assert ct.sniff("文件不存在".encode("gbk")) == ct.TEXT
    assert ct.sniff(bytes(range(256))) == ct.BINARY
