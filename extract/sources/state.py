"""Per-URL fetch state (ETag, Last-Modified, sha256, parsed links) in one JSON file.

The state makes runs incremental: conditional requests for every URL seen before,
and the links parsed from a listing or notice page kept so that a 304 answer still
tells where to go next. Writes are atomic (temp file + rename) and, for parallel
workers (mapped Airflow tasks), serialised by a lock file.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STATE_VERSION = 1


@dataclass
class FetchState:
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    def get(self, url: str) -> dict[str, Any]:
        return self.entries.get(url, {})

    def update(self, url: str, **values: Any) -> None:
        entry = self.entries.setdefault(url, {})
        entry.update({k: v for k, v in values.items() if v is not None})

    def to_dict(self) -> dict[str, Any]:
        return {"version": STATE_VERSION, "entries": self.entries}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FetchState:
        return cls(entries=dict(data.get("entries", {})))


def load_state(path: Path) -> FetchState:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return FetchState()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # A damaged state only costs full downloads: the landing store dedupes by sha256.
        raise ValueError(
            f"fetch state {path} is not valid JSON ({exc}); delete it to start over"
        ) from exc
    return FetchState.from_dict(data)


def save_state(path: Path, state: FetchState) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(state.to_dict(), fh, ensure_ascii=False, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def locked_state(path: Path) -> Iterator[FetchState]:
    """Read-modify-write the state file under an exclusive lock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            state = load_state(path)
            yield state
            save_state(path, state)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
