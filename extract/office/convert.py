"""Office binary formats → Office Open XML with LibreOffice headless.

Each call runs its own ``soffice`` with a private profile directory (two conversions at
once never share, or lock, a profile), under a supervisor (extract/office/supervise.py)
that leads its process group and kills the whole group when the calling process dies, a
``kill -9`` included: a converter never outlives its run. The timeout is enforced here,
by the caller, which kills that group when it passes. The document and the profile live
in a folder under ``scratch`` (the pipeline passes ``NOTICES_HOME/tmp``), locked while in
use, so the next run can sweep what a killed one left (``sweep_scratch``). Where
LibreOffice is not installed the document fails as ``converter_missing``, naming the
package to install.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from extract.errors import ExtractionError

DEFAULT_TIMEOUT_SECONDS = 120.0
# The Debian/Ubuntu packages that bring the filters each conversion needs.
_PACKAGES = {"docx": "libreoffice-writer-nogui", "xlsx": "libreoffice-calc-nogui"}
_FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}
_SUPERVISOR = Path(__file__).with_name("supervise.py")
SCRATCH_PREFIX = "soffice-"
_LOCK_NAME = ".in-use"
UNLOCKED_GRACE_S = 60.0
"""A scratch folder with no lock file yet may be one being created this instant: only
one this old is surely a killed converter's."""


def soffice_path() -> str | None:
    """The LibreOffice binary, from NOTICES_SOFFICE or the PATH."""
    configured = os.environ.get("NOTICES_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def timeout_seconds() -> float:
    try:
        return float(os.environ.get("NOTICES_SOFFICE_TIMEOUT", DEFAULT_TIMEOUT_SECONDS))
    except ValueError:
        return DEFAULT_TIMEOUT_SECONDS


def converted(
    data: bytes,
    *,
    source: str,
    target: str,
    timings: dict[str, float] | None = None,
    timeout: float | None = None,
    scratch: Path | None = None,
) -> bytes:
    """The bytes of ``data`` (a .``source`` file) converted to ``target`` (docx or xlsx).

    The seconds spent are added to ``timings["convert_seconds"]``; the work folder is made
    under ``scratch``."""
    binary = soffice_path()
    if binary is None:
        raise ExtractionError(
            "converter_missing",
            f"reading .{source} files needs LibreOffice: install {_PACKAGES[target]} "
            "(apt-get install -y --no-install-recommends "
            f"{_PACKAGES[target]}) or set NOTICES_SOFFICE to soffice",
        )
    limit = timeout if timeout is not None else timeout_seconds()
    started = time.perf_counter()
    with _scratch_folder(scratch) as folder:
        profile, out = folder / "profile", folder / "out"
        out.mkdir()
        original = folder / f"document.{source}"
        original.write_bytes(data)
        command = [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            _FILTERS[target],
            "--outdir",
            str(out),
            str(original),
        ]
        try:
            _run(command, limit, home=folder)
        finally:
            if timings is not None:
                elapsed = time.perf_counter() - started
                timings["convert_seconds"] = timings.get("convert_seconds", 0.0) + elapsed
        result = out / f"document.{target}"
        if not result.exists() or not result.stat().st_size:
            raise ExtractionError(
                "corrupt", f"LibreOffice could not read the .{source} file (no {target} written)"
            )
        return result.read_bytes()


@contextlib.contextmanager
def _scratch_folder(scratch: Path | None) -> Iterator[Path]:
    """A private folder under ``scratch`` (the system's temp folder without one), holding
    a lock (flock) for as long as this process uses it; removed after."""
    if scratch is not None:
        scratch.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=scratch))
    lock = os.open(folder / _LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(lock)


def sweep_scratch(scratch: Path) -> list[str]:
    """Remove the conversion folders under ``scratch`` no living process holds: what a
    killed converter left (its lock dies with it). Returns the names removed."""
    removed: list[str] = []
    if not scratch.is_dir():
        return removed
    for folder in sorted(scratch.glob(f"{SCRATCH_PREFIX}*")):
        if folder.is_dir() and not _in_use(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


def _in_use(folder: Path) -> bool:
    try:
        lock = os.open(folder / _LOCK_NAME, os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        try:
            return time.time() - folder.stat().st_mtime < UNLOCKED_GRACE_S
        except FileNotFoundError:
            return True  # gone already
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(lock)  # closing drops the lock just taken, if it was
    return False


def _run(command: list[str], timeout: float, *, home: Path) -> None:
    supervised = [sys.executable, "-I", str(_SUPERVISOR), str(os.getpid()), "--", *command]
    process = subprocess.Popen(
        supervised,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        # its own process group, led by the supervisor: killed whole at the timeout, and
        # by the supervisor itself when this process dies
        start_new_session=True,
        env={**os.environ, "HOME": str(home)},  # nothing written to the user's home
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise ExtractionError(
            "converter_failed", f"LibreOffice did not finish within {timeout:g} s"
        ) from None
    except BaseException:
        _kill_group(process)
        raise
    if process.returncode != 0:
        tail = output.decode("utf-8", errors="replace").strip().splitlines()[-1:]
        raise ExtractionError(
            "converter_failed",
            f"LibreOffice exited with {process.returncode}: {' '.join(tail)[:200]}",
        )


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
