"""A small government portal served by a real HTTP server on 127.0.0.1, for the fetch tests.

Pages are GBK-encoded like most county portals; attachments come from extension-less
download URLs; a few resources misbehave on purpose. The server logs every request
with its conditional headers so tests can check what a run asked for.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

from extract.sources.config import SourcesConfig
from tests.fixtures.zip_bytes import zip_bytes

GBK_PAGE = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    "<title>{title}</title></head><body>{body}</body></html>"
)
DOWNFILE = "/module/download/downfile.jsp?classid=0&filename="


@dataclass
class Resource:
    body: bytes | Callable[[], bytes] = b""
    content_type: str = "text/html"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    delay_s: float = 0.0
    fail_first: int = 0  # answer 500 to the first N requests
    chunked_size: int = 0  # stream this many bytes with no Content-Length
    drip_s: float = 0.0  # send status line and headers one byte every drip_s seconds
    short_by: int = 0  # declare the full Content-Length, send this many bytes less, close


@dataclass(frozen=True)
class Hit:
    path: str
    status: int
    if_none_match: str | None
    if_modified_since: str | None
    user_agent: str | None
    body_bytes: int

    @property
    def conditional(self) -> bool:
        return bool(self.if_none_match or self.if_modified_since)


class Portal:
    def __init__(self) -> None:
        self.routes: dict[str, Resource] = {}
        self.hits: list[Hit] = []
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits_since(self, start: int) -> list[Hit]:
        with self._lock:
            return list(self.hits[start:])

    def count_and_log(self, path: str) -> int:
        with self._lock:
            self._counts[path] = self._counts.get(path, 0) + 1
            return self._counts[path]

    def log(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def start(self) -> None:
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return

            def do_GET(self) -> None:
                portal.handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def handle(self, req: BaseHTTPRequestHandler) -> None:
        res = self.routes.get(req.path)
        inm, ims = req.headers.get("If-None-Match"), req.headers.get("If-Modified-Since")
        ua = req.headers.get("User-Agent")
        nth = self.count_and_log(req.path)

        def reply(status: int, body: bytes, headers: dict[str, str]) -> None:
            self.log(Hit(req.path, status, inm, ims, ua, len(body)))
            try:
                req.send_response(status)
                for k, v in headers.items():
                    req.send_header(k, v)
                req.send_header("Content-Length", str(len(body)))
                req.end_headers()
                req.wfile.write(body)
            except OSError:
                pass  # the client gave up (timeout test)

        if res is None:
            reply(404, b"<html>404</html>", {"Content-Type": "text/html"})
            return
        if res.delay_s:
            time.sleep(res.delay_s)
        if nth <= res.fail_first:
            reply(500, b"<html>busy</html>", {"Content-Type": "text/html"})
            return
        if (res.etag and inm == res.etag) or (res.last_modified and ims == res.last_modified):
            reply(304, b"", {})
            return
        headers = {"Content-Type": res.content_type, **res.headers}
        if res.etag:
            headers["ETag"] = res.etag
        if res.last_modified:
            headers["Last-Modified"] = res.last_modified
        if res.chunked_size:
            self._stream_without_length(req, res, headers, inm, ims, ua)
            return
        if res.drip_s or res.short_by:
            self._misbehave(req, res, headers, Hit(req.path, res.status, inm, ims, ua, 0))
            return
        body = res.body() if callable(res.body) else res.body
        reply(res.status, body, headers)

    def _stream_without_length(
        self,
        req: BaseHTTPRequestHandler,
        res: Resource,
        headers: dict[str, str],
        inm: str | None,
        ims: str | None,
        ua: str | None,
    ) -> None:
        # HTTP/1.0 without Content-Length: the body ends when the connection closes,
        # so only a streamed size check can stop it.
        self.log(Hit(req.path, 200, inm, ims, ua, res.chunked_size))
        try:
            req.send_response(200)
            for k, v in headers.items():
                req.send_header(k, v)
            req.end_headers()
            chunk = b"%PDF-1.4\n" + b"0" * 65527
            for _ in range(res.chunked_size // len(chunk)):
                req.wfile.write(chunk)
        except OSError:
            pass
        req.close_connection = True

    def _misbehave(
        self, req: BaseHTTPRequestHandler, res: Resource, headers: dict[str, str], hit: Hit
    ) -> None:
        """A slow-drip head (one byte at a time) or a body cut short of its length."""
        self.log(hit)
        body = res.body() if callable(res.body) else res.body
        head = f"HTTP/1.1 {res.status} OK\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in {**headers, "Content-Length": len(body)}.items()
        )
        raw = head.encode("latin-1") + b"\r\n"
        try:
            if res.drip_s:
                for i in range(len(raw)):
                    req.wfile.write(raw[i : i + 1])
                    req.wfile.flush()
                    time.sleep(res.drip_s)
                req.wfile.write(body)
            else:
                req.wfile.write(raw + body[: len(body) - res.short_by])
            req.wfile.flush()
        except OSError:
            pass  # the client gave up, as it should
        req.close_connection = True


def etag_of(data: bytes) -> str:
    return '"' + hashlib.sha1(data).hexdigest()[:16] + '"'


def gbk_page(title: str, body: str) -> bytes:
    return GBK_PAGE.format(title=title, body=body).encode("gbk")


def listing(items: list[tuple[str, str]], nav: str) -> str:
    lis = "".join(f'<li><a href="{href}" target="_blank">{text}</a></li>' for href, text in items)
    # Navigation links and a site menu, as real listings have.
    menu = '<a href="/index.html">首页</a> <a href="/col/col9/index.html">政务公开</a>'
    return f"<div>{menu}</div><ul>{lis}</ul><div class='pager'>{nav}</div>"


NOTICE_A = "宁阳县人民政府办公室关于印发2017年政务公开工作任务分解表的通知"
NOTICE_B = "沂水县2018年政务公开工作任务分工方案"
NOTICE_C = "凉山州2021年政务公开工作任务分解表"
NOTICE_D = "某县2021年政务公开工作任务分解表（附件故障）"
NOTICE_E = "新发布：2022年政务公开工作任务分解表"
UNRELATED = "关于举办全县职工运动会的通知"
NAME_A1 = "宁阳县2017年政务公开工作任务分解表.pdf"
NAME_A2 = "宁阳县政务公开任务分解表（划线版）.pdf"
NAME_C1 = "凉山州政务公开任务分解表.pdf"
# Attachments of notice D that fail, by the fault kind each must produce.
FAULT_PATHS = {
    "timeout": DOWNFILE + "hang",
    "foreign_redirect": "/files/moved.pdf",
    "too_large": DOWNFILE + "huge",
    "bad_content_type": DOWNFILE + "errpage",
    "not_found": "/files/missing.pdf",
}
LAST_MODIFIED = "Wed, 01 Mar 2017 08:00:00 GMT"

INLINE_TABLE = (
    "<p>各乡镇人民政府，县政府各部门：</p>"
    "<table border='1'><tr><td>序号</td><td>工作任务</td><td>责任单位</td><td>完成时限</td></tr>"
    "<tr><td>1</td><td>及时公开财政预决算信息</td><td>县财政局</td><td>2018年6月底前</td></tr>"
    "<tr><td>2</td><td>公开重大建设项目批准和实施信息</td><td>县发展改革局</td><td>持续推进</td></tr>"
    "</table>"
)


# The documents the portal offers: every matching notice page carrying the notice
# itself, and every attachment; the duplicate /files/dup/ningyang-copy is not among them.
EXPECTED_DOCUMENTS = {
    "/module/download/downfile.jsp?classid=0&filename=8f3c2a71e0": "ningyang-2017.grid.pdf",
    "/module/download/downfile.jsp?classid=0&filename=8f3c2a71e1": "ningyang-2017.ruled.pdf",
    "/module/download/downfile.jsp?classid=0&filename=flaky500": "liangshan-2021.grid.pdf",
    "/old/liangshan-ruled.pdf": "liangshan-2021.ruled.pdf",
    "/files/2018/yishui.pdf": "yishui-2018.pdf",
    "/art/2018/notice_b.html": None,  # the notice published as a page with its table
}
LISTINGS = ["/col/col1/index.html", "/col/col1/index_2.html", "/col/col1/index_3.html"]
NOTICE_PAGES = [
    "/art/2017/notice_a.html",
    "/art/2018/notice_b.html",
    "/art/2021/notice_c.html",
    "/art/2021/notice_d.html",
]


def build_portal(samples: Path) -> Portal:
    """The portal's pages and files; tests read the same routes to know what to expect."""
    pdf = {p.name: p.read_bytes() for p in sorted(samples.glob("*.pdf"))}
    portal = Portal()
    r = portal.routes

    def octet(
        data: bytes,
        disposition: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        fail_first: int = 0,
    ) -> Resource:
        return Resource(
            data,
            "application/octet-stream",
            headers={"Content-Disposition": disposition},
            etag=etag,
            last_modified=last_modified,
            fail_first=fail_first,
        )

    a1, a2 = DOWNFILE + "8f3c2a71e0", DOWNFILE + "8f3c2a71e1"
    r[a1] = octet(
        pdf["ningyang-2017.grid.pdf"],
        f'attachment; filename="{quote(NAME_A1.encode("gbk"))}"',
        etag=etag_of(pdf["ningyang-2017.grid.pdf"]),
    )
    r[a2] = octet(
        pdf["ningyang-2017.ruled.pdf"],
        f"attachment; filename=\"a2.pdf\"; filename*=UTF-8''{quote(NAME_A2)}",
        last_modified=LAST_MODIFIED,
    )
    r["/art/2017/notice_a.html"] = Resource(
        gbk_page(
            NOTICE_A,
            f"<h1>{NOTICE_A}</h1><p>现将任务分解表印发给你们。</p>"
            f'<p>附件：<a href="{a1}">{NAME_A1}</a></p>'
            f'<p><a href="{a2}">附件2</a></p>'
            '<p><a href="/art/2017/notice_a.html#top">返回顶部</a></p>',
        ),
        "text/html",
        etag='"page-a"',
    )
    r["/art/2018/notice_b.html"] = Resource(
        gbk_page(NOTICE_B, f"<h1>{NOTICE_B}</h1>{INLINE_TABLE}"),
        "text/html; charset=GBK",
        last_modified=LAST_MODIFIED,
    )
    c1, c_old = DOWNFILE + "flaky500", "/old/liangshan-ruled.pdf"
    r[c1] = octet(
        pdf["liangshan-2021.grid.pdf"],
        f'attachment; filename="{quote(NAME_C1)}"',  # percent-encoded UTF-8
        etag=etag_of(pdf["liangshan-2021.grid.pdf"]),
        fail_first=1,
    )
    r["/files/dup/ningyang-copy"] = octet(
        pdf["ningyang-2017.grid.pdf"], "attachment", etag=etag_of(pdf["ningyang-2017.grid.pdf"])
    )
    r[c_old] = Resource(b"", status=302, headers={"Location": "/files/2021/liangshan-ruled"})
    r["/files/2021/liangshan-ruled"] = Resource(
        pdf["liangshan-2021.ruled.pdf"], "application/pdf", etag='"ls-ruled"'
    )
    # A PDF labelled as HTML: the bytes decide.
    r["/files/2018/yishui.pdf"] = Resource(
        pdf["yishui-2018.pdf"], "text/html", last_modified=LAST_MODIFIED
    )
    r["/art/2021/notice_c.html"] = Resource(
        gbk_page(
            NOTICE_C,
            f'<p>附件：</p><a href="{c1}">附件1</a> <a href="/files/dup/ningyang-copy">附件2</a> '
            f'<a href="{c_old}">附件3.pdf</a> <a href="/files/2018/yishui.pdf">沂水附件</a>',
        ),
        "text/html",
        etag='"page-c"',
    )
    faults = FAULT_PATHS
    r[faults["timeout"]] = Resource(pdf["yishui-2018.pdf"], "application/pdf", delay_s=1.5)
    r[faults["foreign_redirect"]] = Resource(
        b"", status=302, headers={"Location": "http://files.elsewhere.example/x.pdf"}
    )
    r[faults["too_large"]] = Resource(content_type="application/octet-stream", chunked_size=3 << 20)
    error_page = "<html><body>文件不存在或已被删除</body></html>".encode("gbk")
    r[faults["bad_content_type"]] = Resource(
        error_page, "application/pdf", etag=etag_of(error_page)
    )
    r["/art/2021/notice_d.html"] = Resource(
        gbk_page(
            NOTICE_D,
            "".join(f'<a href="{u}">附件{i}</a> ' for i, u in enumerate(faults.values(), 1))
            + '<a href="http://cdn.elsewhere.example/att.pdf">附件7</a>',
        ),
        "text/html",
        etag='"page-d"',
    )
    r["/art/2017/sports.html"] = Resource(gbk_page(UNRELATED, "<p>运动会</p>"), "text/html")

    page1 = listing(
        [
            ("/art/2017/notice_a.html", NOTICE_A),
            ("/art/2017/sports.html", UNRELATED),
            ("http://www.other-county.gov.cn/art/x.html", "外县政务公开工作任务分解表"),
        ],
        '<a href="index.html">首页</a> <a href="index_2.html">下一页</a> <a href="index_3.html">尾页</a>',
    )
    r["/col/col1/index.html"] = Resource(
        gbk_page("通知公告", page1), "text/html", last_modified=LAST_MODIFIED
    )
    page2 = listing(
        [
            ("/art/2018/notice_b.html", NOTICE_B),
            ("/art/2021/notice_c.html", NOTICE_C),
            ("/art/2021/notice_d.html", NOTICE_D),
        ],
        '<a href="index.html">上一页</a> <a href="index_3.html">下一页</a>',
    )
    r["/col/col1/index_2.html"] = Resource(gbk_page("通知公告", page2), "text/html", etag='"l2"')
    # The last page repeats a notice (listings shift while being read).
    page3 = listing([("/art/2017/notice_a.html", NOTICE_A)], '<a href="index_2.html">上一页</a>')
    r["/col/col1/index_3.html"] = Resource(gbk_page("通知公告", page3), "text/html", etag='"l3"')
    return portal


