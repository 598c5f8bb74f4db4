"""Loading into `raw`, three ways on the same documents in one run: one transaction per
document (`load_document`), one transaction per batch of 100 loading its documents one
after another (`load_documents(set_based=False)`, the old batch), and the set-based batch
(`load_documents`: one statement per table for the whole batch).

    uv run python -m bench.load_speed [--documents 300 3000] [--repeat 3] [--insert]

The documents are the corpus's expected extractions (tests/warehouse/wh_corpus.py) under
new notice ids, every row `ok`. Each mode loads them into a fresh warehouse file (a first
load), then loads them all again (a re-load: every document replaces its own rows, the
deletes a re-extraction makes). The modes take turns within each repetition, in an order
that rotates, so a slow spell of the shared machine does not fall on one mode only; the
figure is the median over the repetitions, and the ratios are of medians.

`--insert` also times the one INSERT of a batch's rows three ways (why the set-based batch
hands DuckDB a pandas frame): the columns bound as lists that DuckDB unnests, a pandas
frame DuckDB scans, and DuckDB's read_json over the JSONL files the extract workers write
(one per document) joined to the verdicts, which are not in those files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from extract.contract import NoticeRecords
from tests.warehouse.wh_corpus import SLUGS, all_ok, extraction, fetched
from warehouse import loader
from warehouse.db import connect
from warehouse.loader import LoadItem, load_document, load_documents
from warehouse.registry import register_fetched

BATCH = 100


@dataclass(frozen=True)
class Timing:
    """One mode's seconds on one repetition."""

    mode: str
    first_load: float
    reload: float
    cpu: float  # CPU seconds of both loads, all the process's threads


def _items(con: duckdb.DuckDBPyConnection, count: int) -> list[LoadItem]:
    items, documents = [], []
    for index in range(count):
        slug = SLUGS[index % len(SLUGS)]
        meta, rows = extraction(slug)
        notice_id = f"{meta['notice_id']}-{index}"
        meta["notice_id"] = notice_id
        rows = [dict(row, notice_id=notice_id) for row in rows]
        document = fetched(f"{slug}-{index}", minutes=index)
        documents.append(document)
        items.append(
            LoadItem(
                document["document_id"], NoticeRecords.from_json(meta, rows), all_ok(rows), "bench"
            )
        )
    register_fetched(con, documents)
    return items


def _one_by_one(con: duckdb.DuckDBPyConnection, items: list[LoadItem]) -> None:
    for item in items:
        load_document(con, item.document_id, item.notice, item.validation, "bench")


def _batched(set_based: bool) -> Callable[[duckdb.DuckDBPyConnection, list[LoadItem]], None]:
    def load(con: duckdb.DuckDBPyConnection, items: list[LoadItem]) -> None:
        for first in range(0, len(items), BATCH):
            load_documents(con, items[first : first + BATCH], set_based=set_based)

    return load


MODES: dict[str, Callable[[duckdb.DuckDBPyConnection, list[LoadItem]], None]] = {
    "per document": _one_by_one,
    f"old batch of {BATCH}": _batched(False),
    f"set-based batch of {BATCH}": _batched(True),
}


def _time(mode: str, folder: Path, count: int) -> Timing:
    con = connect(folder / f"{mode.replace(' ', '-')}.duckdb")
    try:
        items = _items(con, count)
        seconds = []
        start_cpu = time.process_time()
        for _ in ("first load", "reload"):
            start = time.perf_counter()
            MODES[mode](con, items)
            seconds.append(time.perf_counter() - start)
        return Timing(mode, seconds[0], seconds[1], time.process_time() - start_cpu)
    finally:
        con.close()


def _report(count: int, rows: int, timings: list[Timing], repeat: int) -> None:
    print(f"\n{count} documents, {rows:,} rows, {repeat} repetitions (median s; rows/s)")
    median: dict[tuple[str, str], float] = {}
    for mode in MODES:
        mine = [t for t in timings if t.mode == mode]
        for phase in ("first_load", "reload", "cpu"):
            median[mode, phase] = statistics.median(getattr(t, phase) for t in mine)
        print(
            f"  {mode:24} first load {median[mode, 'first_load']:7.2f} s "
            f"({rows / median[mode, 'first_load']:>9,.0f} rows/s)   "
            f"re-load {median[mode, 'reload']:7.2f} s "
            f"({rows / median[mode, 'reload']:>9,.0f} rows/s)   "
            f"CPU (both) {median[mode, 'cpu']:6.2f} s   "
            f"all runs: {', '.join(f'{t.first_load:.2f}+{t.reload:.2f}' for t in mine)}"
        )
    per_doc, old, new = MODES
    for phase in ("first_load", "reload", "cpu"):
        print(
            f"  {phase.replace('_', ' '):10} speed: set-based / per document = "
            f"{median[per_doc, phase] / median[new, phase]:.2f}, "
            f"set-based / old batch = {median[old, phase] / median[new, phase]:.2f}, "
            f"old batch / per document = {median[per_doc, phase] / median[old, phase]:.2f}"
        )


def _batch_rows(items: list[LoadItem], now: dt.datetime) -> dict[str, list[object]]:
    rows: dict[str, list[object]] = {}
    for item in items:
        columns = loader._row_columns(
            item.document_id, item.notice.meta.notice_id, item.notice.rows, item.validation, now
        )
        for name, value in columns.items():
            if name != "loaded_at":
                assert isinstance(value, list)
                rows.setdefault(name, []).extend(value)
    return rows


