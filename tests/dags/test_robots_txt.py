"""A source that asks for it (`robots_txt: true`) is fetched only where the host's
robots.txt allows; the rest is recorded as `robots_disallowed`. A source that does not
ask is fetched as before. Real HTTP server on 127.0.0.1 (tests/sources/fetch_portal.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sources.fetch_portal import Portal, Resource

ROBOTS = b"User-agent: *\nDisallow: /private/\n"


@pytest.fixture()
def portal() -> Iterator[Portal]:
    server = Portal()
    server.routes["/robots.txt"] = Resource(ROBOTS, "text/plain")
    for path in ("/files/open.pdf", "/private/closed.pdf"):
        server.routes[path] = Resource(
            b"%PDF-1.4\n% " + path.encode() + b"\n%%EOF\n", "application/pdf"
        )
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _candidates(portal: Portal, robots_txt: bool) -> list[dict]:
    from extract.sources.candidate import Candidate
    from extract.sources.config import SourcesConfig, source_to_dict

    config = SourcesConfig.from_dict(
        {
            "sources": [
                {
                    "id": "county",
                    "type": "http",
                    "index_url": portal.url("/index.html"),
                    "min_interval_s": 0,
                    "retries": 0,
                    "robots_txt": robots_txt,
                }
            ]
        }
    )
    source = source_to_dict(config.sources[0])
    return [
        Candidate("county", "attachment", portal.url(path), source=source).to_dict()
        for path in ("/files/open.pdf", "/private/closed.pdf")
    ]


@pytest.mark.parametrize("robots_txt", [True, False])
def test_robots_txt_is_honoured_when_the_source_asks(
    portal: Portal, tmp_path: Path, robots_txt: bool
) -> None:
    from extract.sources.report import FetchedDocument, FetchFault
    from pipeline import ingest
    from pipeline.settings import Settings

    settings = Settings.from_env(home=tmp_path / f"warehouse-{robots_txt}")
    results = [a.result for a in ingest.fetch_batch(settings, _candidates(portal, robots_txt))]
    fetched_paths = [h.path for h in portal.hits if h.path != "/robots.txt"]
    if robots_txt:
        assert isinstance(results[0], FetchedDocument)
        assert isinstance(results[1], FetchFault)
        assert results[1].error_kind == "robots_disallowed"
        assert "/private/closed.pdf" in results[1].error_message
        assert fetched_paths == ["/files/open.pdf"]
    else:
        assert all(isinstance(r, FetchedDocument) for r in results)
        assert fetched_paths == ["/files/open.pdf", "/private/closed.pdf"]
        assert "/robots.txt" not in [h.path for h in portal.hits]
