"""One real `dbt build` per test session over a DuckDB file filled with the corpus rows."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from tests.dbt.corpus_warehouse import (
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
