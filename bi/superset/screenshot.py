"""A PNG of the dashboard as a browser shows it: a local Superset (bi/superset/
local_superset.py) over REPORTING, the export imported, headless Chromium.

    .venv/bin/python -m bi.superset.screenshot REPORTING.duckdb docs/dashboard.png

Needs `chromium` (apt-get install chromium) and CJK fonts for the Chinese labels. The
server lets an anonymous browser in as admin (on 127.0.0.1, for this run only), since
headless Chromium cannot log in.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bi.superset.bundle import build_bundle
from bi.superset.local_superset import ensure_superset, running_superset
from bi.superset.make_export import CHARTS, DASHBOARD_SLUG, LAYOUT


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    raise SystemExit("no Chromium: apt-get install chromium")


def capture(url: str, out: Path, width: int = 1600, height: int = 3000) -> None:
    subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-extensions",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--lang=zh-CN",
            f"--window-size={width},{height}",
            # charts load after the page: let the page's own clock run 60 s first
            "--virtual-time-budget=60000",
            f"--screenshot={out}",
            url,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


def page_height() -> int:
    """Tall enough for every row of the dashboard: a grid unit is 8 px, each row adds its
    margins, the header and filter bar about 200 px (a fixed height cut the last rows off)."""
    by_key = {chart.key: chart for chart in CHARTS}
    rows = sum(max(by_key[key].height for key in row) * 8 + 24 for row in LAYOUT)
    return 200 + rows


def main(reporting: Path, out: Path) -> None:
    env = ensure_superset()
    with tempfile.TemporaryDirectory() as work:
        bundle = build_bundle(Path(work) / "bundle.zip", reporting=reporting)
        with running_superset(env, Path(work) / "server", public_admin=True, bundle=bundle) as api:
            charts = api.charts()
            assert len(charts) == len(CHARTS), charts
            for chart in charts:  # warm the cache: the browser gets its answers at once
                api.chart_data(chart["id"])
            capture(
                f"{api.base}/superset/dashboard/{DASHBOARD_SLUG}/?standalone=1",
                out,
                height=page_height(),
            )
    print(out)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())
