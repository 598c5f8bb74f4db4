"""A converter dies with the process that started it, and leaves nothing behind.

Real process trees: a parent Python process converts a .doc (with real LibreOffice, or a
converter script that hangs with a child of its own), the test kills the parent with
SIGKILL (no handler runs), and then looks for survivors in /proc. The work folders live
under the scratch folder given, and the next sweep removes what the killed one left.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from extract.office.convert import SCRATCH_PREFIX, sweep_scratch
from tests.soffice_gate import require_soffice

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="parent-death signals are Linux's"
)

DOC = Path(__file__).resolve().parents[1] / "fixtures/office/doc/wp-ningyang-2017.nested.doc"
REPO = Path(__file__).resolve().parents[2]


def _parent(scratch: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A process that converts DOC with its work folder under `scratch`, in its own
    process group (as a run is)."""
    code = textwrap.dedent(
        f"""
        from pathlib import Path
        from extract.api import extract_file
        extract_file(Path({str(DOC)!r}), scratch=Path({str(scratch)!r}))
        """
    )
    return subprocess.Popen([sys.executable, "-c", code], cwd=REPO, env=env, start_new_session=True)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie is dead, only not reaped yet


def _pids_mentioning(marker: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline and _alive(int(entry.name)):
            pids.append(int(entry.name))
    return pids


def _wait_for(condition, what: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.1)


def test_hung_converter_and_its_child_die_with_a_killed_parent(tmp_path: Path) -> None:
    """kill -9 of the extracting process: the converter (a script that hangs with a child
    of its own) dies with it, though its timeout is far off; the next sweep removes its
    work folder."""
    pids = tmp_path / "converter.pids"
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\nsleep 300 &\necho $$ $! > {pids}\nwait\n", encoding="utf-8")
    script.chmod(0o755)
    scratch = tmp_path / "home" / "tmp"
    env = {**os.environ, "NOTICES_SOFFICE": str(script), "NOTICES_SOFFICE_TIMEOUT": "600"}
    parent = _parent(scratch, env)
    _wait_for(lambda: pids.exists() and pids.read_text().strip(), "the converter to start")
    converter = [int(pid) for pid in pids.read_text().split()]
    assert all(_alive(pid) for pid in converter)
    assert [p.name for p in scratch.iterdir()][0].startswith(SCRATCH_PREFIX)

    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()

    _wait_for(lambda: not any(_alive(pid) for pid in converter), "the converter to die", 10)
    assert sweep_scratch(scratch)
    assert list(scratch.iterdir()) == []


def test_libreoffice_dies_with_a_killed_run_group(tmp_path: Path) -> None:
    """Real LibreOffice (soffice → oosplash → soffice.bin): kill -9 of the run's process
    group in the middle of a conversion leaves no LibreOffice process and, after the next
    sweep, no work folder."""
    require_soffice()
    scratch = tmp_path / "home" / "tmp"
    parent = _parent(scratch, dict(os.environ))
    marker = str(scratch)
    _wait_for(
        lambda: any("soffice.bin" in _cmd(pid) for pid in _pids_mentioning(marker)),
        "soffice.bin to start",
    )
    os.killpg(parent.pid, signal.SIGKILL)
    parent.wait()

    _wait_for(lambda: not _pids_mentioning(marker), "every LibreOffice process to die", 10)
    sweep_scratch(scratch)
    assert not list(scratch.glob(f"{SCRATCH_PREFIX}*"))


def test_sweep_keeps_a_folder_a_living_conversion_holds(tmp_path: Path) -> None:
    """A conversion in progress (its lock held) is never swept from under it."""
    from extract.office.convert import _scratch_folder

    with _scratch_folder(tmp_path) as folder:
        assert sweep_scratch(tmp_path) == []
        assert folder.is_dir()
    assert not folder.exists()


def _cmd(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""
