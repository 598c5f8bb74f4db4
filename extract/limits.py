"""Size limits that protect a run from one huge or hostile file.

HTML pages are measured before they are parsed: an lxml tree and the table grid built
from it cost memory per element, so a page is refused as `too_large` on its bytes, its
table rows (`<tr>`) or its cells (`<td>`/`<th>`) counted in the raw bytes. Within the
defaults a page costs well under 1 GB to extract (bench/ figures in the report of issue 14:
about 170 MB for 20,000 rows).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from extract.errors import ExtractionError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_PAGES = 2000
DEFAULT_MAX_HTML_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_HTML_ROWS = 20_000
DEFAULT_MAX_HTML_CELLS = 300_000

_ROW_TAG = re.compile(rb"<tr[\s/>]", re.IGNORECASE)
_CELL_TAG = re.compile(rb"<t[dh][\s/>]", re.IGNORECASE)


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_pages: int = DEFAULT_MAX_PAGES
    max_html_bytes: int = DEFAULT_MAX_HTML_BYTES
    max_html_rows: int = DEFAULT_MAX_HTML_ROWS
    max_html_cells: int = DEFAULT_MAX_HTML_CELLS

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            max_bytes=_env_int("NOTICES_MAX_BYTES", DEFAULT_MAX_BYTES),
            max_pages=_env_int("NOTICES_MAX_PAGES", DEFAULT_MAX_PAGES),
            max_html_bytes=_env_int("NOTICES_MAX_HTML_BYTES", DEFAULT_MAX_HTML_BYTES),
            max_html_rows=_env_int("NOTICES_MAX_HTML_ROWS", DEFAULT_MAX_HTML_ROWS),
            max_html_cells=_env_int("NOTICES_MAX_HTML_CELLS", DEFAULT_MAX_HTML_CELLS),
        )

    def check_html(self, data: bytes) -> bytes:
        """`data` if an HTML page is within the limits; else `too_large`, before parsing."""
        if len(data) > self.max_html_bytes:
            raise ExtractionError(
                "too_large",
                f"an HTML page of {len(data)} bytes, more than the limit of "
                f"{self.max_html_bytes} (NOTICES_MAX_HTML_BYTES)",
            )
        rows = _count(_ROW_TAG, data, self.max_html_rows)
        if rows > self.max_html_rows:
            raise ExtractionError(
                "too_large",
                f"an HTML page with more than {self.max_html_rows} table rows "
                "(NOTICES_MAX_HTML_ROWS)",
            )
        cells = _count(_CELL_TAG, data, self.max_html_cells)
        if cells > self.max_html_cells:
            raise ExtractionError(
                "too_large",
                f"an HTML page with more than {self.max_html_cells} table cells "
                "(NOTICES_MAX_HTML_CELLS)",
            )
        return data


def _count(pattern: re.Pattern[bytes], data: bytes, limit: int) -> int:
    """Matches of `pattern`, counting no further than one past `limit`."""
    count = 0
    for _ in pattern.finditer(data):
        count += 1
        if count > limit:
            break
    return count
