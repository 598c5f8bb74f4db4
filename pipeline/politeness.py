"""Politeness towards the portals across every worker process: one request per host per
`min_interval_s`, whichever process (or machine sharing NOTICES_HOME) makes it, and
robots.txt for the sources that ask for it.

The per-process `HostPacer` of `extract.sources` paces one `notices run`; mapped Airflow
fetches run in separate processes, so their pacing needs state outside any process: a
lock file and a timestamp file per host under `NOTICES_HOME/politeness/`. The lock is
held while waiting, so the waiters of one host queue and each one starts at least
`min_interval_s` after the previous start.
"""

from __future__ import annotations

import fcntl
import os
import re
import time
import urllib.robotparser
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from extract.sources.report import FetchFault
from extract.vocabulary import FetchFaultKind

ROBOTS_DISALLOWED = FetchFaultKind.ROBOTS_DISALLOWED
ROBOTS_TIMEOUT_S = 10.0


def _host_file_stem(host: str) -> str:
    """A file name for a host name (host names are safe already; anything odd is not)."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", host.lower()) or "_"


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass
class SharedHostPacer:
    """`HostPacer.wait(host, interval)` with its memory in files, shared by processes.

    Wall-clock time (not monotonic) because other processes, possibly on other machines
    sharing the folder, read the timestamp.
    """

    folder: Path

    def wait(self, host: str, interval: float) -> None:
        if interval <= 0:
            return
        stem = _host_file_stem(host)
        stamp = self.folder / f"{stem}.last"
        with _locked(self.folder / f"{stem}.lock"):
            due = _read_stamp(stamp) + interval
            now = time.time()
            if due > now:
                time.sleep(due - now)
            _write_stamp(stamp, time.time())


def _read_stamp(path: Path) -> float:
    try:
        return float(path.read_text(encoding="ascii").strip() or "-inf")
    except (OSError, ValueError):
        return float("-inf")


def _write_stamp(path: Path, value: float) -> None:
    scratch = path.with_name(f".{path.name}.{os.getpid()}")
    scratch.write_text(repr(value), encoding="ascii")
    scratch.replace(path)


def pacer_folder(home: Path) -> Path:
    return home / "politeness"


# ---------------------------------------------------------------- robots.txt


@dataclass
class RobotsRules:
    """robots.txt per host, read once per process, as RFC 9309 says: a 4xx answer (no
    file) allows everything; a 5xx or no answer at all disallows everything for now."""

    user_agent: str
    timeout_s: float = ROBOTS_TIMEOUT_S
    pacer: Any | None = None  # a HostPacer-like object: the robots request is paced too
    min_interval_s: float = 0.0
    _parsers: dict[str, urllib.robotparser.RobotFileParser] = field(default_factory=dict)

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        parser = self._parsers.get(origin)
        if parser is None:
            parser = self._read(origin, (parts.hostname or "").lower())
            self._parsers[origin] = parser
        return parser.can_fetch(self.user_agent, url)

    def _read(self, origin: str, host: str) -> urllib.robotparser.RobotFileParser:
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        if self.pacer is not None:
            self.pacer.wait(host, self.min_interval_s)
        try:
            answer = httpx.get(
                origin + "/robots.txt",
                headers={"User-Agent": self.user_agent},
                timeout=self.timeout_s,
                follow_redirects=True,
                trust_env=False,
            )
        except httpx.HTTPError:
            parser.disallow_all = True  # type: ignore[attr-defined]  # read by can_fetch
            return parser
        if answer.status_code >= 500:
            parser.disallow_all = True  # type: ignore[attr-defined]
        elif answer.status_code >= 400:
            parser.allow_all = True  # type: ignore[attr-defined]
        else:
            parser.parse(answer.text.splitlines())
        return parser


def robots_fault(source_id: str, url: str, fetched_at: str) -> FetchFault:
    """The fault recorded (raw.fetch_faults) for a URL robots.txt keeps us away from."""
    return FetchFault(
        source_id=source_id,
        url=url,
        error_kind=ROBOTS_DISALLOWED,
        error_message=f"robots.txt of {urlsplit(url).netloc} disallows {url}",
        fetched_at=fetched_at,
    )
