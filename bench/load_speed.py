"""Loading into `raw`: one transaction per document against one per batch of 100
(warehouse.loader.load_documents), on the same documents in one run.

    uv run python -m bench.load_speed [--documents 300]

The documents are the corpus's expected extractions (tests/warehouse/wh_corpus.py) under
new notice ids, every row `ok`; each mode loads into a fresh warehouse file.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb

from extract.contract import NoticeRecords
from tests.warehouse.wh_corpus import SLUGS, all_ok, extraction, fetched
from warehouse.db import connect
from warehouse.loader import LoadItem, load_document, load_documents
from warehouse.registry import register_fetched

BATCH = 100


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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=300)
    args = parser.parse_args()
    seconds: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("one transaction per document", f"one per batch of {BATCH}"):
            con = connect(Path(tmp) / f"{len(seconds)}.duckdb")
            items = _items(con, args.documents)
            rows = sum(len(item.notice.rows) for item in items)
            start = time.perf_counter()
            if len(seconds) == 0:
                for item in items:
                    load_document(con, item.document_id, item.notice, item.validation, "bench")
            else:
                for first in range(0, len(items), BATCH):
                    load_documents(con, items[first : first + BATCH])
            seconds[mode] = time.perf_counter() - start
            con.close()
            print(
                f"{mode:32} {args.documents} documents, {rows} rows: "
                f"{seconds[mode]:.2f} s, {rows / seconds[mode]:,.0f} rows/s"
            )
    one, batched = seconds.values()
    print(f"batch / one-by-one speed = {one / batched:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
