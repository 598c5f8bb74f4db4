"""One polite, bounded HTTP GET: one wall-clock deadline per request, retries with
backoff, per-host pacing, redirects only within allowed hosts, a streamed size limit,
short bodies caught, conditional requests."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import httpx
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from extract.sources.config import HttpSourceConfig
from extract.sources.report import FetchError, FetchReport
from extract.sources.time_budget import DeadlineClock, deadline_transport

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class HttpResult:
    url: str  # after redirects
    status: int  # 200 or 304
    headers: dict[str, str]  # lower-case names
    body: bytes
    # True when the body was not read: its Content-Length matched `unchanged_length`.
    skipped: bool = False

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Transient(Exception):
    """A failure worth retrying: a 5xx answer (connection errors come from httpx)."""

    def __init__(self, status: int, url: str) -> None:
        super().__init__(f"HTTP {status} from {url}")
        self.status = status


class Pacer(Protocol):
    """Waits until a request to `host` keeps `interval` seconds from the previous one:
    `HostPacer` in one process, pipeline.politeness.SharedHostPacer across processes."""

    def wait(self, host: str, interval: float) -> None: ...


@dataclass
class HostPacer:
    """At most one request per `interval` seconds per host, across all sources of a run."""

    last_request: dict[str, float] = field(default_factory=dict)

    def wait(self, host: str, interval: float) -> None:
        now = time.monotonic()
        due = self.last_request.get(host, float("-inf")) + interval
        if due > now:
            time.sleep(due - now)
        self.last_request[host] = time.monotonic()


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def host_allowed(url: str, allowed_hosts: tuple[str, ...]) -> bool:
    return urlsplit(url).scheme in ("http", "https") and host_of(url) in allowed_hosts


def conditional_headers(entry: dict[str, object]) -> dict[str, str]:
    headers: dict[str, str] = {}
    if isinstance(entry.get("etag"), str):
        headers["If-None-Match"] = str(entry["etag"])
    if isinstance(entry.get("last_modified"), str):
        headers["If-Modified-Since"] = str(entry["last_modified"])
    return headers


class SourceClient:
    def __init__(
        self, config: HttpSourceConfig, report: FetchReport, pacer: Pacer | None = None
    ) -> None:
        self.config = config
        self.report = report
        self.pacer = pacer or HostPacer()
        self._clock = DeadlineClock()
        self._client = httpx.Client(
            transport=deadline_transport(self._clock),
            timeout=httpx.Timeout(config.timeout_s, connect=config.connect_timeout_s),
            follow_redirects=False,  # followed by hand, to check every hop's host
            headers={"User-Agent": config.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )

    def __enter__(self) -> SourceClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(
        self,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        unchanged_length: int | None = None,
    ) -> HttpResult:
        """GET `url`; raise FetchError with a fault kind when it cannot be had.

        With `unchanged_length`, a 200 answer declaring exactly that Content-Length is
        returned with `skipped=True` and its body unread (a remembered fault, unchanged).
        """
        cfg = self.config
        retrying = Retrying(
            stop=stop_after_attempt(cfg.retries + 1),
            wait=wait_exponential(multiplier=cfg.backoff_initial_s, max=cfg.backoff_max_s),
            retry=retry_if_exception(lambda e: isinstance(e, _Transient | httpx.TransportError)),
            before_sleep=lambda _state: self.report.count("retries"),
            reraise=True,
        )
        try:
            return retrying(self._get_following_redirects, url, headers or {}, unchanged_length)
        except _Transient as exc:
            raise FetchError(
                "http_error",
                f"HTTP {exc.status} after {cfg.retries + 1} attempts: {url}",
                status=exc.status,
            ) from exc
        except _DeadlinePassed as exc:
            raise FetchError(
                "timeout",
                f"no complete answer within {cfg.total_timeout_s:g} s "
                f"(connect, headers and body): {url}",
            ) from exc
        except httpx.ConnectTimeout as exc:
            raise FetchError("source_down", f"connect timeout to {host_of(url)}: {url}") from exc
        except httpx.TimeoutException as exc:
            raise FetchError(
                "timeout", f"no answer within {cfg.timeout_s:g} s ({type(exc).__name__}): {url}"
            ) from exc
        except httpx.TransportError as exc:
            raise FetchError(
                "source_down", f"{type(exc).__name__} on {url}: {exc or 'connection failed'}"
            ) from exc

    def _get_following_redirects(
        self, url: str, headers: dict[str, str], unchanged_length: int | None
    ) -> HttpResult:
        # One deadline for the attempt, redirects included; a retry gets a new one.
        self._clock.start(self.config.total_timeout_s)
        try:
            return self._follow(url, headers, unchanged_length)
        except httpx.TransportError as exc:
            if self._clock.expired():
                raise _DeadlinePassed() from exc  # not retried: the server is too slow
            raise
        finally:
            self._clock.stop()

    def _follow(
        self, url: str, headers: dict[str, str], unchanged_length: int | None
    ) -> HttpResult:
        current = url
        for _hop in range(self.config.max_redirects + 1):
            if not host_allowed(current, self.config.allowed_hosts):
                raise FetchError(
                    "foreign_redirect",
                    f"{url} redirects to {current}, outside allowed hosts "
                    f"{list(self.config.allowed_hosts)}",
                )
            result = self._get_once(current, headers, unchanged_length)
            if isinstance(result, HttpResult):
                return result
            current = result
        raise FetchError("http_error", f"more than {self.config.max_redirects} redirects: {url}")

    def _get_once(
        self, url: str, headers: dict[str, str], unchanged_length: int | None
    ) -> HttpResult | str:
        """One request: an HttpResult, or the next URL when redirected."""
        self.pacer.wait(host_of(url), self.config.min_interval_s)
        self.report.count("requests")
        if headers:
            self.report.count("conditional_requests")
        with self._client.stream("GET", url, headers=headers) as resp:
            status = resp.status_code
            if status in _REDIRECTS:
                location: str | None = resp.headers.get("location")
                if not location:
                    raise FetchError(
                        "http_error", f"HTTP {status} without Location: {url}", status=status
                    )
                return urljoin(url, location)
            if status == 304:
                self.report.count("not_modified")
                return HttpResult(url, 304, _lower(resp.headers), b"")
            if status >= 500:
                raise _Transient(status, url)
            if status in (404, 410):
                raise FetchError("not_found", f"HTTP {status}: {url}", status=status)
            if status >= 400 or status < 200:
                raise FetchError("http_error", f"HTTP {status}: {url}", status=status)
            declared = resp.headers.get("content-length", "")
            if unchanged_length is not None and declared == str(unchanged_length):
                self.report.count("skipped_unchanged_length")
                return HttpResult(url, status, _lower(resp.headers), b"", skipped=True)
            body = self._read_limited(resp, url)
            self.report.count("bytes_downloaded", len(body))
            return HttpResult(url, status, _lower(resp.headers), body)

    def _read_limited(self, resp: httpx.Response, url: str) -> bytes:
        limit = self.config.max_bytes
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise FetchError(
                "too_large",
                f"Content-Length {int(declared)} bytes > limit {limit}: {url}",
                headers=_lower(resp.headers),
            )
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(
                        "too_large",
                        f"more than {limit} bytes (aborted): {url}",
                        headers=_lower(resp.headers),
                    )
                chunks.append(chunk)
        except httpx.RemoteProtocolError as exc:
            # The connection closed before Content-Length bytes arrived.
            if declared and declared.isdigit() and not self._clock.expired():
                raise _truncated(resp.num_bytes_downloaded, int(declared), url) from exc
            raise
        if declared and declared.isdigit() and resp.num_bytes_downloaded < int(declared):
            raise _truncated(resp.num_bytes_downloaded, int(declared), url)
        return b"".join(chunks)


class _DeadlinePassed(Exception):
    """The request's wall-clock deadline passed (connect, headers or body)."""


def _truncated(received: int, declared: int, url: str) -> FetchError:
    return FetchError(
        "truncated", f"body ended after {received} of {declared} declared bytes: {url}"
    )


def _lower(headers: httpx.Headers) -> dict[str, str]:
    # latin-1 keeps every raw byte: Content-Disposition often carries raw GBK or UTF-8,
    # which attachments.filename_from_disposition decodes from these bytes.
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in headers.raw}
