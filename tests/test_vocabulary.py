"""The one vocabulary (extract/vocabulary.py) agrees with every other place that lists it:
the dbt seeds, the dbt accepted_values tests, the suites and the extractor."""

from __future__ import annotations

import csv
from enum import StrEnum
from pathlib import Path

import pytest
import yaml

from expectations.labels import FREQUENCY_LABELS
from extract.errors import ERROR_KINDS, PROBLEM_KINDS, ExtractionError, Problem
from extract.frequency import ALL_LABELS
from extract.sources.report import FetchError
from extract.vocabulary import (
    DOCUMENT_ERROR_KINDS,
    DocumentStatus,
    ErrorKind,
    FetchFaultKind,
    Frequency,
    LoadErrorKind,
    NoteKind,
    Role,
    RowStatus,
)

REPO = Path(__file__).resolve().parents[1]
DBT = REPO / "dbt_project"


def _accepted_values(column: str) -> list[list[str]]:
    """Every accepted_values list the dbt models declare for ``column``."""
    found: list[list[str]] = []
    for path in sorted((DBT / "models").rglob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for model in document.get("models", []):
            for col in model.get("columns", []) or []:
                if col.get("name") != column:
                    continue
                for test in col.get("data_tests", []) or []:
                    if isinstance(test, dict) and "accepted_values" in test:
                        spec = test["accepted_values"]
                        found.append(list((spec.get("arguments") or spec)["values"]))
    return found


def test_frequency_seed_lists_exactly_the_vocabulary_labels_in_order() -> None:
    with (DBT / "seeds/frequency_labels.csv").open(encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: int(row["sort_order"]))
    assert [row["label"] for row in rows] == [label.value for label in Frequency]


def test_extractor_and_suites_use_the_vocabulary_frequency_labels() -> None:
    assert tuple(ALL_LABELS) == tuple(Frequency)
    assert tuple(FREQUENCY_LABELS) == tuple(Frequency)


@pytest.mark.parametrize(
    ("column", "vocabulary"),
    [
        ("unit_role", tuple(Role)),
        ("note_kind", tuple(NoteKind)),
        ("error_kind", DOCUMENT_ERROR_KINDS),
        ("document_status", tuple(DocumentStatus)),
    ],
)
def test_dbt_tests_accept_exactly_the_vocabulary(column: str, vocabulary: tuple[StrEnum]) -> None:
    lists = _accepted_values(column)
    assert lists, f"no accepted_values test on {column}"
    assert all(sorted(values) == sorted(vocabulary) for values in lists)


def test_dbt_row_status_tests_accept_only_vocabulary_statuses() -> None:
    lists = _accepted_values("dq_status")
    assert lists, "no accepted_values test on dq_status"
    assert all(set(values) <= set(RowStatus) for values in lists)


def test_extraction_error_kinds_are_the_vocabulary_error_kinds() -> None:
    assert set(ERROR_KINDS) == set(ErrorKind)


def test_extraction_problems_are_named_by_note_kinds() -> None:
    """A document that loads with problems is noted by its first problem's kind, so every
    problem kind is a note kind; no note kind is a problem the extractor cannot raise."""
    assert set(PROBLEM_KINDS) == set(NoteKind)
    with pytest.raises(ValueError, match="unknown extraction problem kind"):
        Problem("not_a_note", 1, "text")


def test_unplaced_rows_is_a_note_and_never_an_error() -> None:
    """unplaced_rows never stops an extraction (ExtractionError is never raised with it):
    it is only a note on a document that loaded."""
    assert "unplaced_rows" in set(NoteKind) and "unplaced_rows" not in set(ErrorKind)
    with pytest.raises(ValueError, match="unknown extraction error kind"):
        ExtractionError("unplaced_rows", "table content")


def test_fetch_faults_are_named_by_the_vocabulary() -> None:
    assert all(FetchError(kind, "x").kind == kind for kind in FetchFaultKind)
    with pytest.raises(ValueError, match="unknown fetch error kind"):
        FetchError("not_a_fault", "x")


def test_every_load_error_the_loader_raises_is_a_vocabulary_kind() -> None:
    """warehouse/loader.py names each LoadError by the vocabulary: a new kind added there
    without a member here fails (the dbt accepted_values would refuse it at build time)."""
    import re

    source = (REPO / "warehouse" / "loader.py").read_text(encoding="utf-8")
    raised = set(re.findall(r"LoadError\(\s*LoadErrorKind\.(\w+)", source))
    assert raised and raised <= {member.name for member in LoadErrorKind}
    assert not re.search(r"LoadError\(\s*[\"']", source), "a LoadError named by a bare string"


def test_dbt_unit_roles_var_is_the_vocabulary_roles() -> None:
    """int_unit_mentions explodes one list column per role of the var `unit_roles`."""
    project = yaml.safe_load((DBT / "dbt_project.yml").read_text(encoding="utf-8"))
    assert project["vars"]["unit_roles"] == [role.value for role in Role]
