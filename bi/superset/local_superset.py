"""A real Superset on 127.0.0.1, in an environment of its own, for the dashboard test and
the screenshot: installed once per machine into a cache keyed by its requirements.

    env = ensure_superset()                      # uv venv + pip install + db upgrade + init
    with running_superset(env, work_dir) as api:  # a fresh metadata copy, a real server
        api.import_bundle(bundle_zip)
        api.chart_data(chart_id)

Superset is not a dependency of the project (it pins Flask, SQLAlchemy and pandas
versions of its own), so it lives in its own uv venv. The metadata database is SQLite
here (PostgreSQL in docker-compose.yml); `superset db upgrade` and `superset init` run
once, into a template copied for each server.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REQUIREMENTS = HERE / "requirements.txt"
CACHE_ROOT = Path(os.environ.get("NOTICES_SUPERSET_CACHE", Path.home() / ".cache/notices-superset"))
ADMIN = ("admin", "admin-local-only")
SECRET_KEY = "local-test-only-" + "0" * 32


class SupersetError(RuntimeError):
    pass


@dataclass(frozen=True)
class SupersetEnv:
    root: Path

    @property
    def python(self) -> Path:
        return self.root / "venv" / "bin" / "python"

    @property
    def superset(self) -> Path:
        return self.root / "venv" / "bin" / "superset"

    @property
    def template_db(self) -> Path:
        return self.root / "metadata-template.db"


def requirements() -> str:
    """bi/superset/requirements.txt plus the project's own duckdb version: the snapshot's
    storage format must be one the Superset side can read."""
    import duckdb

    return REQUIREMENTS.read_text(encoding="utf-8") + f"duckdb=={duckdb.__version__}\n"


def _config(path: Path, metadata_db: Path, public_admin: bool = False) -> Path:
    lines = [
        f"SECRET_KEY = {SECRET_KEY!r}",
        f"SQLALCHEMY_DATABASE_URI = {('sqlite:///' + str(metadata_db))!r}",
        "WTF_CSRF_ENABLED = False",
        "TALISMAN_ENABLED = False",
        "SQLALCHEMY_EXAMPLES_URI = None",
        "BABEL_DEFAULT_LOCALE = 'en'",
    ]
    if public_admin:
        # screenshots only: an anonymous browser on 127.0.0.1 sees the dashboard
        lines.append("AUTH_ROLE_PUBLIC = 'Admin'")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _env(config: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env |= {"SUPERSET_CONFIG_PATH": str(config), "FLASK_APP": "superset", "PYTHONUNBUFFERED": "1"}
    return env


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-30:])
        raise SupersetError(f"{' '.join(command[:3])} … failed ({done.returncode}):\n{tail}")


def uv_command() -> list[str]:
    """uv as scripts/bootstrap.sh finds it: on PATH, else as a module of python3."""
    if found := shutil.which("uv"):
        return [found]
    for python in (shutil.which("python3"), sys.executable):
        if (
            python
            and subprocess.run([python, "-m", "uv", "--version"], capture_output=True).returncode
            == 0
        ):
            return [python, "-m", "uv"]
    raise SupersetError("uv is not installed (scripts/bootstrap.sh installs it)")


def _install(root: Path, reqs: str) -> SupersetEnv:
    """Install into `root` itself (a venv's scripts name their own path, so it cannot be
    moved afterwards); the metadata template, written last, marks the install complete."""
    env = SupersetEnv(root)
    root.mkdir(parents=True)
    (root / "requirements.txt").write_text(reqs, encoding="utf-8")
    uv = uv_command()
    _run([*uv, "venv", "--python", sys.executable, str(root / "venv")])
    _run([*uv, "pip", "install", "--python", str(env.python), "-r", str(root / "requirements.txt")])
    building = root / "metadata-building.db"
    config = _config(root / "superset_config.py", building)
    _run([str(env.superset), "db", "upgrade"], _env(config))
    user, password = ADMIN
    _run(
        [str(env.superset), "fab", "create-admin", "--username", user, "--password", password]
        + ["--firstname", "Local", "--lastname", "Admin", "--email", "admin@localhost"],
        _env(config),
    )
    _run([str(env.superset), "init"], _env(config))
    building.rename(env.template_db)
    return env


def ensure_superset(cache_root: Path = CACHE_ROOT) -> SupersetEnv:
    """The cached environment for the current requirements, installed if missing."""
    reqs = requirements()
    digest = hashlib.sha256(reqs.encode("utf-8")).hexdigest()[:16]
    cache_root.mkdir(parents=True, exist_ok=True)
    root = cache_root / f"superset-{digest}"
    with open(cache_root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two test workers or runs install it once
        if (root / "metadata-template.db").exists():
            return SupersetEnv(root)
        shutil.rmtree(root, ignore_errors=True)
        return _install(root, reqs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SupersetApi:
    """The REST API of a running Superset, logged in as the admin."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.token = ""

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Any:
        request = urllib.request.Request(self.base + path, data=body, method=method)
        request.add_header("Referer", self.base)
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace")[:2000]
            raise SupersetError(f"{method} {path}: HTTP {error.code}: {detail}") from error

    def post_json(self, path: str, payload: dict) -> Any:
        body = json.dumps(payload).encode("utf-8")
        return self.request("POST", path, body, {"Content-Type": "application/json"})

    def login(self) -> None:
        user, password = ADMIN
        login = {"username": user, "password": password, "provider": "db", "refresh": True}
        self.token = self.post_json("/api/v1/security/login", login)["access_token"]

    def import_bundle(self, bundle: Path) -> None:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="overwrite"\r\n\r\ntrue\r\n',
            f'--{boundary}\r\nContent-Disposition: form-data; name="formData"; '
            f'filename="{bundle.name}"\r\nContent-Type: application/zip\r\n\r\n',
        ]
        body = "".join(parts).encode() + bundle.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        content_type = f"multipart/form-data; boundary={boundary}"
        self.request("POST", "/api/v1/dashboard/import/", body, {"Content-Type": content_type})

    def charts(self) -> list[dict[str, Any]]:
        query = urllib.request.quote(json.dumps({"page_size": 100}))
        return self.request("GET", f"/api/v1/chart/?q={query}")["result"]

    def chart_data(self, chart_id: int) -> dict[str, Any]:
        """What the chart-data API answers for the chart's saved query context."""
        return self.request("GET", f"/api/v1/chart/{chart_id}/data/?format=json")["result"][0]

    def chart_data_filtered(
        self, chart_id: int, filters: list[dict[str, Any]], time_range: str | None = None
    ) -> dict[str, Any]:
        """The chart's saved query with dashboard filters applied as the dashboard applies
        them: each native filter's value appended to the query's filters, and a time-range
        filter's value replacing the range of the chart's TEMPORAL_RANGE filter."""
        saved = self.request("GET", f"/api/v1/chart/{chart_id}")["result"]["query_context"]
        context = json.loads(saved)
        for query in context["queries"]:
            kept = []
            for existing in query["filters"]:
                if time_range is not None and existing.get("op") == "TEMPORAL_RANGE":
                    existing = {**existing, "val": time_range}
                kept.append(existing)
            query["filters"] = kept + filters
        return self.post_json("/api/v1/chart/data", context)["result"][0]

    def dashboard(self, slug: str) -> dict[str, Any]:
        return self.request("GET", f"/api/v1/dashboard/{slug}")["result"]


