"""extract_file / write_extraction / extract_to: the seam the pipeline, the CLI and the DAGs call."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from extract.contract import NoticeMeta, TaskRow
from extract.errors import ExtractionError, Problem
from extract.ids import notice_id
from extract.limits import Limits
from extract.metadata import notice_metadata, unread_signing_date
from extract.prose.document import ProseReading, read_prose
from extract.readers import read_table
from extract.rows import prose_rows, rows_without_units, task_rows
from extract.sniff import HTML, PDF, file_format, sniff
from extract.table.document import DocumentTable
from extract.version import PARSER_VERSION  # noqa: F401  (re-exported)
from extract.vocabulary import ErrorKind, Layout, NoteKind, NoticeKind


@dataclass(frozen=True)
class Extraction:
    """One file's Contract 1 records (extract/contract.py) and what reading it met."""

    notice: NoticeMeta
    tasks: tuple[TaskRow, ...]
    problems: list[Problem] = field(default_factory=list)
    kind: str = PDF  # the format sniffed from the bytes: pdf, html, docx, doc, xlsx, xls
    pages: int = 0
    # seconds spent in named steps outside the parser, e.g. {"convert_seconds": 2.1}
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def meta(self) -> dict[str, Any]:
        """The meta as Contract 1 JSON (``<stem>.meta.json``), as expected files hold it."""
        return self.notice.to_json()

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The rows as Contract 1 JSON (the lines of ``<stem>.jsonl``)."""
        return [row.to_json() for row in self.tasks]


def extract_file(
    path: Path,
    *,
    limits: Limits | None = None,
    name: str | None = None,
    scratch: Path | None = None,
) -> Extraction:
    """Contract 1 meta and rows of one notice file (PDF, HTML page, Word or Excel file,
    sniffed from the bytes).

    `name` is the file's original name when `path` is a landing copy named by sha256;
    `scratch` the folder a converter (LibreOffice) works in, the system's temp folder
    without one (the pipeline passes `NOTICES_HOME/tmp`, swept by the next run).
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
    return extract_bytes(path.read_bytes(), limits=limits, name=name or path.name, scratch=scratch)


def extract_bytes(
    data: bytes, *, limits: Limits | None = None, name: str = "", scratch: Path | None = None
) -> Extraction:
    limits = limits or Limits()
    if len(data) > limits.max_bytes:
        raise ExtractionError(
            "too_large", f"{len(data)} bytes, more than the limit of {limits.max_bytes}"
        )
    try:
        kind = sniff(data)
    except ExtractionError as error:
        error.format = file_format(data)  # the type an unsupported file was (ofd, png, ...)
        raise
    if kind == HTML and name.lower().endswith(".pdf"):
        # An error page saved under a .pdf name is a failed download, not a notice.
        raise ExtractionError(
            "not_pdf", "the .pdf file holds an HTML page (an error page saved as PDF?)"
        )
    timings: dict[str, float] = {}
    try:
        table = read_table(kind, data, limits, timings, scratch)
    except ExtractionError as error:
        error.format = kind
        raise
    prose = read_prose(table.paragraphs)
    found = _metadata(table, prose)
    meta = NoticeMeta.from_json(
        {
            "notice_id": notice_id(
                found.get("issuer"),
                found.get("doc_number"),
                found.get("title"),
                found.get("year"),
                document_sha256=hashlib.sha256(data).hexdigest(),
                kind=found.get("kind"),
            ),
            **found,
        }
    )
    rows = _rows(table, prose, notice_id=meta.notice_id, year=meta.year)
    return Extraction(
        notice=meta,
        tasks=tuple(rows),
        problems=list(table.problems)
        # the table's rows only: a prose task without units is the notice's choice
        + rows_without_units(
            [r for r in rows if r.layout == Layout.TABLE], table.rows, meta.columns
        )
        + _date_unread(table, meta),
        kind=kind,
        pages=table.pages,
        timings=timings,
    )


def _date_unread(table: DocumentTable, meta: NoticeMeta) -> list[Problem]:
    """A signing date seen but not read (a seal printed over it on a scan): said, never
    guessed. publish_date stays empty; the year is the title's or the 文号's."""
    if meta.publish_date is not None:
        return []
    line = unread_signing_date(table.paragraphs)
    if line is None:
        return []
    return [
        Problem(
            NoteKind.LOW_CONFIDENCE,
            1,
            f"the signing date could not be read: its line reads “{line}” (a seal printed "
            f"over it?); publish_date is left empty, year {meta.year} is from the title or "
            "the document number",
        )
    ]


