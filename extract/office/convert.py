"""Office binary formats → Office Open XML with LibreOffice headless.

Each call runs its own ``soffice`` with a private profile directory (two conversions at
once never share, or lock, a profile), in its own process group so that a hung converter
and all its children are killed at the timeout. Where LibreOffice is not installed the
document fails as ``converter_missing``, naming the package to install.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from extract.errors import ExtractionError

DEFAULT_TIMEOUT_SECONDS = 120.0
# The Debian/Ubuntu packages that bring the filters each conversion needs.
_PACKAGES = {"docx": "libreoffice-writer-nogui", "xlsx": "libreoffice-calc-nogui"}
_FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}


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
) -> bytes:
    """The bytes of ``data`` (a .``source`` file) converted to ``target`` (docx or xlsx).

    The seconds spent are added to ``timings["convert_seconds"]``."""
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
    with tempfile.TemporaryDirectory(prefix="notices-soffice-") as work:
        folder = Path(work)
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


def _run(command: list[str], timeout: float, *, home: Path) -> None:
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: killed whole at the timeout
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
