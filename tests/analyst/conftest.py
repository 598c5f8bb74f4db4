"""The analyst guide's queries run against marts built by a real `dbt build`.

The builder lives in tests/dbt/corpus_warehouse.py; it is imported from there so both
folders build the same warehouse the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from tests.dbt.corpus_warehouse import (
    BuiltWarehouse,
    built_warehouse_fixture,  # noqa: F401 - the shared session fixture
    publish_copy,
)


@pytest.fixture(scope="session")
def reporting(built_warehouse: BuiltWarehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    """What an analyst opens: a copy published beside the warehouse, read-only."""
    con = duckdb.connect(str(publish_copy(built_warehouse)), read_only=True)
    yield con
    con.close()
