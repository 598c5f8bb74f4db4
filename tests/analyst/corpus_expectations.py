"""Answers to the analyst guide's questions computed in plain Python from the expected
extraction files, without the warehouse: the independent side of every comparison.

Unit classification here is deliberately simpler than the dbt models (exact or suffix
lookup of the core name in seeds/unit_aliases.csv): enough for the corpus, and a second
implementation to hold the SQL one to account.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
ALIASES_CSV = REPO / "dbt_project" / "seeds" / "unit_aliases.csv"

ROLE_FIELDS = {
    "lead": "lead_units",
    "responsible": "responsible_units",
    "cooperating": "cooperating_units",
}


@dataclass(frozen=True)
class Alias:
    function: str
    kind: str
    single_body: bool


@dataclass(frozen=True)
class Obligation:
    notice_id: str
    row: int
    region_adcode: str
    region_name: str
    year: int
    unit_key: tuple[str, ...]
    unit_name: str
    unit_function: str | None
    unit_level: str
    role: str
    frequency: str
    deadline_date: str | None
    top_section: str | None


def normalise(name: str) -> str:
    return re.sub(r"\s+", "", name.replace("(", "（").replace(")", "）"))


def _short(place: str | None) -> str | None:
    if not place:
        return None
    short = re.sub(r"(自治县|自治州|县|市|区|省)$", "", place)
    return short if len(short) >= 2 else None


def load_aliases() -> tuple[dict[str, Alias], dict[str, Alias]]:
    exact: dict[str, Alias] = {}
    suffix: dict[str, Alias] = {}
    with ALIASES_CSV.open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            alias = Alias(
                record["function"], record["unit_kind"], record["is_single_body"] == "true"
            )
            if record["match_type"] == "exact":
                exact[record["alias"]] = alias
            elif record["match_type"] == "suffix":
                suffix[record["alias"]] = alias
    return exact, suffix


class UnitClassifier:
    def __init__(self) -> None:
        self.exact, self.suffix = load_aliases()

    def classify(self, name: str, region: dict[str, Any]) -> Alias | None:
        places = [
            p
            for p in (
                region.get("county"),
                region.get("prefecture"),
                region.get("province"),
                _short(region.get("county")),
                _short(region.get("prefecture")),
                _short(region.get("province")),
            )
            if p
        ]
        stripped = normalise(name)
        for place in sorted(places, key=len, reverse=True):
            stripped = stripped.replace(place, "")
        core = stripped
        if core[:1] in "省市县区" and not core.startswith("市场"):
            core = core[1:]
        for candidate in (core, stripped, normalise(name)):
            if candidate in self.exact:
                return self.exact[candidate]
        endings = [alias for alias in self.suffix if core.endswith(alias)]
        return self.suffix[max(endings, key=len)] if endings else None


def obligations(notices: list[Any]) -> list[Obligation]:
    """The fact table's grain from the jsonl: task row × canonical unit × role × label."""
    classifier = UnitClassifier()
    seen: set[tuple[Any, ...]] = set()
    result = []
    for notice in notices:
        meta = notice.meta
        region = meta["region"]
        region_name = region.get("county") or region.get("prefecture") or region["province"]
        for row in notice.rows:
            for role, field in ROLE_FIELDS.items():
                for name in row[field]:
                    alias = classifier.classify(name, region)
                    kind = alias.kind if alias else "unclassified"
                    level = kind if kind in ("vertical", "collective", "town") else "county"
                    identity = alias.function if alias and alias.single_body else normalise(name)
                    unit_key = (region["adcode"], level, identity)
                    for frequency in row["frequencies"] or ["unspecified"]:
                        grain = (meta["notice_id"], row["row"], unit_key, role, frequency)
                        if grain in seen:
                            continue
                        seen.add(grain)
                        result.append(
                            Obligation(
                                notice_id=meta["notice_id"],
                                row=row["row"],
                                region_adcode=region["adcode"],
                                region_name=region_name,
                                year=meta["year"],
                                unit_key=unit_key,
                                unit_name=name,
                                unit_function=alias.function if alias else None,
                                unit_level=level,
                                role=role,
                                frequency=frequency,
                                deadline_date=row["deadline_date"],
                                top_section=row["section"][0] if row["section"] else None,
                            )
                        )
    return result


def count_by(items: list[Obligation], *fields: str) -> Counter[tuple[Any, ...]]:
    return Counter(tuple(getattr(item, field) for field in fields) for item in items)


def distinct_rows_by(items: list[Obligation], *fields: str) -> dict[tuple[Any, ...], int]:
    rows: dict[tuple[Any, ...], set[tuple[str, int]]] = defaultdict(set)
    for item in items:
        rows[tuple(getattr(item, field) for field in fields)].add((item.notice_id, item.row))
    return {key: len(value) for key, value in rows.items()}
