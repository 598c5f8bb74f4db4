"""One writer at a time: an advisory lock on the warehouse folder, visible to whoever waits.

Every command that writes (run, fetch, load, transform, publish, reprocess) holds
`<NOTICES_HOME>/writer.lock` (``fcntl.flock``) for its whole duration, dbt included. The
holder writes its pid, command and start time into the file, so a second command that
gives up after its wait can say who holds it. The kernel drops a flock when its holder
dies (SIGKILL included), so a killed run never leaves the warehouse locked; its pool
workers die with it (pipeline/children.py), so they cannot keep the lock either.

The lock is re-entrant inside one process: `runs.run` holds it and the steps it calls
(which take it themselves when the Airflow DAGs call them one by one) only count depth.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

LOCK_NAME = "writer.lock"
DEFAULT_TIMEOUT_S = 60.0
POLL_S = 0.2


class LockTimeout(RuntimeError):
    """Another process held the warehouse for longer than this one would wait."""

    def __init__(self, path: Path, holder: dict[str, Any], waited: float) -> None:
        self.path = path
        self.holder = holder
        self.waited = waited
        super().__init__(
            f"the warehouse {path.parent} is busy: held by {describe(holder)}; "
            f"gave up after waiting {waited:.0f} s (NOTICES_LOCK_TIMEOUT)"
        )


def describe(holder: dict[str, Any]) -> str:
    """`pid 123 (notices run) since 2026-01-02T03:04:05+00:00`, or what is known of it."""
    if not holder:
        return "another process (no holder recorded)"
    return (
        f"pid {holder.get('pid', '?')} ({holder.get('command', '?')}) "
        f"since {holder.get('since', '?')}"
    )


def timeout_from_env() -> float:
    raw = os.environ.get("NOTICES_LOCK_TIMEOUT")
    try:
        return float(raw) if raw else DEFAULT_TIMEOUT_S
    except ValueError:
        return DEFAULT_TIMEOUT_S


def current_command() -> str:
    """What a holder calls itself: `notices run`, or the program and its first argument."""
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    first = next((a for a in sys.argv[1:] if not a.startswith("-")), "")
    return f"{program} {first}".strip()


def read_holder(path: Path) -> dict[str, object]:
    try:
        holder = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


class _Held:
    """The lock this process holds on one folder, with its re-entry depth."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.depth = 0


_held: dict[Path, _Held] = {}
_guard = threading.Lock()


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _write_holder(fd: int, command: str) -> None:
    record = {"pid": os.getpid(), "command": command, "since": datetime.now(UTC).isoformat()}
    data = json.dumps(record).encode("utf-8")
    os.ftruncate(fd, 0)
    os.pwrite(fd, data, 0)


def acquire(home: Path, command: str | None = None, timeout: float | None = None) -> _Held:
    """Take the lock on `home` (waiting up to `timeout` seconds) or raise LockTimeout."""
    home = Path(home).resolve()
    with _guard:
        held = _held.get(home)
        if held is not None:
            held.depth += 1
            return held
    home.mkdir(parents=True, exist_ok=True)
    path = home / LOCK_NAME
    # O_CLOEXEC: dbt and other exec'd children never inherit the lock.
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    timeout = timeout_from_env() if timeout is None else timeout
    start = time.monotonic()
    while not _try_lock(fd):
        waited = time.monotonic() - start
        if waited >= timeout:
            os.close(fd)
            raise LockTimeout(path, read_holder(path), waited)
        time.sleep(min(POLL_S, max(timeout - waited, 0.01)))
    _write_holder(fd, command or current_command())
    held = _Held(fd)
    held.depth = 1
    with _guard:
        _held[home] = held
    return held


def release(home: Path) -> None:
    home = Path(home).resolve()
    with _guard:
        held = _held.get(home)
        if held is None:
            return
        held.depth -= 1
        if held.depth > 0:
            return
        del _held[home]
    try:
        os.ftruncate(held.fd, 0)
    finally:
        os.close(held.fd)  # closing the last descriptor drops the flock


def holds(home: Path) -> bool:
    """Whether this process holds the lock on `home` (a writer may open DuckDB)."""
    with _guard:
        return Path(home).resolve() in _held


@contextmanager
def writer_lock(
    home: Path, command: str | None = None, timeout: float | None = None
) -> Iterator[None]:
    """Hold the warehouse for the duration of the block (re-entrant in one process)."""
    acquire(home, command, timeout)
    try:
        yield
    finally:
        release(home)


def forget_after_fork() -> None:
    """In a forked child: the parent's lock is not this process's to release or re-enter."""
    with _guard:
        _held.clear()


os.register_at_fork(after_in_child=forget_after_fork)