def publish_new_notice(portal: Portal, samples: Path) -> str:
    """A new notice appears on the first listing page; returns its attachment path."""
    data = (samples / "liangshan-2021.grid.pdf").read_bytes() + b"\n% revised\n"
    att = DOWNFILE + "new2022"
    portal.routes[att] = Resource(
        data,
        "application/octet-stream",
        headers={"Content-Disposition": "attachment"},
        etag=etag_of(data),
    )
    portal.routes["/art/2022/notice_e.html"] = Resource(
        gbk_page(NOTICE_E, f'<a href="{att}">附件</a>'), "text/html", etag='"page-e"'
    )
    page1 = listing(
        [("/art/2022/notice_e.html", NOTICE_E), ("/art/2017/notice_a.html", NOTICE_A)],
        '<a href="index_2.html">下一页</a>',
    )
    portal.routes["/col/col1/index.html"] = Resource(
        gbk_page("通知公告", page1), "text/html", last_modified="Sat, 01 Jan 2022 08:00:00 GMT"
    )
    return att


# Fast but real settings: short timeouts, one retry, tiny backoff, no politeness wait.
FAST_HTTP: dict[str, Any] = {
    "min_interval_s": 0,
    "timeout_s": 0.4,
    "connect_timeout_s": 0.4,
    "retries": 1,
    "backoff_initial_s": 0.01,
    "backoff_max_s": 0.02,
    "max_bytes": 1_000_000,
}


