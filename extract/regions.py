"""Region of an issuing government, from its name (宁阳县人民政府办公室 → 370921).

Backed by dbt_project/seeds/administrative_divisions.csv, the reference the warehouse
uses too, so the extractor and the marts agree on every adcode. Built by tools/build_dim_region.py.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DIM_REGION_CSV = (
    Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / "administrative_divisions.csv"
)
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
# 凉山彝族自治州 is usually written 凉山州, 石柱土家族自治县 石柱县, 广西壮族自治区 广西.
_AUTONOMOUS = re.compile(r"^(?P<base>.{2,}?)(?:[^族]{1,4}族)+自治(?P<kind>州|县|旗|区)$")
_PROVINCE_SUFFIX = re.compile(r"(?:省|市|(?:[^族]{1,4}族)*自治区|特别行政区)$")
# Short names (单县, 赵县) also occur inside ordinary words (召开县政府…); they count only at
# the start, after another region name, or after one of these.
_SHORT_NAME_LEN = 2
_SHORT_NAME_BEFORE = frozenset("年于在对和及与、，,（(《“\"' 　")


@dataclass(frozen=True)
class Region:
    adcode: str
    province: str
    prefecture: str | None
    county: str | None
    level: str

    @property
    def name(self) -> str:
        return self.county or self.prefecture or self.province

    def as_dict(self) -> dict[str, str | None]:
        # a municipality (北京市) is its own prefecture, as in its districts' rows
        municipal = self.level == "province" and self.adcode[:2] in MUNICIPALITIES
        return {
            "province": self.province,
            "prefecture": self.province if municipal else self.prefecture,
            "county": self.county,
            "adcode": self.adcode,
        }


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    regions: tuple[Region, ...]


class RegionIndex:
    """All divisions, searchable by name and by the usual short forms of names."""

    def __init__(self, regions: list[Region]) -> None:
        self.regions = regions
        by_name: dict[str, list[Region]] = {}
        for region in regions:
            by_name.setdefault(region.name, []).append(region)
        aliases: dict[str, list[Region]] = {}
        for region in regions:
            for alias in _aliases(region):
                if alias not in by_name:
                    aliases.setdefault(alias, []).append(region)
        self.by_name = {**aliases, **by_name}
        names = sorted(self.by_name, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(name) for name in names))

    @classmethod
    def from_csv(cls, path: Path) -> RegionIndex:
        with path.open(encoding="utf-8", newline="") as handle:
            regions = [
                Region(
                    adcode=row["adcode"],
                    province=row["province"],
                    prefecture=row["prefecture"] or None,
                    county=row["county"] or None,
                    level=row["level"],
                )
                for row in csv.DictReader(handle)
            ]
        return cls(regions)

    def mentions(self, text: str) -> list[_Mention]:
        found: list[_Mention] = []
        position = 0
        while True:
            match = self._pattern.search(text, position)
            if match is None:
                return found
            name = match.group(0)
            previous_end = found[-1].end if found else -1
            if len(name) <= _SHORT_NAME_LEN and not (
                match.start() == 0
                or match.start() == previous_end
                or text[match.start() - 1] in _SHORT_NAME_BEFORE
            ):
                position = match.start() + 1
                continue
            found.append(_Mention(match.start(), match.end(), tuple(self.by_name[name])))
            position = match.end()

    def resolve(self, text: str) -> Region | None:
        """The most specific division named in ``text``; None when absent or ambiguous."""
        text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
        mentions = self.mentions(text)
        if not mentions:
            return None
        named = [region for mention in mentions for region in _as_named(mention.regions)]
        # The most specific level mentioned decides; broader names narrow it down.
        for level in ("county", "prefecture", "province"):
            for mention in mentions:
                candidates = [r for r in _as_named(mention.regions) if r.level == level]
                if not candidates:
                    continue
                chosen = _narrow(candidates, named)
                if chosen is not None:
                    return chosen
            if any(r.level == level for r in named):
                return None
        return None


def _narrow(candidates: list[Region], named: list[Region]) -> Region | None:
    """The one candidate consistent with the other names in the text, if exactly one."""
    pool = candidates
    for level in ("prefecture", "province"):
        context = {_key(r, level) for r in named if r.level == level}
        if context:
            narrowed = [r for r in pool if _key(r, level) in context]
            if narrowed:
                pool = narrowed
    return pool[0] if len(pool) == 1 else None


def _as_named(regions: tuple[Region, ...]) -> list[Region]:
    """Drop the prefecture rows of a municipality: 北京市 names the province-level city."""
    provinces = {r.province for r in regions if r.level == "province"}
    return [r for r in regions if not (r.level == "prefecture" and r.prefecture in provinces)]


def _key(region: Region, level: str) -> tuple[str, str | None]:
    return (region.province, region.prefecture if level == "prefecture" else None)


def _aliases(region: Region) -> list[str]:
    name = region.name
    aliases: list[str] = []
    autonomous = _AUTONOMOUS.match(name)
    if autonomous and autonomous.group("kind") != "区":
        aliases.append(autonomous.group("base") + autonomous.group("kind"))
    if region.level == "province":
        short = _PROVINCE_SUFFIX.sub("", name)
        if short != name and len(short) >= 2:
            aliases.append(short)
    return aliases


@lru_cache(maxsize=1)
def default_index() -> RegionIndex:
    return RegionIndex.from_csv(DIM_REGION_CSV)


def resolve_region(text: str) -> dict[str, str | None] | None:
    """{province, prefecture, county, adcode} of the division an issuer or title names.

    宁阳县人民政府办公室 → 山东省/泰安市/宁阳县/370921; 攀枝花市人民政府办公室 →
    四川省/攀枝花市/None/510400. A county name shared by several counties (鼓楼区) is
    narrowed by any province or prefecture also named in the text; None when it stays
    ambiguous or no division is named.
    """
    region = default_index().resolve(text)
    return None if region is None else region.as_dict()
