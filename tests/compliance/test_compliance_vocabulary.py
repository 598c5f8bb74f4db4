"""The compliance statuses the marts accept are the vocabulary's (extract/vocabulary.py)."""

from __future__ import annotations

from pathlib import Path

import yaml

from extract.vocabulary import ComplianceStatus, FetchFaultKind

DBT = Path(__file__).resolve().parents[2] / "dbt_project"


def test_fct_obligation_periods_accepts_exactly_the_compliance_statuses() -> None:
    spec = yaml.safe_load((DBT / "models/marts/fct_obligation_periods.yml").read_text("utf-8"))
    (model,) = spec["models"]
    (column,) = [c for c in model["columns"] if c["name"] == "compliance_status"]
    (accepted,) = [t["accepted_values"] for t in column["data_tests"] if isinstance(t, dict)]
    assert sorted(accepted["arguments"]["values"]) == sorted(ComplianceStatus)


def test_an_undated_item_is_a_fetch_fault_kind() -> None:
    assert FetchFaultKind("undated_item") is FetchFaultKind.UNDATED_ITEM