def http_source(source_id: str, index_url: str, **overrides: Any) -> dict[str, Any]:
    return {"id": source_id, "type": "http", "index_url": index_url, **FAST_HTTP, **overrides}


def make_config(*sources: dict[str, Any], base_dir: Path) -> SourcesConfig:
    return SourcesConfig.from_dict({"sources": list(sources)}, base_dir=base_dir)


# -- A notice published with attachments in every format a portal uses ----------------

FORMATS_LISTING = "/col/col2/index.html"
FORMATS_PAGE = "/art/2023/notice_f.html"
NOTICE_F = "宁阳县人民政府办公室关于印发2023年政务公开工作任务分解表的通知"
NOTICE_F_NUMBER = "宁政办发〔2023〕5号"
NOTICE_F_ISSUER = "宁阳县人民政府办公室"
HOSTILE_NAME = "../../../../tmp/x\x1b[31m.pdf"
# Every attachment of notice F: its download path, the file's bytes come from
# `format_files`, and each is served behind an extension-less URL.
FORMAT_PATHS = {
    "docx": DOWNFILE + "f-docx",
    "doc": DOWNFILE + "f-doc",
    "xls": DOWNFILE + "f-xls",
    "xlsx": DOWNFILE + "f-xlsx",
    "ofd": DOWNFILE + "f-ofd",
    "zip": DOWNFILE + "f-zip",
    "png": DOWNFILE + "f-png",
    "hostile_pdf": DOWNFILE + "f-hostile",
    "html_table": DOWNFILE + "f-html",
}
TASK_TABLE_HTML = (
    "<html><head><meta charset='utf-8'></head><body><p>附件</p>"
    "<table border='1'><tr><td>序号</td><td>工作任务</td><td>责任单位</td><td>完成时限</td></tr>"
    "<tr><td>1</td><td>及时公开财政预决算信息</td><td>县财政局</td><td>6月底前</td></tr>"
    "<tr><td>2</td><td>公开重大建设项目批准和实施信息</td><td>县发展改革局</td><td>持续推进</td></tr>"
    "</table></body></html>"
)


