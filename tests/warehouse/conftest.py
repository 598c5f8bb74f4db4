from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from warehouse.db import connect  # noqa: E402


@pytest.fixture
def wh_path(tmp_path: Path) -> Path:
    return tmp_path / "warehouse.duckdb"


@pytest.fixture
def con(wh_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(wh_path)
    yield connection
    connection.close()
