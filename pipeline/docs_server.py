"""`notices docs`: the dbt docs of the published snapshot, served over HTTP.

Two things keep the docs from opening as files: the browser refuses to load
`manifest.json` and `catalog.json` over `file://` (the page says "loading" forever), and
docs generated against `warehouse.duckdb` name the tables `warehouse.marts.*`, which is
not where analysts find them. So the docs are generated against a private copy of
`reporting.duckdb` (same file name, so dbt names the database `reporting`, and the
catalog lists exactly what the snapshot holds) and served by a small HTTP server on
127.0.0.1. `--static` also writes `static_index.html`, one file that does open from disk.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from pipeline.run_dbt import TransformError, dbt_env, dbt_executable
from pipeline.settings import Settings

DEFAULT_PORT = 8580


class DocsError(RuntimeError):
    pass


def docs_dir(settings: Settings) -> Path:
    return settings.home / "dbt_docs"


def require_snapshot(settings: Settings) -> None:
    """DocsError, one line, when there is no published snapshot to document yet."""
    if not settings.reporting_path.exists():
        raise DocsError(f"no snapshot at {settings.reporting_path}: run `notices run` first")


def generate(settings: Settings) -> Path:
    """`dbt docs generate --static` against a copy of reporting.duckdb; returns the folder
    holding index.html, manifest.json and catalog.json."""
    require_snapshot(settings)
    work = docs_dir(settings)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # a copy: dbt opens its database read-write, and a BI tool may hold the snapshot open
    snapshot = work / settings.reporting_path.name
    shutil.copyfile(settings.reporting_path, snapshot)
    target = work / "target"
    env = dbt_env(settings) | {
        "NOTICES_WAREHOUSE_PATH": str(snapshot),
        "DBT_TARGET_PATH": str(target),
        "DBT_LOG_PATH": str(work / "logs"),
    }
    project = str(settings.dbt_project_dir)
    command = [dbt_executable(), "docs", "generate", "--static"]
    command += ["--project-dir", project, "--profiles-dir", project]
    done = subprocess.run(command, env=env, cwd=project, capture_output=True, text=True)
    snapshot.unlink()
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-25:])
        raise TransformError(f"dbt docs generate failed (exit {done.returncode}):\n{tail}")
    prune_to_snapshot(target)
    return target


# The placeholders dbt's index.html carries and `--static` fills (dbt/task/docs/generate.py).
_MANIFEST_INLINE = '"MANIFEST.JSON INLINE DATA"'
_CATALOG_INLINE = '"CATALOG.JSON INLINE DATA"'


def prune_to_snapshot(target: Path) -> None:
    """Keep in the docs only what the snapshot holds: dbt's manifest lists every model of
    the project (staging, intermediate, seeds, raw sources), but the snapshot has the marts
    only, so an analyst would look for tables that are not there. Models, seeds and sources
    stay when the catalog (read from the snapshot) has them; tests, unit tests and
    exposures stay when everything they depend on stays. `static_index.html` is rebuilt
    from the pruned files as `dbt docs generate --static` builds it."""
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    catalog_text = (target / "catalog.json").read_text(encoding="utf-8")
    catalog = json.loads(catalog_text)
    held = set(catalog["nodes"]) | set(catalog.get("sources", {}))

    def depends_on_held(node: dict[str, Any]) -> bool:
        parents = [p for p in node.get("depends_on", {}).get("nodes", []) if "." in p]
        return bool(parents) and all(parent in held for parent in parents)

    nodes = {
        unique_id: node
        for unique_id, node in manifest["nodes"].items()
        if unique_id in held or (node["resource_type"] == "test" and depends_on_held(node))
    }
    manifest["nodes"] = nodes
    manifest["sources"] = {k: v for k, v in manifest["sources"].items() if k in held}
    manifest["unit_tests"] = {
        k: v for k, v in manifest.get("unit_tests", {}).items() if depends_on_held(v)
    }
    kept = set(nodes) | set(manifest["sources"]) | set(manifest["unit_tests"])
    for exposure in manifest.get("exposures", {}).values():
        exposure["depends_on"]["nodes"] = [n for n in exposure["depends_on"]["nodes"] if n in kept]
    kept |= set(manifest.get("exposures", {}))
    for node in nodes.values():
        # a mart's lineage starts at the snapshot: its parents outside it are not shown
        node["depends_on"]["nodes"] = [n for n in node["depends_on"]["nodes"] if n in kept]
    for key in ("parent_map", "child_map"):
        if manifest.get(key):
            manifest[key] = {
                k: [n for n in v if n in kept] for k, v in manifest[key].items() if k in kept
            }
    manifest_text = json.dumps(manifest, ensure_ascii=False)
    (target / "manifest.json").write_text(manifest_text, encoding="utf-8")
    index = target / "index.html"
    if index.exists() and _MANIFEST_INLINE in (page := index.read_text(encoding="utf-8")):
        page = page.replace(_MANIFEST_INLINE, manifest_text).replace(_CATALOG_INLINE, catalog_text)
        (target / "static_index.html").write_text(page, encoding="utf-8")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # one line per request would bury the URL the command prints


def server(
    directory: Path, port: int = DEFAULT_PORT, host: str = "127.0.0.1"
) -> ThreadingHTTPServer:
    """An HTTP server for `directory` (not started: call serve_forever)."""
    httpd = bound_server(port, host)
    httpd.serve_from(directory)
    return httpd


class DocsServer(ThreadingHTTPServer):
    """Bound before the docs exist (a port in use fails at once), told what to serve
    once they are generated."""

    def serve_from(self, directory: Path) -> None:
        self.RequestHandlerClass = functools.partial(_QuietHandler, directory=str(directory))


def bound_server(port: int = DEFAULT_PORT, host: str = "127.0.0.1") -> DocsServer:
    """The docs server bound to host:port (not serving yet); DocsError, one line, when
    the port cannot be had."""
    try:
        return DocsServer((host, port), _QuietHandler)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DocsError(
            f"cannot serve on {host}:{port}: {reason} (another `notices docs`? try --port N)"
        ) from None
