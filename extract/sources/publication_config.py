"""Publication sources (`publications:` in sources.yml): the portal columns (栏目) where
units publish what they owe, each mapped to a unit and, optionally, a topic.

```yaml
publications:
  - id: liangshan-columns
    region_adcode: "370832"        # the government whose units the columns belong to
    grace_days: 20                 # overrides the marts' default grace (dbt var)
    unit_aliases: {县工商局: 县市场监管局}   # a unit renamed mid-year: old name → new
    columns:
      - url: http://www.example.gov.cn/col/col11/index.html
        path: 县财政局 > 财政预决算      # unit and topic read from the column path
      - url: http://www.example.gov.cn/col/col12/index.html
        unit: 县统计局                  # or declared
        topic: 统计数据
      - url: http://www.example.gov.cn/col/col13/index.html   # or the page's 当前位置
```

The HTTP settings (politeness, timeouts, retries, sizes) are those of an `http` source and
take the same `defaults:`; the fetch goes through the same client (http_client.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlsplit

from extract.sources.config import (
    USER_AGENT,
    ConfigError,
    HttpSourceConfig,
    _check_region_adcode,
)

# Grace between 0 and a year: a period's due date is its end plus the grace.
MAX_GRACE_DAYS = 366
_PATH_SEPARATORS = re.compile(r"\s*(?:>|＞|》|›|→|/)\s*")
# What a unit's name ends with on a column path (县财政局, 各乡镇, 县政府办公室, 城关镇).
_UNIT_SUFFIX = re.compile(
    r"(局|委|委员会|办|办公室|政府|中心|院|所|队|站|处|街道|街道办事处|办事处|镇|乡|乡镇|"
    r"公司|会|厅|部|署|馆|团)(（[^）]*）)?$"
)
# Portal levels that name neither a unit nor a topic.
_GENERIC_SEGMENTS = frozenset(
    {
        "首页",
        "网站首页",
        "政府信息公开",
        "信息公开",
        "政务公开",
        "法定主动公开内容",
        "主动公开",
        "部门信息公开",
        "部门信息",
        "信息公开目录",
        "政府信息公开目录",
    }
)


@dataclass(frozen=True)
class PublicationColumn:
    """One column (栏目) listing: its URL and what it is known to belong to."""

    url: str
    unit: str | None = None  # declared unit (as the notices name it)
    path: str | None = None  # declared column path, e.g. 县财政局 > 财政预决算
    topic: str | None = None  # declared topic, e.g. 财政预决算


@dataclass(frozen=True)
class ColumnIdentity:
    """The unit and topic a column stands for, and the path they were read from."""

    unit: str | None
    topic: str | None
    path: str | None


@dataclass(frozen=True)
class PublicationSourceConfig:
    id: str
    columns: tuple[PublicationColumn, ...]
    allowed_hosts: tuple[str, ...] = ()
    region_adcode: str | None = None
    grace_days: int | None = None  # None: the marts' default (dbt var compliance_grace_days)
    # Portal name → the name the notices use (a unit renamed mid-year keeps one identity).
    unit_aliases: tuple[tuple[str, str], ...] = ()
    max_listing_pages: int = 20  # listing pages read per column and fetch
    item_pages: bool = True  # open an item's page when the listing prints no date
    max_item_pages: int = 200  # item pages opened per column and fetch
    min_interval_s: float = 1.0
    timeout_s: float = 20.0
    connect_timeout_s: float = 10.0
    total_timeout_s: float = 300.0
    retries: int = 3
    backoff_initial_s: float = 1.0
    backoff_max_s: float = 30.0
    max_bytes: int = 5 * 1024 * 1024  # a listing or item page; never a file
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    type: str = "publications"

    def http(self) -> HttpSourceConfig:
        """The settings the shared HTTP client (http_client.SourceClient) takes."""
        return HttpSourceConfig(
            id=self.id,
            index_url=self.columns[0].url,
            allowed_hosts=self.allowed_hosts,
            min_interval_s=self.min_interval_s,
            timeout_s=self.timeout_s,
            connect_timeout_s=self.connect_timeout_s,
            total_timeout_s=self.total_timeout_s,
            retries=self.retries,
            backoff_initial_s=self.backoff_initial_s,
            backoff_max_s=self.backoff_max_s,
            max_bytes=self.max_bytes,
            max_redirects=self.max_redirects,
            user_agent=self.user_agent,
            region_adcode=self.region_adcode,
        )

    def canonical_unit(self, name: str | None) -> str | None:
        if name is None:
            return None
        return dict(self.unit_aliases).get(name, name)


def split_column_path(path: str) -> tuple[str, ...]:
    """`首页 > 政府信息公开 > 县财政局 > 财政预决算` → (县财政局, 财政预决算)."""
    text = re.sub(r"^\s*(当前位置|您的位置|所在位置|位置)\s*[:：]?\s*", "", path)
    parts = [p.strip() for p in _PATH_SEPARATORS.split(text)]
    return tuple(p for p in parts if p and p not in _GENERIC_SEGMENTS)


def identity_from_path(path: str | None) -> ColumnIdentity:
    """The unit is the last path segment that reads as a unit's name; the topic is what
    follows it (the column's own name)."""
    if not path:
        return ColumnIdentity(None, None, None)
    parts = split_column_path(path)
    unit_at = max((i for i, p in enumerate(parts) if _UNIT_SUFFIX.search(p)), default=None)
    if unit_at is None:
        return ColumnIdentity(None, " > ".join(parts) or None, " > ".join(parts) or None)
    topic = " > ".join(parts[unit_at + 1 :]) or None
    return ColumnIdentity(parts[unit_at], topic, " > ".join(parts))


def column_identity(column: PublicationColumn, page_path: str | None) -> ColumnIdentity:
    """Declared unit/topic first, then the declared path, then the page's breadcrumb."""
    from_path = identity_from_path(column.path or page_path)
    return ColumnIdentity(
        unit=column.unit or from_path.unit,
        topic=column.topic or from_path.topic,
        path=from_path.path or column.path,
    )


def parse_publications(
    raw: Any, defaults: dict[str, Any], *, origin: str
) -> tuple[PublicationSourceConfig, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ConfigError(f"{origin}: 'publications' must be a list of publication sources")
    out: list[PublicationSourceConfig] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw):
        where = f"{origin}: publication source #{i + 1}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where} is not a mapping")
        source = _parse_one(entry, defaults, where)
        if source.id in seen:
            raise ConfigError(f"{origin}: duplicate publication source id {source.id!r}")
        seen.add(source.id)
        out.append(source)
    return tuple(out)


