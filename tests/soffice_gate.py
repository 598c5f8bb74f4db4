"""Tests that need LibreOffice: skipped with the reason where it is missing, failed
instead when NOTICES_REQUIRE_SOFFICE=1 (CI installs it and sets that, so the LibreOffice
path is never skipped silently there)."""

from __future__ import annotations

import os

import pytest

from extract.office.convert import soffice_path

MISSING = (
    "LibreOffice (soffice) is not installed: apt-get install -y libreoffice-writer-nogui "
    "libreoffice-calc-nogui fonts-wqy-zenhei"
)


def require_soffice() -> None:
    """Call at the start of a test that converts with LibreOffice."""
    if soffice_path() is not None:
        return
    if os.environ.get("NOTICES_REQUIRE_SOFFICE") == "1":
        pytest.fail(f"NOTICES_REQUIRE_SOFFICE=1 but {MISSING}")
    pytest.skip(MISSING)


def needs_soffice(path: os.PathLike[str] | str) -> bool:
    """Files whose reading goes through LibreOffice (the Word binary family)."""
    return str(path).lower().endswith((".doc", ".wps"))
