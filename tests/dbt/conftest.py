"""One real `dbt build` per test session over a DuckDB file filled with the corpus rows."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from corpus_warehouse import (  # noqa: E402
    BuiltWarehouse,
    built_warehouse_fixture,  # noqa: F401 - the shared session fixture
)


@pytest.fixture(scope="session")
def warehouse(built_warehouse: BuiltWarehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    # read-write on purpose: after dbt-duckdb ran in this process, a read_only open of
    # the same file fails (DuckDB keeps one instance per file and process)
    con = duckdb.connect(str(built_warehouse.path))
    yield con
    con.close()
