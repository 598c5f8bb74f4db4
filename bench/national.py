"""The national run: the national corpus ingested by a real Airflow 3 CeleryExecutor
deployment with 1, then 2, Celery workers, measured from the metadata database.

    python -m bench.scale --national --workers 1,2 --notices 200 --increment 20

For each worker count: a fresh warehouse (`notices_home`), N notices of the national
corpus (`bench.make_corpus --national`: real counties of the divisions seed, ten years
each), `notices_ingest` triggered through the REST API, then the `warehouse_transform`
run its Asset event starts (dbt: a full build on the fresh warehouse). Every time comes
from the task instances' start and end in PostgreSQL; CPU time and peak memory per task
from /proc, sampled every half second over each worker's process tree and matched to
the task instance by its `pid`. After the last worker count: M more notices (the dbt
build incremental by notice, through Airflow), the same build with --full-refresh, and a
dbt build on the raw layer replicated to a tenth of the nation. Then the projection to
10 and 50 workers and the whole nation (`project`).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from bench.celery_cluster import Cluster, wait_for
from bench.make_corpus import make_corpus, national_size

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KB = 1024
INGEST, TRANSFORM = "notices_ingest", "warehouse_transform"
WRITER_POOL = "duckdb_writer"
RUN_TIMEOUT_S = 4 * 3600.0


# ---- sampling /proc ---------------------------------------------------------------------


@dataclass
class ProcessRecord:
    """What the sampler saw of one process: its parent, its peak resident set (VmHWM,
    the kernel's high-water mark), its CPU (own, and of its reaped children) at the last
    sample, and when it was last seen."""

    pid: int
    ppid: int
    root: str
    hwm_kb: int = 0
    cpu_s: float = 0.0
    children_cpu_s: float = 0.0
    first_seen: float = 0.0
    last_seen: float = 0.0


def _stat(pid: str) -> tuple[int, float, float] | None:
    """(ppid, own CPU s, reaped children's CPU s) of a process, from /proc/<pid>/stat."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return int(fields[1]), (utime + stime) / CLOCK_TICKS, (cutime + cstime) / CLOCK_TICKS


def _hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Sampler(threading.Thread):
    """Every `interval` s: every process descended from the named roots (the Celery
    workers, the control plane), and the load average."""

    def __init__(self, roots: dict[str, int], interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.roots = dict(roots)
        self.interval = interval
        self.records: dict[int, ProcessRecord] = {}
        self.load: list[tuple[float, float]] = []
        self._stop_event = threading.Event()
        self._lock = threading.Lock()

    def set_roots(self, roots: dict[str, int]) -> None:
        with self._lock:
            self.roots = dict(roots)

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            self.sample()

    def stop(self) -> None:
        self._stop_event.set()
        self.join()

    def sample(self) -> None:
        now = time.time()
        self.load.append((now, os.getloadavg()[0]))
        stats = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit() and (found := _stat(entry)) is not None:
                stats[int(entry)] = found
        children: dict[int, list[int]] = {}
        for pid, (ppid, _, _) in stats.items():
            children.setdefault(ppid, []).append(pid)
        with self._lock:
            roots = dict(self.roots)
        for name, root in roots.items():
            stack = [root] if root in stats else []
            while stack:
                pid = stack.pop()
                stack.extend(children.get(pid, []))
                ppid, cpu, children_cpu = stats[pid]
                record = self.records.get(pid)
                if record is None or record.root != name:  # a pid reused: a new process
                    record = self.records[pid] = ProcessRecord(pid, ppid, name, first_seen=now)
                record.ppid, record.cpu_s, record.children_cpu_s = ppid, cpu, children_cpu
                record.hwm_kb = max(record.hwm_kb, _hwm_kb(pid))
                record.last_seen = now

    def tree(self, pid: int) -> list[ProcessRecord]:
        """The process `pid` and every descendant the sampler saw."""
        below: dict[int, list[ProcessRecord]] = {}
        for record in self.records.values():
            below.setdefault(record.ppid, []).append(record)
        found, stack = [], [pid]
        while stack:
            current = stack.pop()
            if current in self.records:
                found.append(self.records[current])
            stack.extend(r.pid for r in below.get(current, []))
        return found

    def root_cpu(self, name: str) -> float:
        """CPU seconds of every process under a root, counted once each (a reaped
        child's CPU is in its own record, not taken again from its parent's)."""
        return sum(r.cpu_s for r in self.records.values() if r.root == name)

    def load_between(self, start: float, end: float) -> dict[str, float]:
        values = [load for t, load in self.load if start <= t <= end]
        if not values:
            return {"mean": 0.0, "max": 0.0}
        return {"mean": round(statistics.fmean(values), 2), "max": round(max(values), 2)}


# ---- the metadata database ----------------------------------------------------------------


@dataclass(frozen=True)
class TaskRun:
    dag_id: str
    run_id: str
    task_id: str
    map_index: int
    state: str
    pool: str
    queued: datetime | None
    start: datetime
    end: datetime
    pid: int | None

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


def task_runs(cluster: Cluster, dag_id: str, run_id: str) -> list[TaskRun]:
    """The finished task instances of one run, from PostgreSQL (ran: with a start)."""
    import psycopg2

    with psycopg2.connect(cluster.database_url()) as con, con.cursor() as cursor:
        cursor.execute(
            "select dag_id, run_id, task_id, map_index, state, pool, queued_dttm, start_date,"
            " end_date, pid from task_instance where dag_id = %s and run_id = %s"
            " and start_date is not null and end_date is not null",
            (dag_id, run_id),
        )
        return [TaskRun(*row) for row in cursor.fetchall()]


def dag_run_times(cluster: Cluster, dag_id: str, run_id: str) -> tuple[datetime, datetime]:
    import psycopg2

    with psycopg2.connect(cluster.database_url()) as con, con.cursor() as cursor:
        cursor.execute(
            "select start_date, end_date from dag_run where dag_id = %s and run_id = %s",
            (dag_id, run_id),
        )
        start, end = cursor.fetchone()
        return start, end


# ---- one measured run ---------------------------------------------------------------------


@dataclass
class TaskFigures:
    """One task of a run (all its mapped instances): instances, wall time summed and
    from the first start to the last end, CPU summed, the peak RSS of its largest process."""

    instances: int = 0
    seconds: float = 0.0
    span_seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_rss_mb: float = 0.0
    writer: bool = False


def _task_cpu(sampler: Sampler, pid: int | None) -> tuple[float, float]:
    """(CPU s, peak RSS MB) of a task process and its children (dbt, a converter)."""
    if pid is None:
        return 0.0, 0.0
    tree = sampler.tree(pid)
    if not tree:
        return 0.0, 0.0
    top = tree[0]
    cpu = top.cpu_s + top.children_cpu_s
    # children alive at the task process's last sample are not in its reaped CPU yet
    cpu += sum(r.cpu_s for r in tree[1:] if r.last_seen >= top.last_seen)
    return cpu, max(r.hwm_kb for r in tree) / PAGE_KB


def task_figures(runs: Sequence[TaskRun], sampler: Sampler) -> dict[str, TaskFigures]:
    figures: dict[str, TaskFigures] = {}
    by_task: dict[str, list[TaskRun]] = {}
    for run in runs:
        by_task.setdefault(run.task_id, []).append(run)
    for task_id, instances in by_task.items():
        cpu_and_peak = [_task_cpu(sampler, r.pid) for r in instances]
        figures[task_id] = TaskFigures(
            instances=len(instances),
            seconds=round(sum(r.seconds for r in instances), 2),
            span_seconds=round(
                (max(r.end for r in instances) - min(r.start for r in instances)).total_seconds(),
                2,
            ),
            cpu_seconds=round(sum(c for c, _ in cpu_and_peak), 2),
            peak_rss_mb=round(max(p for _, p in cpu_and_peak), 1),
            writer=any(r.pool == WRITER_POOL for r in instances),
        )
    return figures


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def warehouse_figures(home: Path) -> dict[str, Any]:
    """Sizes on disk and what the warehouse and its snapshot hold."""
    figures: dict[str, Any] = {
        f"{name}_mb": round(_size(home / name) / 2**20, 2)
        for name in ("warehouse.duckdb", "reporting.duckdb", "landing", "extracted")
    }
    figures["fact_rows"] = _count(home / "reporting.duckdb", "marts.fct_disclosure_obligations")
    figures["notices_in_marts"] = _count(home / "reporting.duckdb", "marts.dim_notice")
    return figures


def _count(database: Path, table: str) -> int:
    con = duckdb.connect(str(database), read_only=True)
    try:
        found = con.execute(f"select count(*) from {table}").fetchone()
        return int(found[0]) if found else 0
    finally:
        con.close()


def _sources(home: Path, folders: Sequence[Path]) -> Path:
    path = home.parent / f"{home.name}-sources.yml"
    lines = ["sources:"]
    for index, folder in enumerate(folders):
        lines += [
            f"  - id: national-{index}",
            "    type: dir",
            f"    path: {folder.resolve()}",
            "    glob: '*.pdf'",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _finished(cluster: Cluster, dag_id: str, run_id: str) -> dict[str, Any] | None:
    found = cluster.api("GET", f"/api/v2/dags/{dag_id}/dagRuns/{run_id}")
    return found if found["state"] in ("success", "failed") else None


def trigger_and_wait(cluster: Cluster) -> tuple[str, str]:
    """Trigger an ingest through the REST API; wait for it and for the transform run its
    Asset event starts. Returns both run ids."""
    before = {
        r["dag_run_id"] for r in cluster.api("GET", f"/api/v2/dags/{TRANSFORM}/dagRuns")["dag_runs"]
    }
    run = cluster.api("POST", f"/api/v2/dags/{INGEST}/dagRuns", json={"logical_date": None})
    ingest_id = run["dag_run_id"]
    ingest = wait_for(
        f"{INGEST} to finish", lambda: _finished(cluster, INGEST, ingest_id), RUN_TIMEOUT_S
    )
    if ingest["state"] != "success":
        raise RuntimeError(f"{INGEST} run {ingest_id} ended {ingest['state']}")

    def transform_done() -> dict[str, Any] | None:
        runs = cluster.api("GET", f"/api/v2/dags/{TRANSFORM}/dagRuns")["dag_runs"]
        new = [r for r in runs if r["dag_run_id"] not in before]
        return next((r for r in new if r["state"] in ("success", "failed")), None)

    transform = wait_for(f"{TRANSFORM} after the ingest", transform_done, RUN_TIMEOUT_S)
    if transform["state"] != "success":
        raise RuntimeError(f"{TRANSFORM} run {transform['dag_run_id']} ended {transform['state']}")
    return ingest_id, transform["dag_run_id"]


CONTROL = ("api-server", "scheduler", "dag-processor", "triggerer", "redis", "postgres")


def measure_run(
    cluster: Cluster,
    sampler: Sampler,
    *,
    workers: int,
    notices: int,
    pages: int,
    rows_generated: int,
    home: Path,
) -> dict[str, Any]:
    """One ingest + transform, already pointed at `home`, measured."""
    control_before = {name: sampler.root_cpu(name) for name in CONTROL}
    ingest_id, transform_id = trigger_and_wait(cluster)
    time.sleep(2 * sampler.interval)  # the last samples of the last task's processes
    ingest_runs = task_runs(cluster, INGEST, ingest_id)
    transform_runs = task_runs(cluster, TRANSFORM, transform_id)
    ingest_start, ingest_end = dag_run_times(cluster, INGEST, ingest_id)
    transform_start, transform_end = dag_run_times(cluster, TRANSFORM, transform_id)
    ingest_tasks = task_figures(ingest_runs, sampler)
    transform_tasks = task_figures(transform_runs, sampler)
    wall = (transform_end - ingest_start).total_seconds()
    extract = ingest_tasks["extract_batch"]
    extract_runs = [r for r in ingest_runs if r.task_id == "extract_batch"]
    writer_seconds = sum(
        r.seconds for r in (*ingest_runs, *transform_runs) if r.pool == WRITER_POOL
    )
    all_tasks = [*ingest_tasks.values(), *transform_tasks.values()]
    writer_cpu = sum(t.cpu_seconds for t in all_tasks if t.writer)
    task_cpu = sum(t.cpu_seconds for t in all_tasks)
    # Airflow's own latency per task: queued (ready to run) until its process started
    latencies = [
        (r.start - r.queued).total_seconds() for r in (*ingest_runs, *transform_runs) if r.queued
    ]
    dbt_seconds = sum(t.seconds for t in transform_tasks.values())
    result: dict[str, Any] = {
        "workers": workers,
        "notices": notices,
        "pages": pages,
        "rows_generated": rows_generated,
        "ingest_seconds": round((ingest_end - ingest_start).total_seconds(), 1),
        "transform_seconds": round((transform_end - transform_start).total_seconds(), 1),
        "wall_seconds": round(wall, 1),
        "extract": {
            "batches": extract.instances,
            "span_seconds": extract.span_seconds,
            "task_seconds": extract.seconds,
            "cpu_seconds": extract.cpu_seconds,
            "pages_per_second": round(pages / extract.span_seconds, 2),
            "pages_per_second_per_worker": round(pages / extract.span_seconds / workers, 2),
            "pages_per_cpu_second": round(pages / extract.cpu_seconds, 2)
            if extract.cpu_seconds
            else None,
            "batch_seconds_median": round(statistics.median(r.seconds for r in extract_runs), 2),
        },
        "writer": {
            "seconds": round(writer_seconds, 1),
            "share_of_wall": round(writer_seconds / wall, 3),
            "cpu_seconds": round(writer_cpu, 1),
            "share_of_task_cpu": round(writer_cpu / task_cpu, 3) if task_cpu else None,
        },
        "dbt": {
            "seconds": round(dbt_seconds, 1),
            "cpu_seconds": round(sum(t.cpu_seconds for t in transform_tasks.values()), 1),
            "peak_rss_mb": max(t.peak_rss_mb for t in transform_tasks.values()),
        },
        "task_latency_seconds_median": round(statistics.median(latencies), 2)
        if latencies
        else None,
        "control_plane_cpu_seconds": {
            name: round(sampler.root_cpu(name) - control_before[name], 1) for name in CONTROL
        },
        "load_average": sampler.load_between(ingest_start.timestamp(), transform_end.timestamp()),
        "tasks": {
            **{f"{INGEST}.{k}": asdict(v) for k, v in ingest_tasks.items()},
            **{f"{TRANSFORM}.{k}": asdict(v) for k, v in transform_tasks.items()},
        },
        "runs": {"ingest": ingest_id, "transform": transform_id},
    }
    if workers == 1:
        result["task_gap_seconds"] = task_gap_seconds([*ingest_runs, *transform_runs])
    result.update(warehouse_figures(home))
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    result["documents_by_status"] = dict(
        con.execute("select status, count(*) from raw.documents group by 1").fetchall()
    )
    con.close()
    result["rows_loaded"] = _count(home / "warehouse.duckdb", "raw.task_rows")
    return result


# ---- the whole national bench -----------------------------------------------------------


@dataclass
class Corpus:
    folder: Path
    notices: int
    pages: int
    rows: int


def national_corpus(out: Path, notices: int, skip: int = 0) -> Corpus:
    folder = out / f"national-{skip}-{skip + notices}"
    manifest_path = folder / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    else:
        shutil.rmtree(folder, ignore_errors=True)
        manifest = make_corpus(notices, folder, national=True, skip=skip)
    return Corpus(
        folder,
        len(manifest),
        sum(m["pages"] for m in manifest),
        sum(m["rows"] for m in manifest),
    )


@dataclass
class WorkerSet:
    """The Celery workers running now, started and stopped by this bench."""

    cluster: Cluster
    sampler: Sampler
    running: list[int] = field(default_factory=list)

    def roots(self) -> dict[str, int]:
        roots = {
            name: pid
            for name, pid in self.cluster.pids.items()
            if name in CONTROL or name.startswith("worker-")
        }
        postmaster = self.cluster.pgdata / "postmaster.pid"
        if postmaster.exists():
            roots["postgres"] = int(postmaster.read_text().split()[0])
        return roots

    def scale_to(self, count: int) -> dict[str, float]:
        """`count` fresh workers (the ones running are stopped first). Returns the CPU
        seconds the stopped workers used in all (wait4: every process they waited for)."""
        used = {}
        for index in self.running:
            usage = self.cluster.stop_process(f"worker-{index}")
            if usage is not None:
                used[f"worker-{index}"] = round(usage.ru_utime + usage.ru_stime, 1)
        self.running = []
        for index in range(1, count + 1):
            self.cluster.start_worker(index)
            self.running.append(index)
        self.sampler.set_roots(self.roots())
        if count:
            self.cluster.wait_for_workers(count)
        return used


def point_at(cluster: Cluster, home: Path, folders: Sequence[Path]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    cluster.set_variable("notices_home", str(home))
    cluster.set_variable("notices_sources_config", str(_sources(home, folders)))


def run_stage_process(stage: str, home: Path) -> dict[str, Any]:
    """A CLI stage (bench.scale_stage) in its own process: its time and peak RSS."""
    from bench.scale import run_stage

    result = run_stage(stage, home)
    return {"seconds": round(result["seconds"], 1), "peak_rss_mb": round(result["peak_rss_mb"])}


def national_bench(
    out: Path,
    worker_counts: Sequence[int],
    notices: int,
    increment: int,
    replicate_to: int,
    batch_size: int,
) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    corpus = national_corpus(out, notices)
    root = out / "cluster"
    shutil.rmtree(root, ignore_errors=True)
    cluster = Cluster(root=root, extra_env={"NOTICES_BATCH_SIZE": str(batch_size)})
    report: dict[str, Any] = {
        "national_notices": national_size(),
        "corpus": {"notices": corpus.notices, "pages": corpus.pages, "rows": corpus.rows},
        "batch_size": batch_size,
        "cores": os.cpu_count(),
        "runs": [],
    }
    sampler = Sampler({})
    workers = WorkerSet(cluster, sampler)
    try:
        started = time.monotonic()
        cluster.start(workers=0)
        report["deployment_start_seconds"] = round(time.monotonic() - started, 1)
        sampler.set_roots(workers.roots())
        sampler.start()
        for dag_id in (INGEST, TRANSFORM):
            cluster.wait_parsed(dag_id)
        for dag_id in (TRANSFORM, INGEST):  # the ingest is triggered-only (schedule none)
            cluster.api("PATCH", f"/api/v2/dags/{dag_id}", json={"is_paused": False})
        home = out / "home"
        for count in worker_counts:
            home = out / f"home-{count}-workers"
            shutil.rmtree(home, ignore_errors=True)
            workers.scale_to(count)
            point_at(cluster, home, [corpus.folder])
            figures = measure_run(
                cluster,
                sampler,
                workers=count,
                notices=corpus.notices,
                pages=corpus.pages,
                rows_generated=corpus.rows,
                home=home,
            )
            report["runs"].append(figures)
            _save(out, report)
            print(_line(figures), flush=True)
        if increment:
            more = national_corpus(out, increment, skip=notices)
            point_at(cluster, home, [corpus.folder, more.folder])
            added = measure_run(
                cluster,
                sampler,
                workers=worker_counts[-1],
                notices=more.notices,
                pages=more.pages,
                rows_generated=more.rows,
                home=home,
            )
            report["increment"] = added
            _save(out, report)
            print("increment: " + _line(added), flush=True)
        report["worker_cpu_seconds"] = workers.scale_to(0)
    finally:
        sampler.stop() if sampler.is_alive() else None
        cluster.stop()
    if increment:  # the same warehouse, rebuilt with --full-refresh by the CLI, to compare
        report["dbt_full_refresh_cli"] = run_stage_process("transform_full", home)
        _save(out, report)
    if replicate_to:
        from bench.scale import million_rows

        facts_per_notice = report["runs"][-1]["fact_rows"] / notices
        report["dbt_replicated"] = {
            "notices_equivalent": replicate_to,
            **million_rows(home, round(facts_per_notice * replicate_to), out),
        }
        _save(out, report)
    gaps = [r["task_gap_seconds"] for r in report["runs"] if "task_gap_seconds" in r]
    if gaps:
        report["task_gap_seconds"] = min(gaps)
    report["projection"] = project(report)
    _save(out, report)
    chart(report, out / "national.png")
    return report


def _save(out: Path, report: dict[str, Any]) -> None:
    (out / "national.json").write_text(json.dumps(report, indent=1, default=str), "utf-8")


def _line(figures: dict[str, Any]) -> str:
    extract, writer = figures["extract"], figures["writer"]
    return (
        f"{figures['workers']} worker(s), {figures['notices']} notices, {figures['pages']} pages:"
        f" wall {figures['wall_seconds']} s (ingest {figures['ingest_seconds']}, transform"
        f" {figures['transform_seconds']}); extract {extract['pages_per_second']} pages/s"
        f" ({extract['pages_per_second_per_worker']}/worker, {extract['pages_per_cpu_second']}"
        f" per CPU s); writer {writer['share_of_wall']:.0%} of wall; load avg"
        f" {figures['load_average']['mean']}"
    )


# ---- projection -------------------------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    workers: int
    notices: int
    extract_hours: float
    serial_hours: float
    total_hours: float
    writer_share: float
    limit: str


def project(
    report: dict[str, Any], worker_counts: Sequence[int] = (1, 2, 10, 50)
) -> dict[str, Any]:
    """The whole nation in one backfill, on `worker_counts` workers, from per-unit costs
    measured in CPU seconds (each worker assumed to have a core of its own, which this
    shared machine could not give: see the load averages), plus Airflow's measured
    latency per mapped task. The serial part (discover, register, load: the single
    writer; then dbt) does not shrink with workers."""
    runs = report["runs"]
    notices_total = report["national_notices"]
    measured = runs[-1]
    corpus = report["corpus"]
    pages_per_notice = corpus["pages"] / corpus["notices"]
    pages_total = pages_per_notice * notices_total
    # CPU per page of extraction (task start-up included): the least disturbed run
    cpu_per_page = min(r["extract"]["cpu_seconds"] / r["pages"] for r in runs)
    # Airflow's own cost between two tasks on one worker (scheduler loop, Celery pickup):
    # measured on the one-worker run, else the queued-to-started latency (an overstatement:
    # it includes waiting for a free worker)
    latency = report.get("task_gap_seconds") or statistics.median(
        r["task_latency_seconds_median"] for r in runs
    )
    batch = max(report["batch_size"], -(-notices_total // 1024))  # max_map_length batches
    batches = -(-notices_total // batch)
    fetch = measured["tasks"].get(f"{INGEST}.fetch_batch", {"cpu_seconds": 0.0})
    fetch_cpu_per_notice = fetch["cpu_seconds"] / measured["notices"]
    writer_fixed, writer_per_notice = _writer_cost(report)
    dbt_full_s, dbt_slope = _dbt_full_cpu(report, notices_total)
    assumptions = {
        "notices": notices_total,
        "pages_per_notice": round(pages_per_notice, 1),
        "pages": round(pages_total),
        "extract_cpu_seconds_per_page": round(cpu_per_page, 4),
        "airflow_latency_per_task_s": latency,
        "batch_size": batch,
        "batches": batches,
        "fetch_cpu_seconds_per_notice": round(fetch_cpu_per_notice, 4),
        "writer_cpu_seconds_fixed": round(writer_fixed, 2),
        "writer_cpu_seconds_per_notice": round(writer_per_notice, 4),
        "dbt_full_cpu_seconds": round(dbt_full_s, 1),
        "dbt_cpu_seconds_per_notice": round(dbt_slope, 4),
    }
    parallel_work = pages_total * cpu_per_page + notices_total * fetch_cpu_per_notice
    serial = writer_fixed + notices_total * writer_per_notice + dbt_full_s
    projections = []
    for count in worker_counts:
        parallel = parallel_work / count + 2 * -(-batches // count) * latency  # two waves
        total = parallel + serial
        projections.append(
            Projection(
                workers=count,
                notices=notices_total,
                extract_hours=round(parallel / 3600, 2),
                serial_hours=round(serial / 3600, 2),
                total_hours=round(total / 3600, 2),
                writer_share=round(serial / total, 3),
                limit="single writer + dbt" if serial > parallel else "extraction",
            )
        )
    return {
        "assumptions": assumptions,
        "by_workers": [asdict(p) for p in projections],
        "writer_limits_from_workers": round(parallel_work / serial, 1),
    }


def _writer_cpu(run: dict[str, Any]) -> float:
    """CPU s of an ingest run's writer tasks (discover, publications, register, load)."""
    return sum(
        float(t["cpu_seconds"])
        for k, t in run["tasks"].items()
        if t["writer"] and k.startswith(INGEST)
    )


def _writer_cost(report: dict[str, Any]) -> tuple[float, float]:
    """(fixed CPU s per run, CPU s per notice) of the single writer's ingest tasks: a line
    through the last worker count's run and the increment when both were measured, else
    everything per notice (which overstates it)."""
    last, added = report["runs"][-1], report.get("increment")
    if added and added["notices"] != last["notices"]:
        per_notice = (_writer_cpu(last) - _writer_cpu(added)) / (last["notices"] - added["notices"])
        if per_notice > 0:
            return max(0.0, _writer_cpu(added) - per_notice * added["notices"]), per_notice
    return 0.0, _writer_cpu(last) / last["notices"]


def _dbt_full_cpu(report: dict[str, Any], notices: int) -> tuple[float, float]:
    """(CPU s of a full dbt build of `notices`, CPU s per notice): the Airflow transform's
    measured CPU on the fresh warehouse, plus a slope per notice from the two CLI builds
    (--full-refresh on the measured warehouse, and the raw layer replicated to a tenth of
    the nation); without them, the measured build alone (no growth: understated)."""
    runs = report["runs"]
    base_n = runs[0]["notices"]
    base = min(r["dbt"]["cpu_seconds"] for r in runs)
    small, large = report.get("dbt_full_refresh_cli"), report.get("dbt_replicated")
    if not (small and large):
        return base, 0.0
    small_n = runs[-1]["notices"] + (report.get("increment") or {}).get("notices", 0)
    key = "cpu_seconds" if "cpu_seconds" in small and "cpu_seconds" in large else "seconds"
    slope = max(0.0, (large[key] - small[key]) / (large["notices_equivalent"] - small_n))
    return base + slope * (notices - base_n), slope


def iter_projection_lines(projection: dict[str, Any]) -> Iterator[str]:
    for p in projection["by_workers"]:
        yield (
            f"{p['workers']:>3} workers: {p['total_hours']:.2f} h ({p['extract_hours']:.2f} h"
            f" parallel, {p['serial_hours']:.2f} h serial; writer+dbt {p['writer_share']:.0%});"
            f" limit: {p['limit']}"
        )


def main(args: Any) -> None:
    worker_counts = [int(w) for w in str(args.workers).split(",")]
    report = national_bench(
        args.out,
        worker_counts,
        args.notices,
        args.increment,
        args.replicate_to,
        args.batch_size,
    )
    for line in iter_projection_lines(report["projection"]):
        print(line)
    print(f"figures → {args.out / 'national.json'}, chart → {args.out / 'national.png'}")


def chart(report: dict[str, Any], path: Path) -> None:
    """Left: where each measured run's wall time went (extraction, the writer's tasks,
    the rest: Airflow's scheduling and the parallel tasks outside extraction). Right: the
    projected national backfill against workers, parallel and serial parts."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = list(report["runs"])
    labels = [f"{r['workers']} worker{'s' if r['workers'] > 1 else ''}" for r in runs]
    if report.get("increment"):
        runs.append(report["increment"])
        labels.append(f"+{report['increment']['notices']} notices")
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 5))
    extract = [r["extract"]["span_seconds"] for r in runs]
    writer = [r["writer"]["seconds"] for r in runs]
    rest = [
        max(0.0, r["wall_seconds"] - e - w) for r, e, w in zip(runs, extract, writer, strict=True)
    ]
    left.bar(labels, extract, label="extraction (mapped, parallel)")
    left.bar(labels, writer, bottom=extract, label="single writer (load + dbt)")
    left.bar(
        labels,
        rest,
        bottom=[e + w for e, w in zip(extract, writer, strict=True)],
        label="rest (scheduling, fetch, small tasks)",
    )
    left.set_ylabel("wall time (s), shared 2-core machine")
    left.set_title(f"Measured: {report['corpus']['notices']} national notices on Celery")
    left.legend(fontsize=8)
    projected = report["projection"]["by_workers"]
    counts = [p["workers"] for p in projected]
    right.plot(counts, [p["total_hours"] for p in projected], marker="o", label="total")
    right.plot(counts, [p["extract_hours"] for p in projected], marker=".", label="parallel part")
    right.plot(
        counts, [p["serial_hours"] for p in projected], ls="--", label="writer + dbt (serial)"
    )
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_xticks(counts, [str(c) for c in counts])
    right.set_xlabel("Celery workers (one core each)")
    right.set_ylabel("hours")
    right.set_title(f"Projected: all {report['national_notices']:,} notices in one backfill")
    right.grid(True, which="both", alpha=0.3)
    right.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def task_gap_seconds(runs: Sequence[TaskRun]) -> float:
    """Median idle time of a single worker between one task's end and the next one's
    start (the runs of a one-worker deployment): what Airflow costs per task."""
    ordered = sorted((r for r in runs if r.seconds > 0), key=lambda r: r.start)
    gaps = [(b.start - a.end).total_seconds() for a, b in zip(ordered, ordered[1:], strict=False)]
    return round(statistics.median(g for g in gaps if g >= 0), 2)


def recompute(
    report_path: Path, dbt_home: Path | None = None, task_gap: float | None = None
) -> dict[str, Any]:
    """Projection and chart again from a saved national.json; with `dbt_home`, first a
    --full-refresh dbt build of that warehouse by the CLI with its CPU time (the slope of
    dbt's cost per notice needs CPU at both ends on a shared machine)."""
    report: dict[str, Any] = json.loads(report_path.read_text(encoding="utf-8"))
    if dbt_home is not None:
        from bench.scale import run_stage

        result = run_stage("transform_full", dbt_home)
        report["dbt_full_refresh_cli"] = {
            "seconds": round(result["seconds"], 1),
            "cpu_seconds": round(result["cpu_seconds"], 1),
            "peak_rss_mb": round(result["peak_rss_mb"]),
        }
    if task_gap is not None:
        report["task_gap_seconds"] = task_gap
    report["projection"] = project(report)
    _save(report_path.parent, report)
    chart(report, report_path.with_suffix(".png"))
    return report


def markdown(report: dict[str, Any]) -> str:
    """The measured runs and the projection as docs/scaling.md's tables."""
    runs = list(report["runs"])
    names = [f"{r['workers']} worker{'s' if r['workers'] > 1 else ''}" for r in runs]
    if report.get("increment"):
        runs.append(report["increment"])
        names.append(f"+{report['increment']['notices']} notices (2 workers, dbt incremental)")
    lines = [
        "| | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(runs),
    ]

    def row(label: str, values: list[Any]) -> None:
        lines.append(f"| {label} | " + " | ".join(str(v) for v in values) + " |")

    row("notices / pages", [f"{r['notices']} / {r['pages']:,}" for r in runs])
    row(
        "load average (mean, max)",
        [f"{r['load_average']['mean']}, {r['load_average']['max']}" for r in runs],
    )
    row("wall: ingest + transform", [f"{r['wall_seconds']:.0f} s" for r in runs])
    row(
        "ingest run / transform run",
        [f"{r['ingest_seconds']:.0f} s / {r['transform_seconds']:.0f} s" for r in runs],
    )
    row(
        "extraction: first start to last end",
        [f"{r['extract']['span_seconds']:.0f} s ({r['extract']['batches']} tasks)" for r in runs],
    )
    row("pages/s (wall)", [r["extract"]["pages_per_second"] for r in runs])
    row("pages/s per worker (wall)", [r["extract"]["pages_per_second_per_worker"] for r in runs])
    row(
        "pages per CPU second of extract tasks",
        [r["extract"]["pages_per_cpu_second"] for r in runs],
    )
    row(
        "single writer: task time, share of wall",
        [f"{r['writer']['seconds']:.0f} s, {r['writer']['share_of_wall']:.0%}" for r in runs],
    )
    row(
        "single writer: CPU, share of task CPU",
        [
            f"{r['writer']['cpu_seconds']:.0f} s, {r['writer']['share_of_task_cpu']:.0%}"
            for r in runs
        ],
    )
    row(
        "dbt (4 layers + docs + publish): wall / CPU",
        [f"{r['dbt']['seconds']:.0f} s / {r['dbt']['cpu_seconds']:.0f} s" for r in runs],
    )
    row(
        "Airflow latency per task (queued → started, median)",
        [f"{r['task_latency_seconds_median']} s" for r in runs],
    )
    control = [sum(r["control_plane_cpu_seconds"].values()) for r in runs]
    row(
        "control plane CPU (scheduler, api-server, …, PostgreSQL, Redis)",
        [f"{c:.0f} s" for c in control],
    )
    for task in ("fetch_batch", "extract_batch", "load", "register", "discover"):
        key = f"{INGEST}.{task}"
        row(
            f"peak RSS: {task}",
            [f"{r['tasks'][key]['peak_rss_mb']:.0f} MB" if key in r["tasks"] else "" for r in runs],
        )
    row(
        "peak RSS: dbt layers (largest process)",
        [f"{r['dbt']['peak_rss_mb']:.0f} MB" for r in runs],
    )
    row(
        "warehouse.duckdb / reporting.duckdb",
        [f"{r['warehouse.duckdb_mb']:.1f} / {r['reporting.duckdb_mb']:.1f} MB" for r in runs],
    )
    row(
        "landing / extracted", [f"{r['landing_mb']:.0f} / {r['extracted_mb']:.0f} MB" for r in runs]
    )
    row(
        "rows generated → loaded; fact rows",
        [f"{r['rows_generated']:,} → {r['rows_loaded']:,}; {r['fact_rows']:,}" for r in runs],
    )
    lines.append("")
    lines.append(
        "| workers | parallel part | serial part (writer + dbt) | total | serial share | limit |"
    )
    lines.append("|---:|---:|---:|---:|---:|---|")
    for p in report["projection"]["by_workers"]:
        lines.append(
            f"| {p['workers']} | {p['extract_hours']:.2f} h | {p['serial_hours']:.2f} h |"
            f" {p['total_hours']:.2f} h | {p['writer_share']:.0%} | {p['limit']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="national.json: projection and chart again")
    parser.add_argument("report", type=Path)
    parser.add_argument("--dbt-home", type=Path, help="first time a CLI --full-refresh there")
    parser.add_argument("--markdown", action="store_true", help="print the tables only")
    parser.add_argument(
        "--task-gap", type=float, help="seconds between tasks on one worker, measured apart"
    )
    options = parser.parse_args()
    if options.markdown:
        print(markdown(json.loads(options.report.read_text(encoding="utf-8"))))
        raise SystemExit(0)
    for line in iter_projection_lines(
        recompute(options.report, options.dbt_home, options.task_gap)["projection"]
    ):
        print(line)
