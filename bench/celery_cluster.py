"""A real Airflow 3 CeleryExecutor deployment on this host, every part a process of its own.

    python -m bench.celery_cluster start --root DIR [--workers 2]   # prints the UI's URL
    python -m bench.celery_cluster stop --root DIR

PostgreSQL 15 (a private cluster made with the OS's `initdb` under DIR, listening on
127.0.0.1 only, password auth) is the metadata database, Redis (127.0.0.1, a password
given on stdin) the Celery broker and result backend; then the api-server, scheduler,
dag-processor, triggerer and N `airflow celery worker --concurrency 1` processes, each in
a session of its own (its whole process group is stopped with it). Every port is a free
one; the components share the JWT and API secrets, `execution_api_server_url` follows the
api-server's port, and each log server (scheduler, triggerer, every worker) has its own
port. AIRFLOW_HOME, the database, Redis's folder and the logs live under DIR.
`bench.national` drives it (docs/scaling.md, "The national run"); the same layout is the
Docker-free form of `docker-compose.yml` (docs/deployment.md).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
DAGS_DIR = REPO / "dags"
POOLS_FILE = REPO / "deploy" / "pools.json"
PG_BIN = Path(os.environ.get("NOTICES_PG_BIN", "/usr/lib/postgresql/15/bin"))
ADMIN = "admin"
CONTROL_PLANE = ("api-server", "scheduler", "dag-processor", "triggerer")
STATE_FILE = "cluster.json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(what: str, probe: Callable[[], Any], timeout: float = 300.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            found = probe()
        except (httpx.HTTPError, OSError, AssertionError):
            found = None
        if found:
            return found
        if time.monotonic() > deadline:
            raise RuntimeError(f"gave up waiting for {what}")
        time.sleep(1)


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run its tools as the `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Cluster:
    """The deployment's state, kept in DIR/cluster.json so `stop` finds every process."""

    root: Path
    api_port: int = 0
    pg_port: int = 0
    redis_port: int = 0
    db_password: str = ""
    redis_password: str = ""
    admin_password: str = ""
    jwt_secret: str = ""
    api_secret: str = ""
    fernet_key: str = ""
    pids: dict[str, int] = field(default_factory=dict)
    token: str = ""
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def home(self) -> Path:
        return self.root / "airflow"

    @property
    def pgdata(self) -> Path:
        return self.root / "pgdata"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def database_url(self, database: str = "airflow") -> str:
        return f"postgresql://airflow:{self.db_password}@127.0.0.1:{self.pg_port}/{database}"

    def save(self) -> None:
        state = {k: v for k, v in self.__dict__.items() if k != "root"}
        path = self.root / STATE_FILE
        path.write_text(json.dumps(state, indent=1), encoding="utf-8")
        path.chmod(0o600)

    @classmethod
    def load(cls, root: Path) -> Cluster:
        state = json.loads((root / STATE_FILE).read_text(encoding="utf-8"))
        return cls(root=root, **state)

    # ---- environment ------------------------------------------------------------------

    def environment(self, log_server_port: int | None = None) -> dict[str, str]:
        """What every Airflow process gets (a worker: its own log server port)."""
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("AIRFLOW", "NOTICES", "_AIRFLOW"))
        }
        broker = f"redis://:{self.redis_password}@127.0.0.1:{self.redis_port}"
        env.update(
            {
                "AIRFLOW_HOME": str(self.home),
                "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_DIR),
                "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
                "AIRFLOW__CORE__PARALLELISM": "32",
                "AIRFLOW__CORE__FERNET_KEY": self.fernet_key,
                "AIRFLOW__CORE__AUTH_MANAGER": (
                    "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager"
                ),
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{ADMIN}:admin",
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(
                    self.home / "passwords.json"
                ),
                "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": self.database_url().replace(
                    "postgresql://", "postgresql+psycopg2://"
                ),
                # Every component signs or checks tokens with these: they must be the same.
                "AIRFLOW__API_AUTH__JWT_SECRET": self.jwt_secret,
                "AIRFLOW__API__SECRET_KEY": self.api_secret,
                "AIRFLOW__API__HOST": "127.0.0.1",
                "AIRFLOW__API__PORT": str(self.api_port),
                "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.base}/execution/",
                "AIRFLOW__CELERY__BROKER_URL": f"{broker}/0",
                "AIRFLOW__CELERY__RESULT_BACKEND": f"{broker}/1",
                "AIRFLOW__CELERY__WORKER_CONCURRENCY": "1",
                # One log server per process that serves logs: distinct free ports.
                "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(log_server_port or free_port()),
                "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(free_port()),
                "AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_PORT": str(free_port()),
                "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "10",
                "AIRFLOW_VAR_NOTICES_INGEST_SCHEDULE": "none",  # triggered runs only
                "NOTICES_RETRIES": "0",
                "NOTICES_FETCH_RETRIES": "0",
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.extra_env)
        return env

    # ---- start ------------------------------------------------------------------------

    def _spawn(self, name: str, command: list[str], env: dict[str, str] | None = None) -> int:
        log = open(self.root / "logs" / f"{name}.log", "ab")  # noqa: SIM115 (the child owns it)
        process = subprocess.Popen(
            command,
            env=env,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.pids[name] = process.pid
        self.save()
        return process.pid

    def start_postgres(self) -> None:
        self.pgdata.mkdir(mode=0o700)
        password_file = self.root / "pg.pw"
        password_file.write_text(self.db_password, encoding="utf-8")
        if os.geteuid() == 0:
            _traversable(self.root)  # the postgres user must reach pgdata
            subprocess.run(["chown", "postgres", str(self.pgdata), str(password_file)], check=True)
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "initdb"), "-D", str(self.pgdata), "-U", "airflow",
                    f"--pwfile={password_file}", "-A", "scram-sha-256", "-E", "UTF8",
                ]
            ),
            check=True, capture_output=True,
        )  # fmt: skip
        password_file.unlink()
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-w", "-l",
                    str(self.pgdata / "postgres.log"), "-o",
                    f"-p {self.pg_port} -c listen_addresses=127.0.0.1 -k {self.pgdata}",
                    "start",
                ]
            ),
            check=True, capture_output=True,
        )  # fmt: skip
        import psycopg2

        admin = psycopg2.connect(self.database_url("postgres"))
        admin.autocommit = True
        admin.cursor().execute("create database airflow owner airflow")
        admin.close()

    def start_redis(self) -> None:
        folder = self.root / "redis"
        folder.mkdir()
        log = open(self.root / "logs" / "redis.log", "ab")  # noqa: SIM115
        process = subprocess.Popen(
            ["redis-server", "-"],
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        assert process.stdin is not None
        # the password on stdin, never on a command line `ps` shows
        process.stdin.write(
            (
                f"port {self.redis_port}\nbind 127.0.0.1\nrequirepass {self.redis_password}\n"
                f'dir {folder}\nsave ""\nappendonly no\n'
            ).encode()
        )
        process.stdin.close()
        self.pids["redis"] = process.pid
        self.save()
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.redis_port, password=self.redis_password)
        wait_for("redis", client.ping, timeout=30)

    def airflow(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "airflow", *args],
            env=self.environment(),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            raise RuntimeError(f"airflow {' '.join(args)}:\n{done.stderr[-3000:]}")
        return done.stdout

    def start(self, workers: int) -> None:
        """Everything, from nothing: database, broker, migration, pools, services, workers."""
        from cryptography.fernet import Fernet

        (self.root / "logs").mkdir(parents=True, exist_ok=True)
        self.home.mkdir(parents=True, exist_ok=True)
        self.api_port, self.pg_port, self.redis_port = free_port(), free_port(), free_port()
        self.db_password = secrets.token_urlsafe(18)
        self.redis_password = secrets.token_urlsafe(18)
        self.admin_password = secrets.token_urlsafe(12)
        self.jwt_secret = secrets.token_urlsafe(32)
        self.api_secret = secrets.token_urlsafe(32)
        self.fernet_key = Fernet.generate_key().decode()
        passwords = self.home / "passwords.json"
        passwords.write_text(json.dumps({ADMIN: self.admin_password}), encoding="utf-8")
        passwords.chmod(0o600)
        self.save()
        self.start_postgres()
        self.start_redis()
        self.airflow("db", "migrate")
        self.airflow("pools", "import", str(POOLS_FILE))
        for service in CONTROL_PLANE:
            command = [sys.executable, "-m", "airflow", service]
            if service == "scheduler":
                command.append("--skip-serve-logs")  # the Celery workers serve task logs
            self._spawn(service, command, self.environment())
        self.token = wait_for("a token from POST /auth/token", self._token)
        self.save()
        for index in range(1, workers + 1):
            self.start_worker(index)

    def start_worker(self, index: int) -> int:
        """`airflow celery worker --concurrency 1` number `index`, its log server on a port
        of its own."""
        name = f"worker-{index}"
        command = [
            sys.executable, "-m", "airflow", "celery", "worker", "--concurrency", "1",
            "--celery-hostname", f"{name}@%h", "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        return self._spawn(name, command, self.environment(log_server_port=free_port()))

    def wait_for_workers(self, count: int) -> None:
        """Until `count` Celery workers answer a ping through the broker."""

        def answered() -> bool:
            done = subprocess.run(
                [
                    sys.executable, "-m", "celery", "--app",
                    "airflow.providers.celery.executors.celery_executor.app",
                    "inspect", "ping", "--timeout", "5", "--json",
                ],
                env=self.environment(), cwd=REPO, capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            if done.returncode != 0 or not done.stdout.strip():
                return False
            return len(json.loads(done.stdout.strip().splitlines()[-1])) >= count

        wait_for(f"{count} Celery worker(s) to answer", answered, timeout=300)

    def _token(self) -> str | None:
        answer = httpx.post(
            self.base + "/auth/token",
            json={"username": ADMIN, "password": self.admin_password},
            timeout=10,
        )
        return answer.json().get("access_token") if answer.status_code < 300 else None

    # ---- REST API ---------------------------------------------------------------------

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        answer = httpx.request(
            method,
            self.base + path,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=60,
            **kwargs,
        )
        if answer.status_code == 401:  # the token expired during a long run
            self.token = self._token() or ""
            return self.api(method, path, **kwargs)
        if answer.status_code >= 300:
            raise RuntimeError(f"{method} {path}: {answer.status_code} {answer.text[:500]}")
        return answer.json()

    def set_variable(self, key: str, value: str) -> None:
        try:
            self.api("PATCH", f"/api/v2/variables/{key}", json={"key": key, "value": value})
        except RuntimeError:
            self.api("POST", "/api/v2/variables", json={"key": key, "value": value})

    def wait_parsed(self, dag_id: str) -> None:
        wait_for(f"{dag_id} to be parsed", lambda: self.api("GET", f"/api/v2/dags/{dag_id}"))

    # ---- stop -------------------------------------------------------------------------

    def stop_process(self, name: str, timeout: float = 60) -> resource.struct_rusage | None:
        """Stop one process this cluster started (its whole session: a worker's task
        processes stop with it); SIGKILL after `timeout` seconds. Returns its resource
        usage (with every process it waited for) when it was a child of this process."""
        pid = self.pids.pop(name, None)
        self.save()
        if pid is None or not _alive(pid):
            return _USAGE.pop(pid, None) if pid is not None else None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.5)
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.2)
        return _USAGE.pop(pid, None)

    def stop(self) -> None:
        """Every process this cluster started, workers first, PostgreSQL last."""
        for name in [n for n in self.pids if n.startswith("worker-")]:
            self.stop_process(name)
        for name in (*CONTROL_PLANE, "redis"):
            self.stop_process(name)
        if (self.pgdata / "postmaster.pid").exists():
            subprocess.run(
                _as_postgres(
                    [str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "stop"]
                ),
                check=False,
                capture_output=True,
            )


