"""`python -m bench.scale --quick` runs in CI so the scale benchmark cannot rot.

It asserts what the benchmark is for, not how fast this machine is: every stage
reports figures, nothing is lost between generated and loaded rows' documents, and a
second run with nothing new parses no page and skips dbt.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
STAGES = {"fetch", "extract", "validate", "load", "dbt build", "publish"}


def test_quick_scale_benchmark_reports_every_stage(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.scale", "--quick", "--out", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    report = json.loads((tmp_path / "scale-quick.json").read_text(encoding="utf-8"))
    (size,) = report["sizes"]
    assert size["n"] == 10 and size["documents_failed"] == 0
    assert set(size["stages"]) == STAGES
    assert all(
        stage["seconds"] >= 0 and stage["peak_rss_mb"] > 0 for stage in size["stages"].values()
    )
    assert size["rows_extracted"] > 0 and size["fact_rows"] > 0
    assert size["noop"] == {
        "seconds": size["noop"]["seconds"],
        "documents_fetched": 0,
        "documents_extracted": 0,
        "dbt_ran": False,
    }
    assert report["extraction_speedup"]["speedup"] > 0
    assert report["dbt_million"]["fact_rows"] > size["fact_rows"]
    assert (tmp_path / "scale-quick.png").stat().st_size > 0
