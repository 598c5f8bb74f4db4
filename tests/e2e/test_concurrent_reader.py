"""A BI reader holding reporting.duckdb open is never blocked by, nor shown half of, a load.

A second process keeps reopening and querying `reporting.duckdb` read-only while
`notices run` loads a new notice, rebuilds the marts and publishes. Every observation
must succeed and be internally consistent, and the reader must see the new version.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NOTICES = Path(sys.executable).with_name("notices")

READER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    import duckdb

    path, stop, log = Path(sys.argv[1]), Path(sys.argv[2]), open(sys.argv[3], "a")
    while not stop.exists():
        try:
            con = duckdb.connect(str(path), read_only=True)
            # the snapshot holds the marts only: an aggregate must match its facts
            notices, rows, row_sum, facts, fact_notices = con.execute(
                '''
                select
                    (select count(*) from marts.dim_notice),
                    (select coalesce(sum(obligations), 0)
                     from marts.agg_obligations_by_region_frequency),
                    (select count(*) from marts.fct_disclosure_obligations),
                    (select count(*) from marts.fct_disclosure_obligations),
                    (select count(distinct notice_id) from marts.fct_disclosure_obligations)
                '''
            ).fetchone()
            con.close()
            print(json.dumps({"ok": True, "notices": notices, "rows": rows,
                              "row_sum": row_sum, "facts": facts,
                              "fact_notices": fact_notices}), file=log, flush=True)
        except Exception as exc:
            print(json.dumps({"ok": False, "error": f"{type(exc).__name__}: {exc}"}),
                  file=log, flush=True)
        time.sleep(0.02)
    """
)


def _run(config: Path, home: Path) -> None:
    env = {**os.environ, "NOTICES_HOME": str(home)}
    result = subprocess.run(
        [str(NOTICES), "run", "--config", str(config)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _observations(log: Path) -> list[dict]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def _wait_for(log: Path, seen, attempts: int = 600) -> None:
    """Wait (bounded: 60 s) until the reader has logged an observation matching `seen`."""
    for _ in range(attempts):
        if any(seen(o) for o in _observations(log)):
            return
        time.sleep(0.1)


def test_reader_is_never_blocked_and_sees_only_complete_versions(tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    shutil.copy(REPO / "samples" / "ningyang-2017.ruled.pdf", files)
    config = tmp_path / "sources.yml"
    config.write_text("sources:\n  - id: inbox\n    type: dir\n    path: files\n", "utf-8")
    home = tmp_path / "home"
    _run(config, home)

    stop, log = tmp_path / "stop", tmp_path / "reader.jsonl"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(home / "reporting.duckdb"), str(stop), str(log)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(log, lambda o: o.get("notices") == 1)  # holds the old version first
        shutil.copy(REPO / "samples" / "liangshan-2021.ruled.pdf", files)
        _run(config, home)
        _wait_for(log, lambda o: o.get("notices") == 2)  # and reopens onto the new one
    finally:
        stop.touch()
        _, errors = reader.communicate(timeout=60)

    observations = _observations(log)
    failures = [o for o in observations if not o["ok"]]
    assert not failures, failures[:3]
    assert reader.returncode == 0, errors
    for o in observations:  # each snapshot is whole: aggregates match facts, facts notices
        assert o["rows"] == o["row_sum"]
        assert o["fact_notices"] == o["notices"]
    versions = sorted({o["notices"] for o in observations})
    assert versions == [1, 2], versions
