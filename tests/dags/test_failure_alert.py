"""The failure callback's hook point: one readable line, posted to the webhook in the
Variable `notices_alert_webhook` (a real HTTP server on 127.0.0.1 receives it)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest


@pytest.fixture()
def webhook() -> Iterator[tuple[str, list[dict]]]:
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hooks/notices", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _context() -> dict:
    # The fields of a task failure context the summary reads (plain values, as Airflow
    # passes them to on_failure_callback).
    ti = SimpleNamespace(dag_id="notices_ingest", task_id="fetch_batch", map_index=3, try_number=4)
    return {"ti": ti, "run_id": "scheduled__2026-01-01", "exception": TimeoutError("portal down")}


def test_failure_is_summarised_and_posted_to_the_webhook(
    dagbag: object, webhook: tuple[str, list[dict]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from _common import on_failure  # importable once the bundle put dags/ on sys.path

    url, received = webhook
    monkeypatch.setenv("AIRFLOW_VAR_NOTICES_ALERT_WEBHOOK", url)
    on_failure(_context())
    assert received == [
        {
            "text": "notices pipeline task failed: notices_ingest.fetch_batch[3] "
            "run=scheduled__2026-01-01 try=4 reason=TimeoutError: portal down"
        }
    ]


def test_an_unreachable_webhook_never_masks_the_failure(
    dagbag: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from _common import on_failure  # importable once the bundle put dags/ on sys.path

    monkeypatch.setenv("AIRFLOW_VAR_NOTICES_ALERT_WEBHOOK", "http://127.0.0.1:9/closed")
    on_failure(_context())  # logs a warning, raises nothing
