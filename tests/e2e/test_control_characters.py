"""Names a hostile publisher controls never act on the terminal, and every failed
document is reported.

Real `notices` processes over a folder whose file and link names hold an ESC sequence
(a window title, a cleared screen) and a newline followed by a forged output line. What
the commands print (stdout and stderr, as a terminal would get them) must hold no raw
control character, show each name with its escapes, and never start a line with the
forged text. A document the fetch registers as failed (a ZIP archive: no reader) is
reported by `notices fetch` and `notices status`, in the words `notices extract` uses.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.e2e.e2e_processes import NOTICES

TITLE_AND_CLEAR = "\x1b]0;pwned\x07\x1b[2Jnotice.pdf"
FORGED_LINE = "x\nfake fetch fault line.pdf"
RETURN = "y\rz.html"
C1 = "csi\x9b31m.pdf"
# A format no reader handles (archives are opened since issue 26; a BMP is not read)
ARCHIVE = "scan.bmp"
UNSUPPORTED = "unsupported_format: a BMP image (bmp): no reader handles this format yet"


def _bmp() -> bytes:
    return b"BM" + bytes(60)


@pytest.fixture(scope="module")
def hostile_inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ctl")
    inbox = root / "inbox"
    inbox.mkdir()
    (inbox / TITLE_AND_CLEAR).write_bytes(b"")  # fails as `empty` when extracted
    (inbox / RETURN).write_bytes(b"<html><body>nothing</body></html>")
    (inbox / C1).write_bytes(b"%PDF-1.4 broken")
    (inbox / FORGED_LINE).symlink_to("/etc/hostname")  # a fetch fault: a link outside
    (inbox / ARCHIVE).write_bytes(_bmp())  # registered failed by the fetch itself
    (root / "sources.yml").write_text(
        f"sources:\n  - id: inbox\n    type: dir\n    path: {inbox}\n", "utf-8"
    )
    return root


def _notices(*args: str, home: Path) -> str:
    result = subprocess.run(
        [str(NOTICES), *args],
        env={**os.environ, "NOTICES_HOME": str(home), "COLUMNS": "400"},
        capture_output=True,
        timeout=300,
    )
    return (result.stdout + result.stderr).decode("utf-8")


def _assert_escaped(printed: str, *shown: str) -> None:
    """No raw control character, no forged line, and each name `shown` escaped."""
    for char in ("\x1b", "\x07", "\r", "\x9b"):
        assert char not in printed, f"raw {char!r} printed:\n{printed}"
    assert not any(line.startswith("fake fetch fault") for line in printed.splitlines())
    flat = printed.replace("\n", "")  # rich may wrap a long line
    for name in shown:
        assert name in flat, f"{name} not in:\n{printed}"


@pytest.fixture(scope="module")
def fetched(hostile_inbox: Path) -> str:
    home = hostile_inbox / "home"
    return _notices("fetch", "--config", str(hostile_inbox / "sources.yml"), home=home)


def test_fetch_prints_hostile_names_escaped(fetched: str) -> None:
    _assert_escaped(fetched, "x\\nfake fetch fault line.pdf")


def test_extract_prints_hostile_names_escaped(hostile_inbox: Path) -> None:
    inbox = hostile_inbox / "inbox"
    files = [str(inbox / name) for name in (TITLE_AND_CLEAR, RETURN, C1)]
    printed = _notices("extract", *files, "--out", str(hostile_inbox / "out"), home=hostile_inbox)
    _assert_escaped(
        printed, "\\x1b]0;pwned\\x07\\x1b[2Jnotice.pdf", "y\\rz.html", "csi\\x9b31m.pdf"
    )


def test_a_document_failed_at_fetch_is_reported_as_extract_reports_it(
    hostile_inbox: Path, fetched: str
) -> None:
    """The fetch registers the BMP picture `failed`; `notices fetch` says so, `notices
    status` lists it, and both give the message `notices extract` gives for the file."""
    assert f"failed {ARCHIVE} {UNSUPPORTED}" in fetched
    status = _notices("status", home=hostile_inbox / "home")
    assert f"{ARCHIVE}: {UNSUPPORTED}" in status
    extracted = _notices(
        "extract",
        str(hostile_inbox / "inbox" / ARCHIVE),
        "--out",
        str(hostile_inbox / "out"),
        home=hostile_inbox,
    )
    assert f"{ARCHIVE}: {UNSUPPORTED}" in extracted
