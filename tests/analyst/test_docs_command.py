"""`notices docs --port N` serves the dbt docs of the published snapshot over HTTP, naming
the tables as reporting.duckdb has them (issue 17: the docs opened from disk said
"loading" forever and named tables warehouse.marts.*)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.dbt.corpus_warehouse import BuiltWarehouse, publish_copy

pytestmark = pytest.mark.slow

NOTICES = Path(sys.executable).with_name("notices")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def _wait_for(url: str, server: subprocess.Popen, attempts: int = 900) -> None:
    """Bounded wait (up to 3 min: dbt docs generate runs first) for the server to answer."""
    for _ in range(attempts):
        if server.poll() is not None:
            raise AssertionError(f"notices docs exited {server.returncode}")
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")


def test_docs_command_serves_the_snapshots_docs_over_http(
    built_warehouse: BuiltWarehouse, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(publish_copy(built_warehouse), home / "reporting.duckdb")
    port = _free_port()
    server = subprocess.Popen(
        [str(NOTICES), "docs", "--port", str(port), "--home", str(home)],
        env={**os.environ, "NOTICES_HOME": str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base + "/", server)
        index = _get(base + "/").decode("utf-8")
        manifest = json.loads(_get(base + "/manifest.json"))
        catalog = json.loads(_get(base + "/catalog.json"))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.communicate(timeout=30)
    assert "dbt" in index.lower()
    fact = manifest["nodes"]["model.notices.fct_disclosure_obligations"]
    assert fact["relation_name"] == '"reporting"."marts"."fct_disclosure_obligations"'
    assert "dim_region" in {node["name"] for node in manifest["nodes"].values()}
    in_catalog = {key.split(".")[-1] for key in catalog["nodes"]}
    assert {"fct_disclosure_obligations", "dim_region", "dim_notice"} <= in_catalog
    # the catalog is the snapshot's: marts only, described as persist_docs wrote them
    assert {node["metadata"]["schema"] for node in catalog["nodes"].values()} == {"marts"}
    assert (home / "dbt_docs" / "target" / "static_index.html").exists()
    assert not (home / "dbt_docs" / "reporting.duckdb").exists()
    # the docs show what the snapshot holds: no staging, intermediate, seed or raw source
    models = {k for k, n in manifest["nodes"].items() if n["resource_type"] in ("model", "seed")}
    assert models == set(catalog["nodes"])
    assert manifest["sources"] == {}
    static = (home / "dbt_docs" / "target" / "static_index.html").read_text(encoding="utf-8")
    assert "model.notices.stg_task_rows" not in static
    assert "model.notices.dim_unit" in static


def _emphasis_outside_code(text: str) -> list[str]:
    """Markdown emphasis marks (* or _ pairs) outside `code` spans: dbt docs would slant
    the text between them (count(*) … count(*) came out in italics)."""
    outside = re.sub(r"`[^`]*`", "", text)
    return re.findall(r"\*", outside)


def test_descriptions_render_as_written(built_warehouse: BuiltWarehouse) -> None:
    manifest = json.loads((built_warehouse.path.parent / "target" / "manifest.json").read_text())
    texts = []
    for node in manifest["nodes"].values():
        texts.append(node.get("description") or "")
        texts += [column.get("description") or "" for column in node.get("columns", {}).values()]
    assert len(texts) > 100
    assert [text[:80] for text in texts if _emphasis_outside_code(text)] == []
