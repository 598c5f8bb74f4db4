"""Shared fixtures of the extractor tests: fixture sets and one extraction per file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FIXTURE_SETS = (
    ROOT / "tests/fixtures/corpus",
    ROOT / "tests/fixtures/layouts",
    ROOT / "tests/fixtures/office",
)


@cache
def extraction_of(path: Path):  # type: ignore[no-untyped-def]
    """Extract each fixture file once per test session."""
    from extract.api import extract_file

    return extract_file(path)
