"""The fact table built incrementally by notice equals the same table built in full: after
a new notice (whose readable key collides with an existing one, so that one is re-keyed)
and a reloaded notice (one requirement changed), on the corpus warehouse, with real dbt
runs. An incremental run leaves untouched notices' rows alone."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.dbt.corpus_warehouse import create_raw_warehouse, run_dbt
from tests.dbt.fixture_loader import load_extractions
from tests.expected_corpus import Notice, load_expected_corpus

pytestmark = pytest.mark.slow

FACT = "marts.fct_disclosure_obligations"
SELECT_FACT = ["--select", "+fct_disclosure_obligations"]


def _rows(path: Path) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(path))
    try:
        return con.execute(f"select * from {FACT} order by obligation_id").fetchall()
    finally:
        con.close()


def _renamed(notice: Notice, notice_id: str, doc_number: str | None) -> Notice:
    """The notice under another id (and 文号): another notice with the same rows."""
    meta = {**notice.meta, "notice_id": notice_id, "doc_number": doc_number}
    return Notice(meta, [{**row, "notice_id": notice_id} for row in notice.rows])


def _dbt(args: list[str], path: Path, work: Path) -> None:
    success, output = run_dbt(args, path, work)
    assert success, output


def test_incremental_fact_equals_a_full_build(tmp_path: Path) -> None:
    corpus = [n for n in load_expected_corpus() if n.rows]
    reloaded, copied = corpus[0], corpus[1]
    untouched = _renamed(corpus[0], corpus[0].meta["notice_id"] + "-other", "梁政办字〔2021〕99号")
    notices = [*corpus, untouched]
    path = tmp_path / "warehouse.duckdb"
    create_raw_warehouse(path, notices)
    _dbt(["seed"], path, tmp_path)
    _dbt(["run", *SELECT_FACT], path, tmp_path)  # the first build: the table is created

    # an untouched notice's row, marked: an incremental run must not rebuild it
    con = duckdb.connect(str(path))
    marked = con.execute(
        f"select obligation_id, requirement from {FACT} where notice_id = ? limit 1",
        [untouched.meta["notice_id"]],
    ).fetchone()
    assert marked is not None
    con.execute(f"update {FACT} set requirement = 'marked' where obligation_id = ?", [marked[0]])
    con.close()

    # a reloaded notice (one requirement changed) and a new one that reads like another
    changed_rows = [dict(row) for row in reloaded.rows]
    changed_rows[0]["requirement"] = changed_rows[0]["requirement"] + "（修订）"
    new_id = copied.meta["notice_id"] + "-copy"
    copy = _renamed(copied, new_id, copied.meta.get("doc_number"))
    load_extractions(
        path, [(reloaded.meta, changed_rows), (copy.meta, copy.rows)], source_id="corpus"
    )

    _dbt(["run", *SELECT_FACT], path, tmp_path)
    incremental = _rows(path)
    con = duckdb.connect(str(path))
    still = con.execute(
        f"select requirement from {FACT} where obligation_id = ?", [marked[0]]
    ).fetchone()
    con.execute(
        f"update {FACT} set requirement = ? where obligation_id = ?", [marked[1], marked[0]]
    )
    con.close()
    assert still == ("marked",), "an incremental run rebuilt a notice nothing touched"
    incremental = _rows(path)

    _dbt(["run", "--select", "fct_disclosure_obligations", "--full-refresh"], path, tmp_path)
    full = _rows(path)
    assert incremental == full
    notices_in = {row[2] for row in full}
    assert new_id in notices_in and reloaded.meta["notice_id"] in notices_in
    assert any(str(row).find("（修订）") >= 0 for row in full)