_READ_JSON = f"""
insert into raw.task_rows (notice_id, row, document_id, {", ".join(loader._TEXT_FIELDS)},
    {", ".join(loader._LIST_FIELDS)}, deadline_date, dq_status, dq_reasons, loaded_at)
with verdicts as (
    select unnest($document_id::varchar[]) as document_id, unnest($row::integer[]) as row,
        unnest($dq_status::varchar[]) as dq_status,
        unnest($dq_reasons::varchar[][]) as dq_reasons
), extracted as (
    select *, parse_filename(filename, true) as document_id
    from read_json($paths, format = 'newline_delimited', filename = true, columns = {{
        notice_id: 'varchar', row: 'integer', seq: 'varchar', section: 'varchar[]',
        requirement: 'varchar', lead_units_text: 'varchar', responsible_units_text: 'varchar',
        deadline_text: 'varchar', lead_units: 'varchar[]', responsible_units: 'varchar[]',
        cooperating_units: 'varchar[]', frequencies: 'varchar[]', deadline_date: 'varchar',
        layout: 'varchar'}})
)
select e.notice_id, e.row, e.document_id, {", ".join(f"e.{n}" for n in loader._TEXT_FIELDS)},
    {", ".join(f"e.{n}" for n in loader._LIST_FIELDS)}, try_cast(e.deadline_date as date),
    v.dq_status, v.dq_reasons, $loaded_at::timestamptz
from extracted e join verdicts v using (document_id, row)
"""


def _insert_methods(count: int, repeat: int) -> None:
    """The rows of each batch of 100 inserted (and rolled back) three ways; wall and CPU
    seconds (CPU: of all the process's threads, steadier on a shared machine)."""
    now = dt.datetime.now(dt.UTC)
    methods = ("unnest lists", "pandas frame", "read_json")
    wall: dict[str, list[float]] = {method: [] for method in methods}
    cpu: dict[str, list[float]] = {method: [] for method in methods}
    with tempfile.TemporaryDirectory() as tmp:
        con = connect(Path(tmp) / "insert.duckdb")
        items = _items(con, count)
        paths = []
        for item in items:  # as extract workers write them: <document>.jsonl
            path = Path(tmp) / f"{item.document_id}.jsonl"
            with open(path, "w", encoding="utf-8") as handle:
                for row in item.notice.rows:
                    handle.write(json.dumps(row.to_json(), ensure_ascii=False) + "\n")
            paths.append(str(path))
        for repetition in range(repeat):
            turn = methods[repetition % 3 :] + methods[: repetition % 3]
            for method in turn:
                for first in range(0, len(items), BATCH):
                    batch = items[first : first + BATCH]
                    con.begin()
                    start, start_cpu = time.perf_counter(), time.process_time()
                    rows = _batch_rows(batch, now)  # building the input counts
                    if method == "unnest lists":
                        con.execute(loader._INSERT_ROWS, {**rows, "loaded_at": now})
                    elif method == "pandas frame":
                        loader._insert_rows_frame(con, rows, now)
                    else:
                        con.execute(
                            _READ_JSON,
                            {
                                **{k: rows[k] for k in ("document_id", "row", "dq_status")},
                                "dq_reasons": rows["dq_reasons"],
                                "paths": paths[first : first + BATCH],
                                "loaded_at": now,
                            },
                        )
                    wall[method].append(time.perf_counter() - start)
                    cpu[method].append(time.process_time() - start_cpu)
                    inserted = con.execute("select count(*) from raw.task_rows").fetchone()
                    assert inserted == (len(rows["row"]),), (method, inserted)
                    con.rollback()
        con.close()
    print(
        f"\nthe INSERT of a batch's rows, {count} documents in batches of {BATCH} "
        f"({repeat} repetitions, median per batch)"
    )
    base, base_cpu = statistics.median(wall[methods[0]]), statistics.median(cpu[methods[0]])
    for method in methods:
        median, median_cpu = statistics.median(wall[method]), statistics.median(cpu[method])
        print(
            f"  {method:14} {median:.3f} s wall, {median_cpu:.3f} s CPU; speed against "
            f"unnest lists = {base / median:.2f} (wall), {base_cpu / median_cpu:.2f} (CPU)"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--insert", action="store_true", help="also time the rows' INSERT")
    args = parser.parse_args()
    # pandas (the set-based batch's frame) is imported by validation before any load in a
    # real run; imported here, its seconds fall on no mode
    import pandas  # noqa: F401

    if args.insert:
        _insert_methods(min(args.documents), args.repeat)
    modes = list(MODES)
    for count in args.documents:
        rows = sum(len(extraction(SLUGS[i % len(SLUGS)])[1]) for i in range(count))
        timings = []
        with tempfile.TemporaryDirectory() as tmp:
            for repetition in range(args.repeat):
                turn = modes[repetition % len(modes) :] + modes[: repetition % len(modes)]
                for mode in turn:
                    folder = Path(tmp) / f"{repetition}"
                    folder.mkdir(exist_ok=True)
                    timings.append(_time(mode, folder, count))
        _report(count, rows, timings, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
