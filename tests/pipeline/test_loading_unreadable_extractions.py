"""An extraction file the loader cannot read as records (a spoiled JSON line, a meta
without its notice id) fails that document with its load error kind; the others of the
batch load. Before the records were read at the file edge, a spoiled line stopped the
whole batch with a JSONDecodeError."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import duckdb

from pipeline import extracting, fetching, loading
from pipeline.settings import Settings


def _notice(county: str) -> str:
    return f"""<html><head><meta charset="utf-8"><title>{county}2024年政务公开工作任务分解表</title>
</head><body><h1>{county}2024年政务公开工作任务分解表</h1><table border="1">
<tr><th>工作任务</th><th>牵头单位</th><th>具体要求</th></tr>
<tr><td>公开</td><td>县发改局</td><td>公开{county}的项目信息。</td></tr>
</table></body></html>"""


def test_unreadable_extraction_files_fail_their_document_and_the_rest_load(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in ("甲县", "乙县", "丙县"):
        (folder / f"{name}.html").write_text(_notice(name), encoding="utf-8")
    config = tmp_path / "sources.yml"
    config.write_text(f"sources:\n  - id: t\n    type: dir\n    path: {folder}\n", "utf-8")
    settings = Settings.from_env(home=tmp_path / "home")
    settings.ensure_dirs()
    fetching.fetch(settings, config)
    outcomes = extracting.extract_many(settings, extracting.pending_documents(settings), workers=1)
    assert len(outcomes) == 3 and all(o.extracted for o in outcomes)
    spoiled, unnamed, good = sorted(outcomes, key=lambda o: o.document_id)
    assert spoiled.rows_path is not None and unnamed.meta_path is not None
    with open(spoiled.rows_path, "a", encoding="utf-8") as handle:
        handle.write('{"row": 2, "requirement": "cut off by a kil\n')
    meta = json.loads(Path(unnamed.meta_path).read_text(encoding="utf-8"))
    meta["notice_id"] = ""
    Path(unnamed.meta_path).write_text(json.dumps(meta), encoding="utf-8")

    result = loading.validate_and_load(settings, [spoiled, unnamed, replace(good)])

    # the good notice is loaded (quarantined or not: it names no issuer, a hard rule)
    assert (result.loaded + result.quarantined, result.failed) == (1, 2)
    kinds = {failure.document_id: failure.error_kind for failure in result.errors}
    assert kinds == {spoiled.document_id: "load_error", unnamed.document_id: "no_notice_id"}
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        stored = dict(con.execute("select document_id, status from raw.documents").fetchall())
    finally:
        con.close()
    assert stored[spoiled.document_id] == stored[unnamed.document_id] == "failed"
    assert stored[good.document_id] in ("extracted", "quarantined")
