"""Extractions (meta, rows) loaded into a warehouse file the way the pipeline loads them:
the raw schema from warehouse.db.connect, each document registered in raw.documents by
warehouse.registry, every notice validated by the great-expectations suites in one
checkpoint run, and each loaded by warehouse.loader.load_document in its own transaction.

Shared by the corpus warehouse and the task-change warehouse, so no test fills `raw`
with its own INSERTs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from expectations.checkpoint import validate_many
from extract.contract import NoticeRecords
from pipeline.settings import PARSER_VERSION
from warehouse.db import connect
from warehouse.loader import LoadOutcome, load_document
from warehouse.registry import register_fetched

Extraction = tuple[dict[str, Any], list[dict[str, Any]]]

# Fixed, one minute apart in the given order: the load is the same on every run, and the
# document fetched later is the newer one should two carry the same notice.
FIRST_FETCH = datetime(2024, 1, 1, tzinfo=UTC)


def document_id(notice_id: str) -> str:
    """A fixture has no file: its document is named by the notice it holds."""
    return hashlib.sha256(notice_id.encode("utf-8")).hexdigest()


def fetched_document(meta: dict[str, Any], source_id: str, index: int) -> dict[str, Any]:
    """The document a fetcher would have registered for this notice's PDF."""
    notice_id = meta["notice_id"]
    return {
        "document_id": document_id(notice_id),
        "source_id": source_id,
        "url": f"fixture/{notice_id}.pdf",
        "original_name": f"{notice_id}.pdf",
        "fetched_at": FIRST_FETCH + timedelta(minutes=index),
        "content_type": "application/pdf",
        "bytes": 0,
    }


def load_extractions(
    path: Path, extractions: Sequence[Extraction], *, source_id: str
) -> list[LoadOutcome]:
    """Register, validate and load every extraction into the warehouse at `path`.

    Returns one LoadOutcome per extraction, in order; a LoadError (input the loader
    refuses) propagates: a fixture that cannot be loaded is a broken test.
    """
    con = connect(path)
    try:
        register_fetched(
            con,
            [fetched_document(meta, source_id, i) for i, (meta, _) in enumerate(extractions)],
            parser_version=PARSER_VERSION,
        )
        notices = [NoticeRecords.from_json(meta, rows) for meta, rows in extractions]
        validations = validate_many(notices)
        return [
            load_document(con, document_id(notice.meta.notice_id), notice, verdict, PARSER_VERSION)
            for notice, verdict in zip(notices, validations, strict=True)
        ]
    finally:
        con.close()
