"""The corpus' expected extraction (tests/fixtures/corpus/expected), read as the extractor
would emit it, and the figures the tests derive from it in plain Python: the
independent side of the comparisons with the warehouse.

Shared by tests/dbt, tests/analyst, tests/e2e, tests/warehouse and tests/expectations.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EXPECTED_DIR = REPO / "tests" / "fixtures" / "corpus" / "expected"

ROLE_FIELDS = ("lead_units", "responsible_units", "cooperating_units")

# The periods per year the issue fixes for each periodic label.
PERIODS_PER_YEAR = {
    "daily": 365,
    "every_5_days": 73,
    "weekly": 52,
    "monthly": 12,
    "quarterly": 4,
    "semiannual": 2,
    "annual": 1,
}


@dataclass(frozen=True)
class Notice:
    meta: dict[str, Any]
    rows: list[dict[str, Any]]


def read_expected(stem: Path) -> Notice:
    """One expected extraction: `<stem>.meta.json` and `<stem>.jsonl`."""
    meta = json.loads(stem.with_name(f"{stem.name}.meta.json").read_text(encoding="utf-8"))
    rows = [
        json.loads(line)
        for line in stem.with_name(f"{stem.name}.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return Notice(meta, rows)


def load_expected_corpus() -> list[Notice]:
    """Every expected extraction in the corpus fixtures, as the extractor would emit it."""
    return [
        read_expected(EXPECTED_DIR / meta_path.name.removesuffix(".meta.json"))
        for meta_path in sorted(EXPECTED_DIR.glob("*.meta.json"))
    ]


def unit_mentions(row: dict[str, Any]) -> int:
    """The units a task row names, every role counted."""
    return sum(len(row[field]) for field in ROLE_FIELDS)


def obligations_by_region_frequency(notices: Iterable[Notice]) -> Counter[tuple[str, str]]:
    """Obligations (unit mention × frequency label) per (region adcode, frequency label)."""
    expected: Counter[tuple[str, str]] = Counter()
    for notice in notices:
        adcode = notice.meta["region"]["adcode"]
        for row in notice.rows:
            for frequency in row["frequencies"]:
                expected[(adcode, frequency)] += unit_mentions(row)
    return expected
