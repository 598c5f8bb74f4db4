"""The models built incrementally by notice (and, for the year-over-year changes, by
region) give the same marts as a full build, table by table, after a load that reloads a
notice with a changed requirement, adds one whose readable key collides with an existing
one (so that one is re-keyed), adds a later year to a region (a new pair of years to
compare), supersedes a notice by a newer document carrying fewer rows, and removes one (its
document re-read as another notice). Real dbt runs over a warehouse loaded by the real
loader. An incremental run leaves the rows of notices nothing touched alone, and no mart
keeps a row of the notice removed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.dbt import fixture_loader
from tests.dbt.corpus_warehouse import create_raw_warehouse, run_dbt
from tests.dbt.fixture_loader import document_id, load_extractions
from tests.expected_corpus import Notice, load_expected_corpus

pytestmark = pytest.mark.slow

FACT = "marts.fct_disclosure_obligations"
# intermediates built incrementally whose every row a mart does not show as it is
INTERMEDIATES = (
    "int_task_versions",
    "int_task_notice_pairs",
    "int_task_match_candidates",
    "int_task_matches",
)
DONGPING = {"province": "山东省", "prefecture": "泰安市", "county": "东平县", "adcode": "370923"}
FEICHENG = {"province": "山东省", "prefecture": "泰安市", "county": "肥城市", "adcode": "370983"}


def _marts(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table of the marts schema, and the INTERMEDIATES, rows in a total order."""
    con = duckdb.connect(str(path))
    try:
        tables = [
            f'{schema}."{name}"'
            for (schema, name) in con.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_type = 'BASE TABLE' and (table_schema = 'marts' "
                f"or (table_schema = 'intermediate' and table_name in {INTERMEDIATES!r}))"
                " order by 1, 2"
            ).fetchall()
        ]
        return {
            table: con.execute(f"select * from {table} order by all").fetchall() for table in tables
        }
    finally:
        con.close()


def _ran(work: Path) -> dict[str, set[Any]]:
    """What the last dbt build ran (its run_results.json): model ids, each data test as the
    set of models it reads, the seeds and unit tests."""
    results = json.loads((work / "target" / "run_results.json").read_text(encoding="utf-8"))
    manifest = json.loads((work / "target" / "manifest.json").read_text(encoding="utf-8"))
    ran: dict[str, set[Any]] = {
        "model": set(),
        "test": set(),
        "seed": set(),
        "unit_test": set(),
        "operation": set(),  # the on-run-start hook
    }
    for result in results["results"]:
        unique_id = result["unique_id"]
        kind = unique_id.split(".", 1)[0]
        if kind == "test":
            parents = manifest["nodes"][unique_id]["depends_on"]["nodes"]
            ran["test"].add(frozenset(parent.rsplit(".", 1)[-1] for parent in parents))
        else:
            ran[kind].add(unique_id)
    return ran


def _variant(notice: Notice, notice_id: str, **meta: Any) -> Notice:
    """The notice under another id (and other metadata): another notice with its rows."""
    return Notice(
        {**notice.meta, "notice_id": notice_id, **meta},
        [{**row, "notice_id": notice_id} for row in notice.rows],
    )


def _reworded(notice: Notice, rows: int, suffix: str) -> list[dict[str, Any]]:
    """Its first `rows` rows, the first requirement reworded."""
    kept = [dict(row) for row in notice.rows[:rows]]
    kept[0]["requirement"] = kept[0]["requirement"] + suffix
    return kept


def _load(
    path: Path,
    monkeypatch: pytest.MonkeyPatch,
    loads: list[tuple[str, dict[str, Any], list[dict[str, Any]]]],
) -> None:
    """Register (if new), validate and load each (document id, meta, rows) as the pipeline
    does (tests/dbt/fixture_loader.py), each from the document given: a document already
    registered is reloaded, a new one registered after every other (the newer copy)."""
    named = {meta["notice_id"]: document for document, meta, _ in loads}
    by_notice = fixture_loader.document_id
    monkeypatch.setattr(
        fixture_loader,
        "document_id",
        lambda notice_id: named.get(notice_id) or by_notice(notice_id),
    )
    load_extractions(path, [(meta, rows) for _, meta, rows in loads], source_id="corpus")


