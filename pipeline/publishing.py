"""Publish: the marts → the read-only `reporting.duckdb` snapshot (atomic rename) and
the deadline calendars; and the clean-up of what a killed run left behind."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from pipeline.common import warehouse
from pipeline.lock import writer_lock
from pipeline.pause import pause_point
from pipeline.settings import Settings

STALE_EXTRACTION_TEMP_S = 3600
"""Extraction temp files are written by workers that need no lock (Airflow's mapped
tasks): only ones this old are surely a killed writer's."""


def clean_stale_temp_files(settings: Settings) -> list[str]:
    """Remove what a killed run left: snapshot copies, half-written extraction files and
    converters' work folders no living process holds (extract/office/convert.py).

    Only under the writer lock, so no living publisher owns a snapshot copy. Returns the
    names removed.
    """
    from extract.office.convert import sweep_scratch

    removed: list[str] = []
    with writer_lock(settings.home):
        removed += sweep_scratch(settings.scratch_dir)
        name = settings.reporting_path.name
        snapshots = [
            *settings.home.glob(f".{name}.*.tmp*"),
            *settings.bi_dir.glob(f".{name}.*.tmp"),
        ]
        extractions = (
            settings.extracted_dir.glob(".*.tmp") if settings.extracted_dir.is_dir() else []
        )
        cutoff = time.time() - STALE_EXTRACTION_TEMP_S
        for path in [*snapshots, *(p for p in extractions if _mtime(p) < cutoff)]:
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            removed.append(path.name)
    return removed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return time.time()


def share_with_bi(settings: Settings) -> Path:
    """Give the new snapshot a second name, `bi/reporting.duckdb` (a hard link: the same
    file, no copy), in a folder of its own. The BI service mounts that folder only, so
    SQL Lab can open the snapshot and nothing else; a folder, not the file, because each
    publish renames a new file in (a bind of the file would keep the old one)."""
    settings.bi_dir.mkdir(parents=True, exist_ok=True)
    shared = settings.bi_dir / settings.reporting_path.name
    tmp = shared.with_name(f".{shared.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    os.link(settings.reporting_path, tmp)
    try:
        os.replace(tmp, shared)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return shared


def publish(settings: Settings) -> str:
    """Atomically replace `reporting.duckdb` with a snapshot of the warehouse's marts, and
    the deadline calendars (`calendar/`) with the ones of the same data, right after it."""
    from warehouse.calendar import calendar_dir, stage
    from warehouse.publish import publish as publish_snapshot
    from warehouse.versions import SNAPSHOT, built_version, record_built

    with writer_lock(settings.home):
        clean_stale_temp_files(settings)
        with warehouse(settings) as con:
            marts = built_version(con)  # what the copy will hold (None: never fully built)
        with stage(settings.warehouse_path, calendar_dir(settings.home)) as swap_calendars:
            publish_snapshot(
                settings.warehouse_path,
                settings.reporting_path,
                method="analysts",
                before_rename=lambda: pause_point("publish"),
            )
            share_with_bi(settings)
            swap_calendars()
        # After the rename: a kill in between only costs the next run a second publish.
        with warehouse(settings) as con:
            record_built(con, marts or "none", SNAPSHOT)
    return str(settings.reporting_path)
