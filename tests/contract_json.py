"""Contract 1 JSON, as tests write and edit it, read into records the way the pipeline
reads extraction files (extract.contract)."""

from __future__ import annotations

from typing import Any

from extract.contract import NoticeRecords

Extraction = tuple[dict[str, Any], list[dict[str, Any]]]


def records(items: list[Extraction]) -> list[NoticeRecords]:
    return [NoticeRecords.from_json(meta, rows) for meta, rows in items]