def format_files(samples: Path) -> dict[str, bytes]:
    """The bytes of notice F's attachments (Office files made by python-docx, openpyxl
    and LibreOffice: tests/sources/fixtures/README.md)."""
    fixtures = Path(__file__).parent / "fixtures"
    ofd_xml = b'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'
    return {
        "docx": (fixtures / "table.docx").read_bytes(),
        "doc": (fixtures / "table.doc").read_bytes(),
        "xls": (fixtures / "table.xls").read_bytes(),
        "xlsx": (fixtures / "table.xlsx").read_bytes(),
        "ofd": zip_bytes({"OFD.xml": ofd_xml, "Doc_0/Document.xml": b"<ofd:Document/>"}),
        "zip": zip_bytes({"任务分解表.pdf": (samples / "yishui-2018.pdf").read_bytes()}),
        "png": b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17,
        "hostile_pdf": (samples / "ningyang-2017.grid.pdf").read_bytes() + b"\n% hostile name\n",
        "html_table": TASK_TABLE_HTML.encode("utf-8"),
    }


def add_formats_notice(portal: Portal, samples: Path, *, link_title_extra: str = "") -> None:
    """Notice F on its own listing (/col/col2/): a county notice page naming its title,
    文号, issuer and date, with one attachment per format behind extension-less URLs."""
    files = format_files(samples)
    r = portal.routes
    dispositions = {
        "docx": f"attachment; filename*=UTF-8''{quote('任务分解表.docx')}",
        "hostile_pdf": f'attachment; filename="{HOSTILE_NAME}"',
    }
    for key, path in FORMAT_PATHS.items():
        headers = {"Content-Disposition": dispositions[key]} if key in dispositions else {}
        content_type = {
            "xls": "application/vnd.ms-excel",
            "html_table": "text/html; charset=utf-8",
        }.get(key, "application/octet-stream")
        r[path] = Resource(files[key], content_type, headers=headers, etag=etag_of(files[key]))
    links = "".join(
        f'<p><a href="{path}">附件{i}{link_title_extra}</a></p>'
        for i, path in enumerate(FORMAT_PATHS.values(), 1)
    )
    r[FORMATS_PAGE] = Resource(
        gbk_page(
            NOTICE_F,
            f"<h1>{NOTICE_F}</h1><p>{NOTICE_F_NUMBER}</p><p>各乡镇人民政府，县政府各部门：</p>"
            f"<p>现将《2023年政务公开工作任务分解表》印发给你们，请认真贯彻落实。</p>{links}"
            f"<p>{NOTICE_F_ISSUER}</p><p>2023年3月1日</p>",
        ),
        "text/html",
        etag='"page-f"',
    )
    r[FORMATS_LISTING] = Resource(
        gbk_page("通知公告", listing([(FORMATS_PAGE, NOTICE_F)], "")),
        "text/html",
        etag='"l-f"',
    )


