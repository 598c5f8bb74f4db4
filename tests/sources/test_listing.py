"""Listing pages: links, titles and the next page, in the shapes real portals use."""

from __future__ import annotations

from extract.sources.charset import decode_html
from extract.sources.listing import parse_listing

BASE = "http://www.example.gov.cn/col/col1234/index.html"


def test_links_are_absolute_with_full_titles_and_navigation_kept_apart() -> None:
    html = (
        '<ul><li><a href="../../art/2017/3/1/art_1_1.html" title="宁阳县政务公开工作任务分解表的通知">'
        "宁阳县政务公开工作任务…</a></li>"
        '<li><a href="javascript:void(0)">打印</a></li><li><a href="#top">顶部</a></li></ul>'
        '<a href="index.html">首页</a><a href="index_2.html">下一页</a><a href="index_9.html">尾页</a>'
    )
    page = parse_listing(html, BASE)
    assert [(ln.url, ln.title) for ln in page.links] == [
        (
            "http://www.example.gov.cn/art/2017/3/1/art_1_1.html",
            "宁阳县政务公开工作任务分解表的通知",
        )
    ]
    assert page.next_url == "http://www.example.gov.cn/col/col1234/index_2.html"


def test_last_page_link_gives_the_numbered_next_page() -> None:
    nav = '<a href="index.html">首页</a> <a href="index_5.html">尾页</a>'
    assert parse_listing(nav, BASE).next_url == BASE.replace("index.html", "index_2.html")
    on_page_2 = BASE.replace("index.html", "index_2.html")
    assert parse_listing(nav, on_page_2).next_url == BASE.replace("index.html", "index_3.html")
    on_last = BASE.replace("index.html", "index_5.html")
    assert parse_listing(nav, on_last).next_url is None


def test_trs_pager_script() -> None:
    html = '<script>createPageHTML(3, 0, "index", "shtml");</script>'
    assert parse_listing(html, BASE).next_url == BASE.replace("index.html", "index_1.shtml")
    last = '<script>createPageHTML(3, 2, "index", "shtml");</script>'
    assert parse_listing(last, BASE).next_url is None


def test_jcms_records_inside_cdata_are_read() -> None:
    html = (
        '<div id="1"><script type="text/xml"><datastore><recordset>'
        "<record><![CDATA[<li><a href='/art/2021/5/8/art_9_77.html'>"
        "2021年政务公开工作任务分解表</a></li>]]></record>"
        "</recordset></datastore></script></div>"
    )
    page = parse_listing(html, BASE)
    assert [ln.title for ln in page.links] == ["2021年政务公开工作任务分解表"]
    assert page.links[0].url == "http://www.example.gov.cn/art/2021/5/8/art_9_77.html"


def test_gbk_pages_decode_by_header_meta_or_detection() -> None:
    text = (
        "<html><head><title>政务公开工作任务分解表（镕）</title></head><body>"
        + "各乡镇人民政府、县直各部门：" * 20
    )
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    body = text.replace("<head>", "<head>" + meta).encode("gb18030")
    # 镕 is outside GB2312: decoding as the GB18030 superset keeps it.
    assert "镕" in decode_html(body)
    assert decode_html(text.encode("gbk"), "text/html; charset=GBK") == text
    assert "政务公开工作任务分解表" in decode_html(text.encode("gbk"))  # no declaration at all
    lying = ('<meta charset="gb2312">' + text).encode("utf-8")
    assert "政务公开工作任务分解表" in decode_html(lying)
