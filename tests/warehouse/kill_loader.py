"""Subprocess for the kill test: load a big document and stall inside the transaction.

Usage, from the repository root:
    python -m tests.warehouse.kill_loader DB_PATH DOCUMENT_ID STAGE ROW_COUNT [OTHER_ID]
When load_document logs STAGE (it is then inside its transaction), print IN_TRANSACTION
and stall, so that the parent can SIGKILL it at a known point. With OTHER_ID (a registered
document), the big document and OTHER_ID are loaded as one set-based batch
(load_documents) instead.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from extract.contract import NoticeRecords
from tests.warehouse.wh_corpus import all_ok, big_rows, extraction
from warehouse.db import connect
from warehouse.loader import LoadItem, load_document, load_documents


class StallAt(logging.Handler):
    def __init__(self, stage: str) -> None:
        super().__init__(logging.DEBUG)
        self.stage = stage

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "stage", None) == self.stage:
            print("IN_TRANSACTION", flush=True)
            time.sleep(120)


def main() -> None:
    db_path, document_id, stage, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    logger = logging.getLogger("warehouse.loader")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(StallAt(stage))
    con = connect(Path(db_path))
    meta, rows = extraction("ningyang-2017")
    many = big_rows(rows, count)
    big = NoticeRecords.from_json(meta, many)
    if len(sys.argv) > 5:  # a batch: the big document and another one
        other_meta, other_rows = extraction("liangshan-2021")
        other = NoticeRecords.from_json(other_meta, other_rows)
        load_documents(
            con,
            [
                LoadItem(document_id, big, all_ok(many), "p-killed"),
                LoadItem(sys.argv[5], other, all_ok(other_rows), "p-killed"),
            ],
        )
    else:
        load_document(con, document_id, big, all_ok(many), "p-killed")
    print("COMMITTED", flush=True)


if __name__ == "__main__":
    main()
