"""One compliance warehouse per test session: notices loaded, columns fetched from a real
portal on 127.0.0.1, the compliance marts built by a real dbt build."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from tests.compliance.compliance_warehouse import ComplianceWarehouse, build_compliance_warehouse
from tests.sources.fetch_portal import Portal


@pytest.fixture(scope="session")
def compliance_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ComplianceWarehouse]:
    portal = Portal()
    portal.start()
    try:
        yield build_compliance_warehouse(tmp_path_factory.mktemp("compliance"), portal)
    finally:
        portal.stop()


@pytest.fixture(scope="session")
def compliance_db(compliance_warehouse: ComplianceWarehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    # read-write on purpose: after dbt-duckdb ran in this process a read_only open fails
    con = duckdb.connect(str(compliance_warehouse.path))
    yield con
    con.close()
