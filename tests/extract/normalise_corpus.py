"""Shared data for the normalisation tests: the expected corpus rows and metas.

A module with a unique name rather than conftest.py, so that test folders never shadow
each other's helpers.
"""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
EXPECTED = CORPUS / "expected"


def expected_metas() -> dict[str, dict]:
    return {
        path.name.removesuffix(".meta.json"): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(EXPECTED.glob("*.meta.json"))
    }


def expected_rows() -> list[tuple[str, dict, dict]]:
    """(slug, meta, row) for every task row of every expected file."""
    metas = expected_metas()
    rows: list[tuple[str, dict, dict]] = []
    for slug, meta in metas.items():
        path = EXPECTED / f"{slug}.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append((slug, meta, json.loads(line)))
    return rows