# -- A notice whose only attachment is an archive of its Word table --------------------

ARCHIVE_DOWNLOAD = DOWNFILE + "fujian"  # extension-less, named 附件.zip (or .rar) by header
ARCHIVE_LISTING = "/col/col7/index.html"
NOTICE_G = "宁阳县人民政府办公室关于印发2023年政务公开工作要点任务分解表的通知"


def add_archive_notices(portal: Portal, attachments: list[tuple[bytes, str]]) -> str:
    """One notice per attachment on one listing (returned): each notice page's only
    attachment (an archive, or the Word file itself for the twin) behind an
    extension-less URL and named by its Content-Disposition; the notices differ by their
    文号 only, so each loads as a notice of its own."""
    r = portal.routes
    items = []
    for index, (attachment, name) in enumerate(attachments, 1):
        page = f"/art/2023/notice_g{index}.html"
        download = f"{ARCHIVE_DOWNLOAD}{index}"
        r[download] = Resource(
            attachment,
            "application/octet-stream",
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
            etag=etag_of(attachment),
        )
        r[page] = Resource(
            gbk_page(
                NOTICE_G,
                f"<h1>{NOTICE_G}</h1><p>宁政办发〔2023〕{index}号</p>"
                "<p>各乡镇人民政府，县政府各部门：</p>"
                "<p>现将《任务分解表》印发给你们，请认真贯彻落实。</p>"
                f'<p>附件：<a href="{download}">{name}</a></p>'
                f"<p>{NOTICE_F_ISSUER}</p><p>2023年3月1日</p>",
            ),
            "text/html",
        )
        items.append((page, NOTICE_G))
    r[ARCHIVE_LISTING] = Resource(gbk_page("通知公告", listing(items, "")), "text/html")
    return ARCHIVE_LISTING


