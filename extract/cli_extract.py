"""`notices extract FILE... --out DIR`: extract files in parallel, one line per bad file."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from extract.api import Failed, extract_to
from extract.limits import Limits
from extract.printable import printable
from extract.vocabulary import ErrorKind


@dataclass(frozen=True)
class FileOutcome:
    path: str
    rows: int = 0
    problems: int = 0
    has_task_table: bool = True
    error_kind: str | None = None
    error_message: str | None = None
    # each problem's kind, and the problem as printed under the file's line
    problem_kinds: tuple[str, ...] = ()
    problem_lines: tuple[str, ...] = ()


def extract_one_file(
    path: Path, out_dir: Path, limits: Limits, scratch: Path | None = None
) -> FileOutcome:
    """Extract and write one file, as the pipeline does (extract.api.extract_to); every
    failure becomes an outcome, never an exception."""
    written = extract_to(path, out_dir, path.stem, limits=limits, scratch=scratch)
    if isinstance(written, Failed):
        message = written.message
        if written.kind == ErrorKind.PARSER_ERROR:  # an exception's text may span lines
            message = message.splitlines()[0][:200]
        return FileOutcome(str(path), error_kind=written.kind, error_message=message)
    extraction = written.extraction
    return FileOutcome(
        str(path),
        rows=len(extraction.tasks),
        problems=len(extraction.problems),
        has_task_table=extraction.notice.has_task_table,
        problem_kinds=tuple(p.kind for p in extraction.problems),
        problem_lines=tuple(f"page {p.page}: {p.kind}: {p.text}" for p in extraction.problems),
    )


def _summary(outcome: FileOutcome) -> str:
    """``N rows``, and the problems by kind: a user of `notices extract` sees what the
    pipeline notes on the document (low_confidence cells, rows missing, unplaced text)."""
    if not outcome.problem_kinds:
        return f"{outcome.rows} rows"
    kinds: dict[str, int] = {}
    for kind in outcome.problem_kinds:
        kinds[kind] = kinds.get(kind, 0) + 1
    named = ", ".join(f"{count} {kind}" for kind, count in kinds.items())
    return f"{outcome.rows} rows, {outcome.problems} problems ({named})"


def extract_paths(
    paths: list[Path],
    out_dir: Path,
    workers: int | None,
    *,
    scratch: Path | None = None,
    initializer: Callable[[], None] | None = None,
) -> int:
    """Extract every file into ``out_dir``; prints one line per file; 1 if any file failed.

    ``scratch`` is where converters work; ``initializer`` runs in each worker process
    (the CLI binds the workers' lives to its own)."""
    limits = Limits.from_env()
    files = [Path(p) for p in paths]
    count = workers or min(len(files), os.cpu_count() or 1)
    if count > 1 and len(files) > 1:
        with ProcessPoolExecutor(max_workers=count, initializer=initializer) as pool:
            n = len(files)
            outcomes = list(
                pool.map(extract_one_file, files, [out_dir] * n, [limits] * n, [scratch] * n)
            )
    else:
        outcomes = [extract_one_file(path, out_dir, limits, scratch) for path in files]
    failed = 0
    for outcome in outcomes:
        if outcome.error_kind:
            failed += 1
            line = f"{outcome.path}: {outcome.error_kind}: {outcome.error_message}"
            print(printable(line), file=sys.stderr)
        else:
            note = ""
            if not outcome.has_task_table:
                note = (
                    ": no task table found (the notice has none, or its table was not recognised)"
                )
            print(printable(f"{outcome.path}: {_summary(outcome)}{note}"))
            for line in outcome.problem_lines:
                print(printable(f"  {line}"))
    return 1 if failed else 0
