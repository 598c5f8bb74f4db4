from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tests.expected_corpus import EXPECTED_DIR, read_expected

Extraction = tuple[dict[str, Any], list[dict[str, Any]]]


def _read(slug: str) -> Extraction:
    notice = read_expected(EXPECTED_DIR / slug)
    return notice.meta, notice.rows


@pytest.fixture(scope="session")
def corpus() -> dict[str, Extraction]:
    return {slug: _read(slug) for slug in ("ningyang-2017", "liangshan-2021", "yishui-2018")}


@pytest.fixture
def ningyang(corpus: dict[str, Extraction]) -> Extraction:
    """A copy a test may spoil."""
    return copy.deepcopy(corpus["ningyang-2017"])


@pytest.fixture(scope="session")
def docs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # one Data Docs folder for the session: the GX context and checkpoints are built once
    return tmp_path_factory.mktemp("data_docs")
