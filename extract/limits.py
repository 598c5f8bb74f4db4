"""Size limits that protect a run from one huge or hostile file."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_PAGES = 2000


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_pages: int = DEFAULT_MAX_PAGES

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            max_bytes=int(os.environ.get("NOTICES_MAX_BYTES", DEFAULT_MAX_BYTES)),
            max_pages=int(os.environ.get("NOTICES_MAX_PAGES", DEFAULT_MAX_PAGES)),
        )
