from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

EXPECTED = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "expected"

Extraction = tuple[dict[str, Any], list[dict[str, Any]]]


def _read(slug: str) -> Extraction:
    meta = json.loads((EXPECTED / f"{slug}.meta.json").read_text(encoding="utf-8"))
    lines = (EXPECTED / f"{slug}.jsonl").read_text(encoding="utf-8").splitlines()
    return meta, [json.loads(line) for line in lines if line.strip()]


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
