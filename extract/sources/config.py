"""The source registry (`sources.yml`): which folders and portals to fetch, and how.

A `defaults:` mapping applies to every source; each source may override any key.
Relative `path`s are resolved against the folder of the config file, so the result
does not depend on the working directory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import yaml

USER_AGENT = (
    "notices-warehouse/0.1 (+https://github.com/disclosure-obligations-warehouse/notices-warehouse)"
)
DEFAULT_TITLE_PATTERN = "政务公开.*(任务分解|分工|责任清单)"
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


class ConfigError(ValueError):
    """sources.yml is missing, malformed or names an unknown setting."""


@dataclass(frozen=True)
class DirSourceConfig:
    id: str
    path: Path
    glob: str = "*"
    recursive: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    # Symbolic links are not followed ("none"): a link can point anywhere on the
    # machine. "inside" follows those that resolve to a file inside the folder.
    follow_links: str = "none"
    region_adcode: str | None = None  # for documents that name no region
    type: str = "dir"


@dataclass(frozen=True)
class HttpSourceConfig:
    id: str
    index_url: str
    allowed_hosts: tuple[str, ...] = ()
    title_pattern: str = DEFAULT_TITLE_PATTERN
    max_index_pages: int = 5
    max_notices: int = 200
    min_interval_s: float = 1.0  # politeness: at most one request per interval per host
    timeout_s: float = 20.0  # read/write/pool timeout of one socket operation
    connect_timeout_s: float = 10.0
    # One wall-clock deadline per request: connect, headers and body, against drips.
    total_timeout_s: float = 300.0
    retries: int = 3  # extra attempts after a 5xx, a connection error or a timeout
    backoff_initial_s: float = 1.0
    backoff_max_s: float = 30.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    region_adcode: str | None = None  # for documents that name no region
    robots_txt: bool = False  # honour the host's robots.txt (checked by pipeline.politeness)
    type: str = "http"

    def title_regex(self) -> re.Pattern[str]:
        return re.compile(self.title_pattern)


SourceConfig = DirSourceConfig | HttpSourceConfig

if TYPE_CHECKING:
    from extract.sources.publication_config import PublicationSourceConfig


@dataclass(frozen=True)
class SourcesConfig:
    sources: tuple[SourceConfig, ...] = field(default_factory=tuple)
    # Portal columns (栏目) whose listings say what units published (`publications:`).
    publications: tuple[PublicationSourceConfig, ...] = field(default_factory=tuple)

    def by_id(self, source_id: str) -> SourceConfig:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(f"no source with id {source_id!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"sources": [source_to_dict(s) for s in self.sources]}

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, base_dir: Path | None = None) -> SourcesConfig:
        return _parse(data, base_dir or Path.cwd(), origin="<dict>")


def source_to_dict(source: SourceConfig) -> dict[str, Any]:
    """Plain JSON: a candidate carries its source's settings to whichever worker fetches it."""
    data: dict[str, Any] = {f.name: getattr(source, f.name) for f in fields(source)}
    if isinstance(source, DirSourceConfig):
        data["path"] = str(source.path)
    else:
        data["allowed_hosts"] = list(source.allowed_hosts)
    return data


def source_from_dict(data: dict[str, Any]) -> SourceConfig:
    values = dict(data)
    if values.get("type") == "dir":
        values["path"] = Path(values["path"])
        return DirSourceConfig(**values)
    values["allowed_hosts"] = tuple(values.get("allowed_hosts") or ())
    return HttpSourceConfig(**values)


def load_config(path: Path | str) -> SourcesConfig:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read sources config {path}: {exc}") from exc
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from exc
    return _parse(data, path.resolve().parent, origin=str(path))


def _parse(data: Any, base_dir: Path, *, origin: str) -> SourcesConfig:
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: expected a mapping with a 'sources' list")
    unknown_top = set(data) - {"sources", "defaults", "publications"}
    if unknown_top:
        raise ConfigError(f"{origin}: unknown top-level keys {sorted(unknown_top)}")
    defaults = data.get("defaults") or {}
    raw_sources = data.get("sources") or []
    if not isinstance(defaults, dict) or not isinstance(raw_sources, list):
        raise ConfigError(f"{origin}: 'defaults' must be a mapping and 'sources' a list")
    sources: list[SourceConfig] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_sources):
        if not isinstance(raw, dict):
            raise ConfigError(f"{origin}: source #{i + 1} is not a mapping")
        source = _parse_source(raw, defaults, base_dir, where=f"{origin}: source #{i + 1}")
        if source.id in seen:
            raise ConfigError(f"{origin}: duplicate source id {source.id!r}")
        seen.add(source.id)
        sources.append(source)
    from extract.sources.publication_config import parse_publications

    publications = parse_publications(data.get("publications"), defaults, origin=origin)
    return SourcesConfig(sources=tuple(sources), publications=publications)