# -- A notice whose table is a picture in its body --------------------------------------

PICTURE_LISTING = "/col/col8/index.html"
PICTURE_PAGE = "/art/2023/notice_h.html"
PICTURE_PATH = "/uploads/2023/03/task-table.jpg"
# Furniture that must never be fetched: a logo, a footer badge, a small icon.
FURNITURE_PATHS = ("/images/logo.png", "/images/footer-badge.png", "/uploads/2023/03/tiny.png")


def add_picture_notice(portal: Portal, picture: bytes, furniture: bytes) -> str:
    """A notice page whose task table is a JPEG pasted into its body, among site
    furniture images; returns the listing path."""
    r = portal.routes
    r[PICTURE_PATH] = Resource(picture, "image/jpeg", etag=etag_of(picture))
    for path in FURNITURE_PATHS:
        r[path] = Resource(furniture, "image/png")
    r[PICTURE_PAGE] = Resource(
        gbk_page(
            NOTICE_G,
            f'<div class="header"><img src="{FURNITURE_PATHS[0]}" alt="网站标识"></div>'
            f'<div class="article"><h1>{NOTICE_G}</h1><p>{NOTICE_F_NUMBER}</p>'
            "<p>各乡镇人民政府，县政府各部门：</p><p>现将任务分解表印发给你们。</p>"
            f'<p><img src="{PICTURE_PATH}" width="900"></p>'
            f'<p><img src="{FURNITURE_PATHS[2]}" width="16" height="16"></p>'
            f"<p>{NOTICE_F_ISSUER}</p><p>2023年3月1日</p></div>"
            f'<div id="footer"><img src="{FURNITURE_PATHS[1]}"></div>',
        ),
        "text/html",
    )
    r[PICTURE_LISTING] = Resource(
        gbk_page("通知公告", listing([(PICTURE_PAGE, NOTICE_G)], "")), "text/html"
    )
    return PICTURE_LISTING
