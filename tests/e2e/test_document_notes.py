"""Notes of documents that loaded were kept as errors (issue 13): `raw.documents.error_kind`
held `superseded`, `no_task_table` and the first extraction problem beside real failures.

Through the real path (fetch a folder → extract → great-expectations → load): a document
with unplaced table content, a notice without a task table and two renderings of one notice
carry their note in `note_kind` and no error; only the broken file is a failure, in the
warehouse, in the extraction outcome and in what the run reports as failed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline import extracting, fetching, loading
from pipeline.common import warehouse
from pipeline.run_summary import raw_counts
from pipeline.settings import Settings

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"

# A task table whose second row holds a unit under no requirement: the extractor reports
# it as an unplaced_rows problem instead of dropping it.
UNPLACED = """<html><head><meta charset="utf-8"><title>某县2024年政务公开工作任务分解表</title>
</head><body><h1>某县2024年政务公开工作任务分解表</h1><table border="1">
<tr><th>工作任务</th><th>牵头单位</th><th>具体要求</th></tr>
<tr><td>分类</td><td>县发改局</td><td>公开甲。</td></tr>
<tr><td></td><td>县财政局</td><td></td></tr>
</table></body></html>"""


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("notes")
    folder = root / "inbox"
    folder.mkdir()
    for name in ("liangshan-2021.grid.pdf", "liangshan-2021.ruled.pdf", "yishui-2018.pdf"):
        shutil.copy(SAMPLES / name, folder / name)
    (folder / "unplaced.html").write_text(UNPLACED, encoding="utf-8")
    (folder / "empty.pdf").write_bytes(b"")
    config = root / "sources.yml"
    config.write_text(f"sources:\n  - id: notes\n    type: dir\n    path: {folder}\n", "utf-8")
    settings = Settings.from_env(home=root / "home")
    settings.ensure_dirs()
    fetching.fetch(settings, config)
    outcomes = extracting.extract_many(settings, extracting.pending_documents(settings), workers=1)
    result = loading.validate_and_load(settings, outcomes)
    with warehouse(settings) as con:
        counts = raw_counts(con, [o.document_id for o in outcomes if o.extracted])
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        documents = {
            row[0]: row[1:]
            for row in con.execute(
                "select original_name, document_id, status, error_kind, note_kind, note_message "
                "from raw.documents"
            ).fetchall()
        }
    finally:
        con.close()
    names = {d[0]: name for name, d in documents.items()}
    return {
        "documents": documents,
        "outcomes": {names[o.document_id]: o for o in outcomes},
        "result": result,
        "counts": counts,
    }


def test_notes_of_loaded_documents_are_not_errors(loaded: dict) -> None:
    documents = loaded["documents"]
    status = {name: (d[1], d[2], d[3]) for name, d in documents.items()}
    # the page prints no issuer: its notice loads quarantined for that, noted all the same
    assert status["unplaced.html"] == ("quarantined", None, "unplaced_rows")
    assert "县财政局" in documents["unplaced.html"][4]
    assert status["yishui-2018.pdf"] == ("extracted", None, "no_task_table")
    assert status["empty.pdf"] == ("failed", "empty", None)
    # the two renderings of one notice: the one loaded first is superseded by the other
    renderings = {name: documents[name] for name in documents if name.startswith("liangshan")}
    superseded = [name for name, d in renderings.items() if d[3] == "superseded"]
    assert len(superseded) == 1
    (winner,) = set(renderings) - set(superseded)
    assert status[winner] == ("extracted", None, None)
    assert status[superseded[0]][:2] == ("extracted", None)
    assert renderings[winner][0] in renderings[superseded[0]][4]


def test_extraction_outcome_carries_notes_apart_from_errors(loaded: dict) -> None:
    outcomes = loaded["outcomes"]
    kinds = {name: (o.status, o.error_kind, o.note_kind) for name, o in outcomes.items()}
    assert kinds["unplaced.html"] == ("extracted", None, "unplaced_rows")
    assert kinds["yishui-2018.pdf"] == ("extracted", None, "no_task_table")
    assert kinds["empty.pdf"] == ("failed", "empty", None)


def test_only_failures_are_reported_as_failed(loaded: dict) -> None:
    result, counts = loaded["result"], loaded["counts"]
    failed = {loaded["documents"][name][0] for name in ("empty.pdf",)}
    assert result.failed == 1
    assert {e.document_id for e in result.errors} == failed
    assert counts.documents_superseded == 1
    assert counts.documents_without_task_table == 1
