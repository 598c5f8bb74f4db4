"""A mistake in sources.yml fails `notices run` at once, in one line, recorded as a
`config` failure: a folder that does not exist (a relative path is read from the folder
of the sources file, wherever the command runs) is never a fault retried for minutes
before a green run."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import duckdb

from tests.e2e.e2e_processes import NOTICES


def test_a_missing_source_folder_fails_the_run_at_once(tmp_path: Path) -> None:
    # sources.yml copied away from the samples it names, as a deployment might: its
    # relative `path: samples/` now points at a folder beside the copy, which is missing
    config = tmp_path / "etc" / "sources.yml"
    config.parent.mkdir()
    config.write_text("sources:\n  - {id: samples, type: dir, path: samples/}\n", "utf-8")
    home = tmp_path / "home"
    result = subprocess.run(
        [str(NOTICES), "run", "--config", str(config)],
        env={**os.environ, "NOTICES_HOME": str(home)},
        cwd=Path(__file__).resolve().parents[2],  # the repository, which has samples/
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == (
        f"notices: config: source 'samples': the folder {tmp_path / 'etc' / 'samples'} does "
        "not exist (a relative path is read from the folder of the sources file)"
    ), result.stderr
    assert "Traceback" not in result.stderr
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        runs = con.execute("select status, error_kind from raw.load_runs").fetchall()
        documents = con.execute("select count(*) from raw.documents").fetchone()
    assert runs == [("failed", "config")]
    assert documents == (0,)
