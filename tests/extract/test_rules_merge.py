"""Rules are merged from edges exactly as pdfplumber's ``merge_edges`` merges them
(extract/page/content.py `rules_from_edges` runs the same steps over plain numbers):
on every page of every PDF fixture, through both readers' edges, and on edges drawn at
random around a few positions (clusters, chains of close positions, overlapping and
touching runs), to the last bit."""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

import pytest
from pdfplumber.table import merge_edges

import extract.pdf.pdfium_page as pdfium_page
import extract.pdf.pdfplumber_page as pdfplumber_page
from extract.limits import Limits
from extract.page.content import (
    MIN_RULE,
    SNAP,
    Edge,
    HRule,
    VRule,
    line_edge,
    rules_from_edges,
)
from extract.pdf.document import read_pages_pdfium, read_pages_pdfplumber

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_PDFS = sorted((ROOT / "tests/fixtures/corpus/pdf").glob("*.pdf")) + sorted(
    (ROOT / "tests/fixtures/layouts/pdf").glob("*.pdf")
)


def pdfplumber_rules(edges: list[Edge]) -> tuple[list[HRule], list[VRule]]:
    """The rules as pdfplumber's merge_edges gives them (what rules_from_edges did)."""
    usable = [e for e in edges if e["orientation"] in ("h", "v")]
    merged = merge_edges(
        usable,
        snap_x_tolerance=SNAP,
        snap_y_tolerance=SNAP,
        join_x_tolerance=SNAP,
        join_y_tolerance=SNAP,
    )
    hrules = sorted(
        (
            HRule(e["top"], e["x0"], e["x1"])
            for e in merged
            if e["orientation"] == "h" and e["x1"] - e["x0"] >= MIN_RULE
        ),
        key=lambda r: (r.y, r.x0),
    )
    vrules = sorted(
        (
            VRule(e["x0"], e["top"], e["bottom"])
            for e in merged
            if e["orientation"] == "v" and e["bottom"] - e["top"] >= MIN_RULE
        ),
        key=lambda r: (r.x, r.y0),
    )
    return hrules, vrules


def _fixture_pages_edges(monkeypatch: pytest.MonkeyPatch) -> list[list[Edge]]:
    """Every page's edges as each reader hands them to page_content."""
    found: list[list[Edge]] = []

    def capture(*args: object, **kwargs: object) -> object:
        found.append(list(args[4]))  # type: ignore[call-overload]
        return original(*args, **kwargs)

    for module in (pdfium_page, pdfplumber_page):
        original = module.page_content
        monkeypatch.setattr(module, "page_content", capture)
        for path in FIXTURE_PDFS:
            read = read_pages_pdfium if module is pdfium_page else read_pages_pdfplumber
            with contextlib.suppress(pdfium_page.PdfiumCannotRead):
                read(path.read_bytes(), Limits())
        monkeypatch.setattr(module, "page_content", original)
    return found


def test_rules_are_merged_as_pdfplumber_merges_them_on_every_fixture_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pages = _fixture_pages_edges(monkeypatch)
    assert sum(1 for edges in pages if len(edges) > 10) > 50  # ruled pages among them
    for edges in pages:
        assert rules_from_edges(edges) == pdfplumber_rules(edges)


def test_rules_are_merged_as_pdfplumber_merges_them_on_random_edges() -> None:
    rng = random.Random(29)
    for _ in range(600):
        # a few positions, each edge near one of them: clusters, chains of close
        # positions (within SNAP of the next), exact repeats and runs that overlap,
        # touch or leave gaps along the line
        lines = [rng.choice([rng.uniform(0, 800), round(rng.uniform(0, 800), 1)])]
        for _ in range(rng.randint(0, 5)):
            lines.append(lines[-1] + rng.choice([0.5, 1.7, 2.9, 3.0, 3.1, 6.0, 40.0]))
        edges: list[Edge] = []
        for _ in range(rng.randint(1, 40)):
            # (rounded as the readers round: the cluster means of such values are where
            # value + (mean - value) and the mean part by a bit)
            at = round(rng.choice(lines) + rng.choice([0.0, 0.0, 0.1, -0.2, 0.35, 0.7]), 4)
            start = round(rng.uniform(0, 500), rng.choice([0, 1, 4]))
            end = start + rng.choice([0.0, 1.0, 3.9, 4.0, 30.0, rng.uniform(0, 200)])
            if rng.random() < 0.5:
                edges.append(line_edge(start, end, at, at))  # horizontal
            else:
                edges.append(line_edge(at, at, start, end))  # vertical (or a point)
        assert rules_from_edges(edges) == pdfplumber_rules(edges)
