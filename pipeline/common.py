"""What every stage of the pipeline shares: the warehouse connection, the clock, progress.

`warehouse(settings)` is the one way a step opens `warehouse.duckdb` for writing, under
the writer lock (pipeline/lock.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import duckdb

from pipeline.lock import writer_lock
from pipeline.settings import Settings

Progress = Callable[[str, int, int | None], None]
"""progress(stage, advance, total): the CLI draws bars from it; None means silent."""


def silent_progress(stage: str, advance: int, total: int | None) -> None:
    return None


def now() -> str:
    return datetime.now(UTC).isoformat()


@contextmanager
def warehouse(settings: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    """The single read-write connection to `warehouse.duckdb`, closed on exit.

    Opened only under the writer lock (pipeline/lock.py), taken here if the caller does
    not hold it already: two writers never meet at DuckDB's own file lock.
    """
    from warehouse.db import connect

    settings.ensure_dirs()
    with writer_lock(settings.home):
        con = connect(settings.warehouse_path)
        try:
            yield con
        finally:
            con.close()