def _parse_source(
    raw: dict[str, Any], defaults: dict[str, Any], base_dir: Path, *, where: str
) -> SourceConfig:
    source_id = raw.get("id")
    if not isinstance(source_id, str) or not re.fullmatch(r"[A-Za-z0-9_.-]+", source_id):
        raise ConfigError(f"{where}: 'id' must be a word of letters, digits, _ . -")
    kind = raw.get("type")
    where = f"{where} ({source_id})"
    if kind == "dir":
        cls: type[DirSourceConfig] | type[HttpSourceConfig] = DirSourceConfig
    elif kind == "http":
        cls = HttpSourceConfig
    else:
        raise ConfigError(f"{where}: 'type' must be 'dir' or 'http', got {kind!r}")
    allowed = {f.name for f in fields(cls)}
    unknown = set(raw) - allowed
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)} for a {kind} source")
    # Defaults may hold keys of either source type; take the ones that apply.
    values = {k: v for k, v in defaults.items() if k in allowed and k not in ("id", "type")}
    values.update(raw)
    _check_region_adcode(values.get("region_adcode"), where)
    if values.get("region_adcode") is not None:  # YAML reads 370921 as a number
        values["region_adcode"] = str(values["region_adcode"])
    try:
        if cls is DirSourceConfig:
            if "path" not in values:
                raise ConfigError(f"{where}: a dir source needs 'path'")
            if values.get("follow_links", "none") not in ("none", "inside"):
                raise ConfigError(f"{where}: 'follow_links' must be 'none' or 'inside'")
            path = Path(str(values["path"])).expanduser()
            values["path"] = path if path.is_absolute() else (base_dir / path).resolve()
            return DirSourceConfig(**values)
        return _http_source(values, where)
    except TypeError as exc:
        raise ConfigError(f"{where}: {exc}") from exc


def check_sources_exist(config: SourcesConfig) -> None:
    """Raise ConfigError for a source that cannot work as configured, before anything is
    fetched: a `dir` source whose folder does not exist (or is not a folder), an `http`
    source whose host name does not exist. Those are mistakes in sources.yml that no
    retry mends (a run that retried them for minutes and then ended green hid them). A
    resolver that fails for now (EAI_AGAIN), a host that refuses or times out, stay
    `source_down` faults of that one source, retried by the next run."""
    for source in config.sources:
        if isinstance(source, DirSourceConfig):
            if not source.path.is_dir():
                what = "is not a folder" if source.path.exists() else "does not exist"
                raise ConfigError(
                    f"source {source.id!r}: the folder {source.path} {what} "
                    "(a relative path is read from the folder of the sources file)"
                )
        else:
            _check_host_exists(source)


def _check_host_exists(source: HttpSourceConfig) -> None:
    import socket
    import urllib.request

    parts = urlsplit(source.index_url)
    host = parts.hostname
    if not host or urllib.request.getproxies().get(parts.scheme):
        return  # a proxy resolves the name, not this machine
    try:
        socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as exc:
        if exc.errno == socket.EAI_NONAME:
            raise ConfigError(
                f"source {source.id!r}: the host {host} of {source.index_url} does not exist "
                "(the name does not resolve)"
            ) from exc
    except OSError:
        return  # anything else is the network's, not the config's: a source_down fault


def _check_region_adcode(value: Any, where: str) -> None:
    if value is None:
        return
    from extract.regions import default_index

    adcodes = {r.adcode for r in default_index().regions}
    if not isinstance(value, str | int) or str(value) not in adcodes:
        raise ConfigError(f"{where}: 'region_adcode' {value!r} is not a known division code")


def _http_source(values: dict[str, Any], where: str) -> HttpSourceConfig:
    index_url = values.get("index_url")
    if not isinstance(index_url, str) or urlsplit(index_url).scheme not in ("http", "https"):
        raise ConfigError(f"{where}: 'index_url' must be an http(s) URL")
    hosts = values.get("allowed_hosts") or [urlsplit(index_url).hostname]
    if isinstance(hosts, str):
        hosts = [hosts]
    values["allowed_hosts"] = tuple(str(h).lower() for h in hosts)
    try:
        re.compile(values.get("title_pattern", DEFAULT_TITLE_PATTERN))
    except re.error as exc:
        raise ConfigError(f"{where}: 'title_pattern' is not a valid regex: {exc}") from exc
    for key in (
        "min_interval_s",
        "timeout_s",
        "connect_timeout_s",
        "total_timeout_s",
        "backoff_initial_s",
        "backoff_max_s",
    ):
        if key in values and (not isinstance(values[key], int | float) or values[key] < 0):
            raise ConfigError(f"{where}: '{key}' must be a number >= 0")
    for key in ("max_index_pages", "max_notices", "retries", "max_bytes", "max_redirects"):
        if key in values and (not isinstance(values[key], int) or values[key] < 0):
            raise ConfigError(f"{where}: '{key}' must be an integer >= 0")
    return HttpSourceConfig(**values)
