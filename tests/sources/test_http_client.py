"""The HTTP client alone: retries, politeness, limits and redirects, on the real portal."""

from __future__ import annotations

import time

import pytest

from extract.sources.config import HttpSourceConfig
from extract.sources.http_client import SourceClient
from extract.sources.report import FetchError, FetchReport
from tests.sources.fetch_portal import Portal, Resource, http_source, make_config


def client_for(portal: Portal, tmp_path: object, **overrides: object) -> SourceClient:
    config = make_config(http_source("p", portal.url("/"), **overrides), base_dir=tmp_path)  # type: ignore[arg-type]
    source = config.sources[0]
    assert isinstance(source, HttpSourceConfig)
    return SourceClient(source, FetchReport())


def test_persistent_5xx_becomes_http_error_after_the_retries(
    portal: Portal, tmp_path: object
) -> None:
    portal.routes["/busy"] = Resource(b"x", fail_first=99)
    with client_for(portal, tmp_path, retries=2) as client, pytest.raises(FetchError) as err:
        client.get(portal.url("/busy"))
    assert (err.value.kind, err.value.status) == ("http_error", 500)
    assert [h.path for h in portal.hits].count("/busy") == 3
    assert client.report.stats["retries"] == 2


def test_politeness_spaces_requests_to_one_host(portal: Portal, tmp_path: object) -> None:
    portal.routes["/a"] = Resource(b"<html>a</html>")
    with client_for(portal, tmp_path, min_interval_s=0.2) as client:
        started = time.monotonic()
        for _ in range(3):
            client.get(portal.url("/a"))
        assert time.monotonic() - started >= 0.4


def test_declared_length_over_the_limit_is_refused(portal: Portal, tmp_path: object) -> None:
    portal.routes["/big"] = Resource(b"%PDF-" + b"0" * 5000, "application/pdf")
    with client_for(portal, tmp_path, max_bytes=1000) as client, pytest.raises(FetchError) as err:
        client.get(portal.url("/big"))
    assert err.value.kind == "too_large"
    assert "Content-Length 5005" in err.value.message


def test_redirect_loops_stop(portal: Portal, tmp_path: object) -> None:
    portal.routes["/loop"] = Resource(b"", status=302, headers={"Location": "/loop"})
    with client_for(portal, tmp_path, max_redirects=3) as client, pytest.raises(FetchError) as err:
        client.get(portal.url("/loop"))
    assert err.value.kind == "http_error"
    assert [h.path for h in portal.hits].count("/loop") == 4
