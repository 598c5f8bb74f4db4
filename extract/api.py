"""extract_file / write_extraction: the seam the pipeline, the CLI and the DAGs call."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from extract.errors import ExtractionError, Problem
from extract.html_page import extract_html
from extract.ids import notice_id
from extract.limits import Limits
from extract.metadata import notice_metadata
from extract.ocr.image import extract_image
from extract.pdf.document import extract_pdf
from extract.rows import task_rows
from extract.sniff import HTML, IMAGE_KINDS, PDF, sniff
from extract.table.document import DocumentTable
from extract.version import PARSER_VERSION  # noqa: F401  (re-exported)


@dataclass
class Extraction:
    meta: dict
    rows: list[dict]
    problems: list[Problem] = field(default_factory=list)
    kind: str = PDF
    pages: int = 0


def extract_file(
    path: Path, *, limits: Limits | None = None, name: str | None = None
) -> Extraction:
    """Contract 1 meta and rows of one notice file (PDF or HTML page, sniffed from the bytes).

    `name` is the file's original name when `path` is a landing copy named by sha256.
    """
    limits = limits or Limits()
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ExtractionError("corrupt", f"cannot read the file: {error.strerror}") from None
    if size > limits.max_bytes:
        raise ExtractionError(
            "too_large", f"{size} bytes, more than the limit of {limits.max_bytes}"
        )
    return extract_bytes(path.read_bytes(), limits=limits, name=name or path.name)


def extract_bytes(data: bytes, *, limits: Limits | None = None, name: str = "") -> Extraction:
    limits = limits or Limits()
    if len(data) > limits.max_bytes:
        raise ExtractionError(
            "too_large", f"{len(data)} bytes, more than the limit of {limits.max_bytes}"
        )
    kind = sniff(data)
    if kind == HTML and name.lower().endswith(".pdf"):
        # An error page saved under a .pdf name is a failed download, not a notice.
        raise ExtractionError(
            "not_pdf", "the .pdf file holds an HTML page (an error page saved as PDF?)"
        )
    if kind in IMAGE_KINDS:
        table: DocumentTable = extract_image(data)
    else:
        table = extract_pdf(data, limits) if kind == PDF else extract_html(data)
    meta = notice_metadata(
        table.paragraphs, columns=table.columns, has_task_table=table.has_task_table
    )
    meta = {
        "notice_id": notice_id(
            meta.get("issuer"), meta.get("doc_number"), meta.get("title"), meta.get("year")
        ),
        **meta,
    }
    rows = task_rows(
        table.rows,
        notice_id=meta["notice_id"],
        year=meta.get("year"),
        has_lead_column=table.has_lead_column,
    )
    return Extraction(
        meta=meta, rows=rows, problems=list(table.problems), kind=kind, pages=table.pages
    )


def write_extraction(extraction: Extraction, out_dir: Path, stem: str) -> tuple[Path, Path]:
    """Write ``<stem>.jsonl`` and ``<stem>.meta.json`` atomically (temp file + rename)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows_path = out_dir / f"{stem}.jsonl"
    meta_path = out_dir / f"{stem}.meta.json"
    lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in extraction.rows)
    _atomic_write(rows_path, lines)
    _atomic_write(meta_path, json.dumps(extraction.meta, ensure_ascii=False, indent=2) + "\n")
    return rows_path, meta_path


def _atomic_write(path: Path, text: str) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
