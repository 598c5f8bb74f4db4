"""One wall-clock deadline per request, covering connect, headers and body.

httpx's timeouts apply to each socket operation: a server that sends its headers one
byte a second never trips a read timeout, and the client's own checks only start once
the headers are in. This network backend gives every socket operation at most the time
left until the request's deadline, so a drip at any stage ends when the deadline does.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx


class DeadlineClock:
    """The deadline of the request running on this thread (None: no deadline)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def start(self, seconds: float) -> None:
        self._local.deadline = time.monotonic() + seconds

    def stop(self) -> None:
        self._local.deadline = None

    def expired(self) -> bool:
        deadline = getattr(self._local, "deadline", None)
        return deadline is not None and time.monotonic() >= deadline

    def bound(self, timeout: float | None, error: type[Exception]) -> float | None:
        """`timeout` shortened to the time left; raises `error` once the deadline passed."""
        deadline: float | None = getattr(self._local, "deadline", None)
        if deadline is None:
            return timeout
        left = deadline - time.monotonic()
        if left <= 0:
            raise error("the request's deadline has passed")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, clock: DeadlineClock) -> None:
        self._inner = inner
        self._clock = clock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._clock.bound(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._clock.bound(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(*args, **kwargs), self._clock)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.SyncBackend):
    def __init__(self, clock: DeadlineClock) -> None:
        self._clock = clock

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = super().connect_tcp(
            host,
            port,
            self._clock.bound(timeout, httpcore.ConnectTimeout),
            local_address,
            socket_options,
        )
        return _DeadlineStream(stream, self._clock)


def deadline_transport(clock: DeadlineClock) -> httpx.HTTPTransport:
    """An httpx transport whose every socket operation respects `clock`'s deadline."""
    transport = httpx.HTTPTransport(trust_env=False)
    pool = transport._pool
    # httpx has no public hook for the network backend; fail loudly if that ever moves.
    if not hasattr(pool, "_network_backend"):
        raise RuntimeError("httpcore's ConnectionPool no longer has _network_backend")
    pool._network_backend = _DeadlineBackend(clock)
    return transport
