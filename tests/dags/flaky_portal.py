"""A one-notice government portal on 127.0.0.1 whose attachment answers 503 the first
time: the transient fault the ingest DAG must retry through."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NOTICE_TITLE = "沂水县2018年政务公开工作任务分工方案"
ATTACHMENT_PATH = "/files/2018/yishui.pdf"


@dataclass
class FlakyPortal:
    pdf: bytes
    base: str = ""
    statuses: dict[str, list[int]] = field(default_factory=dict)

    @property
    def index_url(self) -> str:
        return self.base + "/index.html"

    def answer(self, path: str) -> tuple[int, str, bytes]:
        seen = self.statuses.setdefault(path, [])
        if path == "/index.html":
            link = f'<ul><li><a href="{ATTACHMENT_PATH}">{NOTICE_TITLE}</a></li></ul>'
            reply = (200, "text/html; charset=utf-8", f"<html><body>{link}</body></html>".encode())
        elif path == ATTACHMENT_PATH and not seen:
            reply = (503, "text/html", b"<html>busy, try later</html>")
        elif path == ATTACHMENT_PATH:
            reply = (200, "application/pdf", self.pdf)
        else:
            reply = (404, "text/html", b"<html>404</html>")
        seen.append(reply[0])
        return reply


@contextmanager
def serve(portal: FlakyPortal) -> Iterator[FlakyPortal]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            status, content_type, body = portal.answer(self.path)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    portal.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield portal
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
