"""Test-only pause points: stop a run at a chosen stage so a test can kill it there.

With `NOTICES_TEST_PAUSE=<stage>` and `NOTICES_TEST_PAUSE_DIR=<folder>`, the process that
reaches `<stage>` writes `<folder>/<stage>.<pid>.reached` (holding its pid) and waits until
`<folder>/<stage>.release` exists (or for ever, until it is killed). Without the variables
a pause point costs one dictionary lookup. Stages: extract (inside a worker), load (after
the first document committed), dbt (dbt stopped after its first model), publish (the
snapshot copied, not yet renamed).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PAUSE_ENV = "NOTICES_TEST_PAUSE"
PAUSE_DIR_ENV = "NOTICES_TEST_PAUSE_DIR"


def wanted(stage: str) -> bool:
    return os.environ.get(PAUSE_ENV) == stage and bool(os.environ.get(PAUSE_DIR_ENV))


def pause_point(stage: str, pid: int | None = None) -> None:
    """Announce reaching `stage` (with `pid`, default ours) and wait for the release file."""
    if not wanted(stage):
        return
    folder = Path(os.environ[PAUSE_DIR_ENV])
    folder.mkdir(parents=True, exist_ok=True)
    pid = pid or os.getpid()
    reached = folder / f"{stage}.{pid}.reached"
    reached.write_text(str(pid), encoding="utf-8")
    release = folder / f"{stage}.release"
    while not release.exists():
        time.sleep(0.05)