def _names_kept(con: duckdb.DuckDBPyConnection) -> int:
    """Whether the names dim_unit kept before a run (int_unit_names_before) are still held."""
    row = con.execute(
        "select count(*) from information_schema.tables where table_name = 'int_unit_names_before'"
    ).fetchone()
    return row[0] if row else 0


def _dbt(args: list[str], path: Path, work: Path) -> None:
    success, output = run_dbt(args, path, work)
    assert success, output


def test_incremental_marts_equal_a_full_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = {n.meta["notice_id"]: n for n in load_expected_corpus() if n.rows}
    liangshan, ningyang = corpus["liangshan-2021"], corpus["ningyang-2017"]
    untouched = _variant(ningyang, "ningyang-other", doc_number="宁政办字〔2017〕99号")
    earlier = _variant(liangshan, "liangshan-2020", year=2020, doc_number="梁政办字〔2020〕9号")
    doomed = _variant(liangshan, "liangshan-2019", year=2019, doc_number="梁政办字〔2019〕3号")
    # a region whose only change is a notice added between two of its years: the pair it
    # splits (2015 → 2017) goes, the two it makes are compared, 2014 → 2015 is kept as built
    dongping = {
        year: _variant(
            ningyang,
            f"dongping-{year}",
            year=year,
            region=DONGPING,
            doc_number=f"东政办字〔{year}〕1号",
        )
        for year in (2014, 2015, 2016, 2017)
    }
    # a region with two revisions of one year: the one registered later stands for 2014;
    # the increment re-reads its document as a notice of 2013, so the earlier revision,
    # which no load touches, must stand for 2014 (a build by region and year rebuilds the
    # year a notice left, as the table held it, too)
    feicheng = {
        name: _variant(
            ningyang,
            f"feicheng-{name}",
            year=int(name[:4]),
            region=FEICHENG,
            doc_number=f"肥政办字〔{name[:4]}〕{len(name)}号",
        )
        for name in ("2014", "2014r", "2015")
    }
    path = tmp_path / "warehouse.duckdb"
    create_raw_warehouse(
        path,
        [
            *corpus.values(),
            untouched,
            earlier,
            doomed,
            dongping[2014],
            dongping[2015],
            dongping[2017],
            feicheng["2014"],
            feicheng["2014r"],
            feicheng["2015"],
        ],
    )
    _dbt(["seed"], path, tmp_path)
    # the schema of the rows each model appends is made before any model runs, by one
    # thread: two models creating it at once conflict in DuckDB's catalog
    con = duckdb.connect(str(path))
    schemas = {
        name for (name,) in con.execute("select schema_name from duckdb_schemas()").fetchall()
    }
    con.close()
    assert "rebuilt" in schemas
    _dbt(["run"], path, tmp_path)  # the first build: every table is created

    # an untouched notice's fact row, marked: an incremental run must not rebuild it. Its
    # unit's display name made stale, in dim_unit too (the name it had before this run):
    # the run recounts that unit (the notices it rebuilds name it too) and its name changes
    # back, so the post-hook must bring the new name from dim_unit. Another unit the run
    # recounts, stale in the fact table only: its name does not change in dim_unit, so the
    # run searches no row of it.
    con = duckdb.connect(str(path))
    marked, failed, unrenamed = con.execute(
        f"select obligation_id, requirement, unit_name, unit_key from {FACT} "
        "where notice_id = ? qualify row_number() over (partition by unit_key order by "
        "obligation_id) = 1 order by unit_key limit 3",
        ["ningyang-other"],
    ).fetchall()
    con.execute(
        f"update {FACT} set requirement = 'marked', unit_name = 'stale name' "
        "where obligation_id = ?",
        [marked[0]],
    )
    con.execute(
        "update marts.dim_unit set unit_name = 'stale name' where unit_key = ?", [marked[3]]
    )
    con.execute(
        f"update {FACT} set unit_name = 'stale name' where obligation_id = ?", [unrenamed[0]]
    )
    con.close()

    later = _variant(liangshan, "liangshan-2022", year=2022, doc_number="梁政办字〔2022〕1号")
    copy = _variant(ningyang, "ningyang-copy")  # same 文号: ningyang-2017 is re-keyed
    _load(
        path,
        monkeypatch,
        [
            # reloaded: the same document, one requirement changed
            (
                document_id("liangshan-2021"),
                liangshan.meta,
                _reworded(liangshan, len(liangshan.rows), "（修订）"),
            ),
            (document_id("ningyang-copy"), copy.meta, copy.rows),
            (document_id("liangshan-2022"), later.meta, _reworded(later, 30, "（2022）")),
            # superseded: a newer document carries liangshan-2020, with fewer rows
            ("newer-" + hashlib.sha256(b"2020").hexdigest()[:8], earlier.meta, earlier.rows[:20]),
            # removed: its document re-read as another notice
            (
                document_id("liangshan-2019"),
                {**doomed.meta, "notice_id": "liangshan-2019b"},
                [{**row, "notice_id": "liangshan-2019b"} for row in doomed.rows],
            ),
            (document_id("dongping-2016"), dongping[2016].meta, dongping[2016].rows),
            (
                document_id("feicheng-2014r"),
                {**feicheng["2014r"].meta, "notice_id": "feicheng-2013", "year": 2013},
                [{**row, "notice_id": "feicheng-2013"} for row in feicheng["2014r"].rows],
            ),
        ],
    )

    # the incremental build as `notices transform` runs it (dbt_project/selectors.yml), with
    # its tests: those of the models built by notice read only the rows the run rebuilt
    _dbt(["build", "--selector", "incremental"], path, tmp_path)
    compiled = next((tmp_path / "target" / "run").rglob("unique_fct_disclosure_obligations_*.sql"))
    # the tests read the copy of the rows the run appended, not the whole table
    assert '"rebuilt"."fct_disclosure_obligations"' in compiled.read_text(encoding="utf-8")
    ran = _ran(tmp_path)
    assert not ran["seed"] and not ran["unit_test"], "an incremental build re-ran seeds"
    assert "model.notices.stg_task_rows" not in ran["model"], "it re-created a staging view"
    assert "model.notices.dim_notice" in ran["model"], "it skipped a table over the notices"
    tested = {parent for test in ran["test"] for parent in test}
    assert "fct_disclosure_obligations" in tested and "dim_notice" not in tested
    con = duckdb.connect(str(path))
    # that copy is exactly the rows of the notices the run rebuilt, as the fact table has them
    copied = con.execute(
        "select notice_id, count(*) from rebuilt.fct_disclosure_obligations group by 1"
    ).fetchall()
    assert {notice for notice, _ in copied} == {
        "liangshan-2021",
        "ningyang-2017",
        "ningyang-copy",
        "liangshan-2022",
        "liangshan-2020",
        "liangshan-2019b",
        "dongping-2016",
        "feicheng-2013",
    }
    assert con.execute(
        f"select count(*) from (select * from rebuilt.fct_disclosure_obligations "
        f"except all select * from {FACT})"
    ).fetchone() == (0,)
    # where notices were only added, only the year pairs holding one are compared again
    compared = con.execute(
        "select distinct pairs.from_notice_id, pairs.to_notice_id "
        "from rebuilt.int_task_match_candidates as candidates "
        "join intermediate.int_task_notice_pairs as pairs using (notice_pair_id) "
        "where candidates.region_adcode = '370923' order by all"
    ).fetchall()
    assert compared == [("dongping-2015", "dongping-2016"), ("dongping-2016", "dongping-2017")]
    kept = con.execute(
        "select count(*) from intermediate.int_task_match_candidates as candidates "
        "join intermediate.int_task_notice_pairs as pairs using (notice_pair_id) "
        "where pairs.from_notice_id = 'dongping-2014'"
    ).fetchone()
    assert kept is not None and kept[0] > 0, "the pair nothing touched lost its candidates"
    con.close()
    # a later invocation that did not build the model (`dbt test` alone) does not take that
    # copy for its increment: its tests read the model's rows of the changed notices
    _dbt(["test", "--select", "fct_disclosure_obligations,test_name:unique"], path, tmp_path)
    alone = next((tmp_path / "target" / "run").rglob("unique_fct_disclosure_obligations_*.sql"))
    assert '"rebuilt"' not in alone.read_text(encoding="utf-8")
    assert "int_notices_changed" in alone.read_text(encoding="utf-8")
    con = duckdb.connect(str(path))
    still = con.execute(
        f"select requirement from {FACT} where obligation_id = ?", [marked[0]]
    ).fetchone()
    renamed = con.execute(
        f"select unit_name from {FACT} where obligation_id = ?", [marked[0]]
    ).fetchall()
    assert renamed == [(marked[2],)], "the stale display name was not refreshed (or duplicated)"
    unsearched = con.execute(
        f"select unit_name from {FACT} where obligation_id = ?", [unrenamed[0]]
    ).fetchall()
    assert unsearched == [("stale name",)], "the run searched a unit whose name did not change"
    assert _names_kept(con) == 0, "a complete build kept the names from before it"
    # a unit an earlier run renamed and kept the old name of, and that run failed before
    # the marts were refreshed: the next run (here, with nothing new) searches it
    con.execute(f"update {FACT} set unit_name = 'stale name' where obligation_id = ?", [failed[0]])
    con.execute(
        "create table intermediate.int_unit_names_before as select unit_key, canonical_unit, "
        "'stale name' as unit_name, unit_function, unit_level, is_collective, "
        "'an earlier run' as invocation_id from marts.dim_unit where unit_key = ?",
        [failed[3]],
    )
    con.close()
    _dbt(["build", "--selector", "incremental"], path, tmp_path)
    con = duckdb.connect(str(path))
    refreshed = con.execute(
        f"select unit_name from {FACT} where obligation_id = ?", [failed[0]]
    ).fetchall()
    assert refreshed == [(failed[2],)], "a name an unfinished run changed was not refreshed"
    assert _names_kept(con) == 0, "a complete build kept the names from before it"
    con.execute(
        f"update {FACT} set requirement = ? where obligation_id = ?", [marked[1], marked[0]]
    )
    con.execute(
        f"update {FACT} set unit_name = ? where obligation_id = ?", [unrenamed[2], unrenamed[0]]
    )
    con.close()
    assert still == ("marked",), "an incremental run rebuilt a notice nothing touched"
    incremental = _marts(path)

    _dbt(["run", "--full-refresh"], path, tmp_path)
    full = _marts(path)
    assert set(incremental) == set(full)
    for table in full:
        assert incremental[table] == full[table], f"marts.{table} differs from a full build"

    # the changes reached the marts, and nothing of the removed notice stayed
    con = duckdb.connect(str(path))
    try:
        facts = dict(
            con.execute(f"select notice_id, count(*) from {FACT} group by notice_id").fetchall()
        )
        assert "liangshan-2019" not in facts and "liangshan-2019b" in facts
        assert "ningyang-copy" in facts and "liangshan-2022" in facts
        reworded = con.execute(
            f"select count(*) from {FACT} "
            "where notice_id = 'liangshan-2021' and requirement like '%（修订）'"
        ).fetchone()
        assert reworded is not None and reworded[0] > 0
        assert (
            con.execute(
                "select count(distinct row_in_notice) from "
                + FACT
                + " where notice_id = 'liangshan-2020'"
            ).fetchone()[0]
            <= 20
        )
        pairs = con.execute(
            "select from_notice_id, to_notice_id from marts.fct_task_changes "
            "where region_adcode = '370832' group by all order by all"
        ).fetchall()
        assert ("liangshan-2021", "liangshan-2022") in pairs
        assert all("liangshan-2019" not in (a, b) for a, b in pairs)
        split = con.execute(
            "select count(*) from marts.fct_task_changes "
            "where from_notice_id = 'dongping-2015' and to_notice_id = 'dongping-2017'"
        ).fetchone()
        assert split == (0,), "the year pair an added notice split is still compared"
        for (table,) in con.execute(
            "select table_name from information_schema.columns "
            "where table_schema = 'marts' and column_name = 'notice_id'"
        ).fetchall():
            left = con.execute(
                f"select count(*) from marts.{table} where notice_id = 'liangshan-2019'"
            ).fetchone()
            assert left == (0,), f"marts.{table} keeps the removed notice"
    finally:
        con.close()
