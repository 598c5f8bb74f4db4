"""`python -m bench.accuracy --sweep DIR` scores a sweep folder per family and per set
(tuned, held-out); a committed sweep document stands in for a generated one (generating
needs LibreOffice and minutes)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.accuracy import sweep_main

PAGEBREAK = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "pagebreak"


def test_sweep_scores_each_family_on_its_held_out_steps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pdf").mkdir()
    (tmp_path / "expected").mkdir()
    # regroup step 25 (odd, a family never tuned on): held-out
    shutil.copy(
        PAGEBREAK / "pdf" / "pb-splitcol.sweep.pdf", tmp_path / "pdf" / "regroup-25.sweep.pdf"
    )
    for suffix in ("jsonl", "meta.json"):
        shutil.copy(
            PAGEBREAK / "expected" / f"pb-splitcol.{suffix}",
            tmp_path / "expected" / f"regroup-25.{suffix}",
        )
    assert sweep_main([str(tmp_path), "--family", "regroup"]) == 0
    lines = capsys.readouterr().out.splitlines()
    (row,) = [line.split() for line in lines if line.startswith("regroup")]
    family, label, files, _offsets, rows, _cut, exact, f1 = row[:8]
    assert (family, label, files) == ("regroup", "held-out", "1")
    assert rows == exact == "18" and f1 == "1.000"