def _parse_one(
    entry: dict[str, Any], defaults: dict[str, Any], where: str
) -> PublicationSourceConfig:
    source_id = entry.get("id")
    if not isinstance(source_id, str) or not re.fullmatch(r"[A-Za-z0-9_.-]+", source_id):
        raise ConfigError(f"{where}: 'id' must be a word of letters, digits, _ . -")
    where = f"{where} ({source_id})"
    allowed = {f.name for f in fields(PublicationSourceConfig)} - {"type"}
    unknown = set(entry) - allowed
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)} for a publication source")
    values = {k: v for k, v in defaults.items() if k in allowed and k != "id"}
    values.update(entry)
    columns = _columns(values.get("columns"), where)
    values["columns"] = columns
    _check_region_adcode(values.get("region_adcode"), where)
    if values.get("region_adcode") is not None:
        values["region_adcode"] = str(values["region_adcode"])
    hosts = values.get("allowed_hosts") or sorted({urlsplit(c.url).hostname for c in columns})
    values["allowed_hosts"] = tuple(
        str(h).lower() for h in ([hosts] if isinstance(hosts, str) else hosts)
    )
    grace = values.get("grace_days")
    if grace is not None and (
        isinstance(grace, bool) or not isinstance(grace, int) or not 0 <= grace <= MAX_GRACE_DAYS
    ):
        raise ConfigError(f"{where}: 'grace_days' must be a whole number of days, 0 to 366")
    values["unit_aliases"] = _aliases(values.get("unit_aliases"), where)
    for key in ("min_interval_s", "timeout_s", "connect_timeout_s", "total_timeout_s",
                "backoff_initial_s", "backoff_max_s"):  # fmt: skip
        if key in values and (
            isinstance(values[key], bool)
            or not isinstance(values[key], int | float)
            or values[key] < 0
        ):
            raise ConfigError(f"{where}: '{key}' must be a number >= 0")
    for key in ("max_listing_pages", "max_item_pages", "retries", "max_bytes", "max_redirects"):
        if key in values and (
            isinstance(values[key], bool) or not isinstance(values[key], int) or values[key] < 0
        ):
            raise ConfigError(f"{where}: '{key}' must be an integer >= 0")
    if "item_pages" in values and not isinstance(values["item_pages"], bool):
        raise ConfigError(f"{where}: 'item_pages' must be true or false")
    try:
        return PublicationSourceConfig(**values)
    except TypeError as exc:
        raise ConfigError(f"{where}: {exc}") from exc


def _columns(raw: Any, where: str) -> tuple[PublicationColumn, ...]:
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{where}: 'columns' must be a non-empty list of column listings")
    out: list[PublicationColumn] = []
    urls: set[str] = set()
    for j, item in enumerate(raw):
        here = f"{where}: column #{j + 1}"
        if isinstance(item, str):
            item = {"url": item}
        if not isinstance(item, dict):
            raise ConfigError(f"{here} must be a URL or a mapping with 'url'")
        unknown = set(item) - {"url", "unit", "path", "topic"}
        if unknown:
            raise ConfigError(f"{here}: unknown keys {sorted(unknown)} (url, unit, path, topic)")
        url = item.get("url")
        if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
            raise ConfigError(f"{here}: 'url' must be an http(s) URL")
        if url in urls:
            raise ConfigError(f"{here}: column {url} is listed twice")
        urls.add(url)
        for key in ("unit", "path", "topic"):
            if item.get(key) is not None and not (isinstance(item[key], str) and item[key].strip()):
                raise ConfigError(f"{here}: '{key}' must be non-empty text")
        if item.get("path") and not item.get("unit") and not identity_from_path(item["path"]).unit:
            raise ConfigError(
                f"{here}: no unit in path {item['path']!r} (no segment ends like a unit's "
                "name: 局, 办, 委, 政府, 镇 ...); declare 'unit'"
            )
        out.append(
            PublicationColumn(
                url=url,
                unit=(item.get("unit") or None),
                path=(item.get("path") or None),
                topic=(item.get("topic") or None),
            )
        )
    return tuple(out)


def _aliases(raw: Any, where: str) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()
        for k, v in raw.items()
    ):
        raise ConfigError(f"{where}: 'unit_aliases' must map a portal unit name to a unit name")
    return tuple(sorted((k.strip(), v.strip()) for k, v in raw.items()))