def _traversable(folder: Path) -> None:
    """Let other users pass through `folder` and its parents that this user owns (o+x:
    pass, not list), so the postgres user reaches a data folder under them."""
    for path in (folder, *folder.parents):
        info = path.stat()
        if info.st_uid == os.geteuid() and not info.st_mode & 0o001:
            path.chmod(info.st_mode | 0o001)


_USAGE: dict[int, resource.struct_rusage] = {}  # children reaped by _alive, by pid


def _alive(pid: int) -> bool:
    """True while `pid` runs (a child of ours that ended is reaped, its usage kept)."""
    try:
        finished, _, usage = os.wait4(pid, os.WNOHANG)
        if finished == pid:
            _USAGE[pid] = usage
            return False
    except ChildProcessError:
        pass  # not our child (another invocation started it)
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("--root", type=Path, required=True, help="a folder of its own")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    root = args.root.resolve()
    if args.action == "start":
        cluster = Cluster(root=root)
        try:
            cluster.start(args.workers)
        except BaseException:
            cluster.stop()
            raise
        print(
            f"Airflow UI {cluster.base} (user {ADMIN}, password in {cluster.home}/passwords.json)"
        )
    else:
        Cluster.load(root).stop()
        print("stopped")


if __name__ == "__main__":
    main()
