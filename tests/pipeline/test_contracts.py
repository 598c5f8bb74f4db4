"""The typed records the stages hand each other survive the JSON edge (Airflow XCom)
unchanged, and every kind a run names is one of the vocabulary's."""

from __future__ import annotations

import json

from extract.errors import Problem
from extract.sources.report import FetchedDocument, FetchFault
from extract.vocabulary import FailureStage, TaskFailureKind
from pipeline import ingest
from pipeline.contracts import (
    BuildResult,
    DocumentFailure,
    ExtractJob,
    ExtractOutcome,
    FetchAttempt,
    RawCounts,
    RunSummary,
)

ID = "ab" * 32


def _through_json(value: object) -> object:
    return json.loads(json.dumps(value, ensure_ascii=False))


def test_records_survive_the_xcom_edge_unchanged() -> None:
    outcome = ExtractOutcome(
        document_id=ID,
        parser_version="p1",
        status="extracted",
        extracted_at="2024-03-01T00:00:00+00:00",
        note_kind="unplaced_rows",
        rows=3,
        problems=(Problem("unplaced_rows", 2, "县财政局"),),
        original_name="任务分解表.docx",
    )
    summary = RunSummary(
        run_id="r1",
        started_at="2024-03-01T00:00:00+00:00",
        trigger="airflow",
        counts=RawCounts(documents_loaded=2, task_rows=40),
        documents_failed=1,
        failures=(DocumentFailure("坏.pdf", FailureStage.LOAD, "load_error", "rolled back", ID),),
        timings={"load_seconds": 1.5},
    )
    job = ExtractJob(ID, "附件.xlsx", {"title": "关于印发…的通知", "region": {"adcode": "370921"}})
    build = BuildResult(select="staging", raw_version="v1", layer="staging")
    for record in (outcome, summary, job, build):
        assert type(record).from_json(_through_json(record.to_json())) == record
    attempts = (
        FetchAttempt("通知", "http://x/1", FetchFault("s", "http://x/1", "not_found", "404", "t")),
        FetchAttempt(
            "附件",
            "http://x/2",
            FetchedDocument(ID, "s", "http://x/2", "t", "application/pdf", 10, "l/ab", "a.pdf"),
        ),
        FetchAttempt("未变", "http://x/3", None),
    )
    for attempt in attempts:
        assert FetchAttempt.from_json(_through_json(attempt.to_json())) == attempt


def test_failures_past_the_mapping_limit_become_one_entry_of_a_vocabulary_kind() -> None:
    failures = [
        DocumentFailure(f"{i}.pdf", FailureStage.EXTRACT, "corrupt", "bad xref", ID)
        for i in range(5)
    ]
    shown = ingest.failures_to_show(failures, limit=3)
    assert [f.label for f in shown[:2]] == ["0.pdf", "1.pdf"]
    assert len(shown) == 3
    assert shown[-1].error_kind in set(TaskFailureKind)
    assert shown[-1].stage in set(FailureStage)
    assert "3 more" in shown[-1].label
    assert ingest.failures_to_show(failures, limit=10) == failures


def test_an_extract_task_that_left_no_outcome_names_its_documents() -> None:
    jobs = [[ExtractJob(ID, "a.pdf"), ExtractJob("cd" * 32, None)]]
    done = [ExtractOutcome(ID, "p1", "extracted", "t")]
    (lost,) = ingest.lost_extractions(jobs, done)
    assert lost.document_id == "cd" * 32
    assert lost.label == ("cd" * 32)[:12]
    assert lost.error_kind == TaskFailureKind.EXTRACT_TASK_FAILED
    assert lost.stage == FailureStage.EXTRACT
