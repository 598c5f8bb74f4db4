"""A warehouse holding the task-change notice pair, loaded the way the pipeline loads:
documents registered in raw.documents, the extraction files validated by
great-expectations and loaded by warehouse.load, then `dbt build` of the change marts and
everything upstream of them (a child process, as `notices transform` runs it)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from task_change_pair import LIANGSHAN, NINGYANG, Truth, next_year_pair

from pipeline import steps
from pipeline.settings import PARSER_VERSION, Settings

CHANGE_MARTS = "+fct_task_changes+"
PAIRS = (NINGYANG, LIANGSHAN)


def _write_extraction(folder: Path, document_id: str, meta: dict, rows: list[dict]) -> dict:
    rows_path = folder / f"{document_id}.jsonl"
    meta_path = folder / f"{document_id}.meta.json"
    rows_path.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return {
        "document_id": document_id,
        "parser_version": PARSER_VERSION,
        "status": "extracted",
        "rows": len(rows),
        "problems": [],
        "rows_path": str(rows_path),
        "meta_path": str(meta_path),
    }


def load_notices(settings: Settings, notices: list[tuple[dict[str, Any], list[dict]]]) -> dict:
    """Register, validate and load notices (meta, rows) through the pipeline's own steps."""
    settings.extracted_dir.mkdir(parents=True, exist_ok=True)
    fetched_at = datetime(2024, 1, 1, tzinfo=UTC)
    documents, outcomes = [], []
    for index, (meta, rows) in enumerate(notices):
        document_id = hashlib.sha256(meta["notice_id"].encode("utf-8")).hexdigest()
        documents.append(
            {
                "document_id": document_id,
                "source_id": "task-changes",
                "url": f"fixture/{meta['notice_id']}.pdf",
                "original_name": f"{meta['notice_id']}.pdf",
                "fetched_at": (fetched_at + timedelta(minutes=index)).isoformat(),
                "content_type": "application/pdf",
                "bytes": 0,
            }
        )
        outcomes.append(_write_extraction(settings.extracted_dir, document_id, meta, rows))
    steps.register_fetched(settings, documents)
    return steps.validate_and_load(settings, outcomes)


def build_pair_warehouse(home: Path) -> tuple[Settings, dict[str, Truth]]:
    """Every pair loaded (two regions) and the change marts built; returns the settings
    and the truth of each region (by adcode)."""
    notices, truths = [], {}
    for edits in PAIRS:
        before, after, truth = next_year_pair(edits)
        notices += [before, after]
        truths[before[0]["region"]["adcode"]] = truth
    settings = Settings.from_env(home)
    loaded = load_notices(settings, notices)
    assert loaded["loaded"] == len(notices), loaded
    steps.transform(settings, select=CHANGE_MARTS, docs=False, indirect_selection="cautious")
    return settings, truths