def _wait_until_healthy(base: str, server: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SupersetError(
                f"Superset exited ({server.returncode}):\n{log.read_text()[-3000:]}"
            )
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(base + "/health", timeout=5) as response,
        ):
            if response.status == 200:
                return
        time.sleep(1)
    raise SupersetError(f"Superset did not answer /health in {timeout:.0f} s")


@contextlib.contextmanager
def running_superset(
    env: SupersetEnv,
    work_dir: Path,
    *,
    port: int | None = None,
    public_admin: bool = False,
    bundle: Path | None = None,
) -> Iterator[SupersetApi]:
    """A Superset server on 127.0.0.1 over a fresh copy of the metadata template; stopped
    (its process group) on exit. `bundle` is imported first with the CLI, as the compose
    service does (with `public_admin` the REST import runs as the anonymous user and fails).
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    metadata = work_dir / "superset.db"
    shutil.copyfile(env.template_db, metadata)
    config = _config(work_dir / "superset_config.py", metadata, public_admin=public_admin)
    if bundle is not None:
        command = [str(env.superset), "import-dashboards", "--path", str(bundle)]
        _run([*command, "--username", ADMIN[0]], _env(config))
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    log = work_dir / "superset.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [str(env.superset), "run", "-h", "127.0.0.1", "-p", str(port), "--with-threads"],
            env=_env(config),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with all its children
        )
    try:
        _wait_until_healthy(base, server, log, timeout=300)
        api = SupersetApi(base)
        api.login()
        yield api
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, 15)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait()