def _metadata(table: DocumentTable, prose: ProseReading) -> dict[str, Any]:
    """Meta fields of a table notice, a prose notice (its 要点's title as table_title) or
    an interpretation (no task table), with the document's kind."""
    if table.has_task_table or not prose.tasks:
        meta = notice_metadata(
            table.paragraphs, columns=table.columns, has_task_table=table.has_task_table
        )
    else:
        # the lines around the tasks hold the notice's title, body and signature
        meta = notice_metadata([*prose.front, *prose.trailer], columns=[], has_task_table=False)
        meta["table_title"] = prose.title
        meta["has_task_table"] = True
    meta["kind"] = prose.kind.value
    if prose.kind is NoticeKind.INTERPRETATION:
        meta["has_task_table"] = False  # it restates a notice; the tasks are the notice's
    return meta


def _rows(
    table: DocumentTable, prose: ProseReading, *, notice_id: str, year: int | None
) -> list[TaskRow]:
    """A table notice's rows, after the prose tasks that name units of their own (the
    prose before a table usually restates it); a prose notice's tasks; an interpretation
    none."""
    if prose.kind is NoticeKind.INTERPRETATION:
        return []
    if not table.has_task_table:
        return prose_rows(prose.tasks, notice_id=notice_id, year=year)
    assigned = [task for task in prose.tasks if task.note is not None]
    before = prose_rows(assigned, notice_id=notice_id, year=year)
    return before + task_rows(table.rows, notice_id=notice_id, year=year, first=len(before) + 1)


def write_extraction(extraction: Extraction, out_dir: Path, stem: str) -> tuple[Path, Path]:
    """Write ``<stem>.jsonl`` and ``<stem>.meta.json`` atomically (temp file + rename)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows_path = out_dir / f"{stem}.jsonl"
    meta_path = out_dir / f"{stem}.meta.json"
    lines = "".join(
        json.dumps(row.to_json(), ensure_ascii=False) + "\n" for row in extraction.tasks
    )
    _atomic_write(rows_path, lines)
    _atomic_write(
        meta_path, json.dumps(extraction.notice.to_json(), ensure_ascii=False, indent=2) + "\n"
    )
    return rows_path, meta_path


@dataclass(frozen=True)
class NoticePage:
    """Where a fetched document was linked from: the notice page's context
    (raw.documents.notice_context, may be None) and the document's sha256."""

    context: dict[str, Any] | None
    document_sha256: str


@dataclass(frozen=True)
class Written:
    """A file extracted and written as ``<stem>.jsonl`` and ``<stem>.meta.json``."""

    extraction: Extraction
    rows_path: Path
    meta_path: Path


@dataclass(frozen=True)
class Failed:
    """A file that yielded no extraction: its error kind (extract.vocabulary.ErrorKind),
    the reason, and its format when it was sniffed."""

    kind: str
    message: str
    format: str | None = None


def extract_to(
    path: Path,
    out_dir: Path,
    stem: str,
    *,
    limits: Limits | None = None,
    name: str | None = None,
    page: NoticePage | None = None,
    scratch: Path | None = None,
) -> Written | Failed:
    """Extract one file and write it under ``out_dir`` as ``<stem>.*``: what `notices
    extract` does for each file and the pipeline for each stored document.

    With `page`, the metadata the file lacks is filled from the notice page it was linked
    from (extract/sources/notice_context.py). Never raises for a bad file: an extraction
    error gives its kind, and anything else (a bug of ours on this file) `parser_error`,
    so one broken file never stops the others.
    """
    try:
        extraction = extract_file(path, limits=limits, name=name, scratch=scratch)
        if page is not None:
            from extract.sources.notice_context import inherit

            meta, rows = inherit(
                extraction.notice,
                extraction.tasks,
                page.context,
                document_sha256=page.document_sha256,
            )
            extraction = replace(extraction, notice=meta, tasks=rows)
        rows_path, meta_path = write_extraction(extraction, out_dir, stem)
    except ExtractionError as error:
        return Failed(error.kind, error.message, error.format)
    except Exception as error:  # a parser bug must not stop the run: record it, keep going
        return Failed(ErrorKind.PARSER_ERROR.value, f"{type(error).__name__}: {error}")
    return Written(extraction, rows_path, meta_path)


def _umask() -> int:
    """This process's umask, read without changing it (os.umask sets as it reads)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


def _atomic_write(path: Path, text: str) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file 0600; an extraction output is an ordinary file, readable
        # as any other the user writes (the umask decides), not private to this process
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
