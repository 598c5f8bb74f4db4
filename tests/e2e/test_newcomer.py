"""What a newcomer meets on a fresh clone, through the real `notices` command: every
message says what is true, in one line, and nothing the commands write is left for
`git status` to show."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
from pathlib import Path

import pytest

from tests.e2e.e2e_processes import NOTICES, REPO
from tests.e2e.hostile_pages import long_table


def _notices(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(NOTICES), *args],
        env={**os.environ, "COLUMNS": "300", **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_extract_says_which_formats_it_reads(tmp_path: Path) -> None:
    """`notices extract README.md` named only PDF and HTML, though Word and Excel are read."""
    done = _notices("extract", str(REPO / "README.md"), "--out", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()
    assert "not_pdf: not a format notices reads (PDF, HTML, Word" in line
    assert "Excel" in line and "neither a PDF nor an HTML page" not in line


def test_a_notice_without_a_task_table_says_why_it_has_no_rows(tmp_path: Path) -> None:
    page = tmp_path / "notice.html"
    page.write_text(
        "<html><body><h1>梁山县人民政府办公室关于做好2022年政务公开工作的通知</h1>"
        "<p>各乡镇人民政府，县政府各部门：请认真做好政务公开工作。</p></body></html>",
        encoding="utf-8",
    )
    done = _notices("extract", str(page), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        f"{page}: 0 rows: no task table found (the notice has none, or its table was not "
        "recognised)"
    )


def test_extraction_files_are_readable_as_the_umask_allows(tmp_path: Path) -> None:
    """They were created 0600 (mkstemp's mode), unreadable to the analysts' group."""
    page = tmp_path / "table.html"
    page.write_bytes(long_table(3, title="梁山县人民政府办公室关于印发2022年任务分解表的通知"))
    out = tmp_path / "out"
    done = subprocess.run(
        ["sh", "-c", f'umask 022 && exec "{NOTICES}" extract "{page}" --out "{out}"'],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for name in ("table.jsonl", "table.meta.json"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o644, name


def test_docs_on_a_port_in_use_fails_in_one_line_at_once(tmp_path: Path) -> None:
    """It printed a 62-line traceback, after a minute and a half of dbt."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "reporting.duckdb").write_bytes(b"")  # never opened: the port is checked first
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _notices("docs", "--port", str(port), "--home", str(home), cwd=tmp_path)
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"notices: error: cannot serve on 127.0.0.1:{port}: ")
    assert "--port" in line
    assert not (home / "dbt_docs").exists()  # dbt never ran


def test_home_defaults_to_the_repositorys_warehouse_folder_as_the_help_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NOTICES_HOME"}
    done = subprocess.run(
        [str(NOTICES), "status", "--help"],
        env={**env, "COLUMNS": "300"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "the warehouse/ folder of this repository" in " ".join(done.stdout.split())
    from pipeline.settings import Settings

    monkeypatch.delenv("NOTICES_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    assert Settings.from_env().home == REPO / "warehouse"


def test_what_commands_write_in_the_repository_is_ignored_by_git() -> None:
    written = [
        "warehouse/dbt_docs/target/index.html",  # notices docs
        "warehouse/tmp/soffice-abc/document.doc",  # a converter's work folder
        "warehouse/bi/reporting.duckdb",  # the folder the BI service mounts
        "warehouse/reporting.duckdb",
    ]
    done = subprocess.run(
        ["git", "check-ignore", "--no-index", *written],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert sorted(done.stdout.split()) == sorted(written), done.stderr
