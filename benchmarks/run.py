"""Benchmark the public site: generated data, gunicorn on 127.0.0.1, wrk for load, in-process query counts.

    .venv/bin/python benchmarks/run.py [--duration 10] [--rebuild] [--scenario pages]

See benchmarks/README.md. Everything generated lives in benchmarks/.work/ (gitignored); the table is also
written to benchmarks/RESULTS.md.
"""

import argparse
import datetime
import hashlib
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import scenarios as scenario_module  # noqa: E402
from benchmarks.results import kept_sections  # noqa: E402
from benchmarks.scenarios import BARE_PATH, Target  # noqa: E402

BENCH_DIR = ROOT / "benchmarks"
WORK = BENCH_DIR / ".work"
DB_PATH = WORK / "bench.sqlite3"
MARKER_PATH = WORK / "bench.json"
MEDIA_ROOT = WORK / "media"
STATIC_ROOT = WORK / "static"
GUNICORN_LOG = WORK / "gunicorn.log"
PAGE_CACHE_DIR = WORK / "page-cache"
CACHED_SUFFIX = " cached"
REDIS_SUFFIX = " cached redis"
# The Redis the cached pages are read from in the second cached run: its own key prefix, emptied afterwards.
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
LUA_SCRIPT = BENCH_DIR / "latency.lua"
RESULTS_PATH = BENCH_DIR / "RESULTS.md"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"  # the only address this script ever talks to
BUSY = 0.15  # share of CPU used by others above which the results get a warning

DATASET_FORMAT = 1  # bump to invalidate every generated database
# The demo (each app's demo.py, its content and the factories it builds with) and the scenario builders.
FINGERPRINT_FILES = ["home/management/commands/load_demo_data.py", "home/extensions.py", "benchmarks/datasets.py"]
FINGERPRINT_FILES += [
    f"{app}/{module}.py" for app in ("home", "alumni", "events") for module in ("demo", "demo_content", "factories")
]
PROJECT_APPS = ["home", "alumni", "events", "search"]
FINGERPRINT_PACKAGES = ["Django", "wagtail", "wagtail-localize", "django-tasks-db"]


STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def load_average() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def cpu_busy(seconds: float = 2) -> float:
    """Share of all CPUs busy over a short sample (/proc/stat), before the benchmark starts anything."""

    def sample():
        fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return sum(fields), idle

    total_before, idle_before = sample()
    time.sleep(seconds)
    total_after, idle_after = sample()
    total = total_after - total_before
    return 1 - (idle_after - idle_before) / total if total else 0.0


def database_url(path: Path) -> str:
    return f"sqlite:///{path}"  # an absolute path gives the four slashes: sqlite:////abs/path


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for every child: the benchmark database only, no Redis or Elasticsearch from the shell."""
    env = dict(os.environ)
    for name in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "TASKS_BACKEND", "DEBUG", "ALLOWED_HOSTS"):
        env.pop(name, None)
    env.update(MEDIA_ROOT=str(MEDIA_ROOT), PYTHONUNBUFFERED="1", **extra)
    return env


# Data set ------------------------------------------------------------------------------------------------


def fingerprint(selected) -> str:
    """Whatever decides the generated content: builders, demo content, migrations, package versions."""
    digest = hashlib.sha256(f"format {DATASET_FORMAT}\n".encode())
    for name in FINGERPRINT_FILES:
        digest.update(name.encode() + b"\n" + (ROOT / name).read_bytes())
    for app in PROJECT_APPS:
        for migration in sorted((ROOT / app / "migrations").glob("*.py")):
            digest.update(str(migration.relative_to(ROOT)).encode() + b"\n" + migration.read_bytes())
    for package in FINGERPRINT_PACKAGES:
        digest.update(f"{package}=={metadata.version(package)}\n".encode())
    for scenario in selected:
        digest.update(f"scenario {scenario.name} {scenario.dataset} {scenario.data_version}\n".encode())
    return digest.hexdigest()[:16]


def run_step(args: list[str], env: dict[str, str], timeout: float) -> None:
    log("$ " + " ".join(str(a) for a in args))
    subprocess.run(args, cwd=ROOT, env=env, check=True, timeout=timeout)


def build_database(selected, version: str) -> None:
    """Generate the data set into a temporary file and move it into place only once it is complete."""
    building = WORK / "bench.building.sqlite3"
    for path in (building, DB_PATH, MARKER_PATH):
        path.unlink(missing_ok=True)
    shutil.rmtree(MEDIA_ROOT, ignore_errors=True)
    MEDIA_ROOT.mkdir(parents=True)
    env = clean_env(DATABASE_URL=database_url(building), DJANGO_SETTINGS_MODULE="config.settings.dev")
    started = time.monotonic()
    run_step([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], env, timeout=600)
    run_step([PYTHON, "manage.py", "load_demo_data", "--no-index", "--admin-password", "x"], env, timeout=1200)
    builders = [s.dataset for s in selected if s.dataset]
    if builders:
        run_step([PYTHON, "-m", "benchmarks.datasets", *builders], env, timeout=1200)
    building.rename(DB_PATH)
    MARKER_PATH.write_text(json.dumps({"version": version, "built": datetime.datetime.now().isoformat()}))
    log(f"Data set {version} built in {time.monotonic() - started:.0f} s")


def ensure_database(selected, rebuild: bool) -> str:
    WORK.mkdir(exist_ok=True)
    version = fingerprint(selected)
    current = json.loads(MARKER_PATH.read_text()).get("version") if MARKER_PATH.exists() else None
    if rebuild or current != version or not DB_PATH.exists():
        reason = "--rebuild" if rebuild else ("no database yet" if current is None else f"version {current} is stale")
        log(f"Building data set {version} ({reason}); this takes a minute or two")
        build_database(selected, version)
    else:
        log(f"Reusing data set {version} in {DB_PATH.relative_to(ROOT)} (--rebuild to regenerate)")
    return version


# Serving -------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def http_get(port: int, path: str, timeout: float = 60) -> tuple[int, int, float]:
    """GET http://127.0.0.1:port/path: status, body size, seconds."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        started = time.monotonic()
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body), time.monotonic() - started
    finally:
        connection.close()


def http_header(port: int, path: str, name: str, timeout: float = 60) -> str | None:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.getheader(name)
    finally:
        connection.close()


def start_gunicorn(port: int, workers: int, env: dict[str, str]) -> subprocess.Popen:
    args = [
        GUNICORN,
        "benchmarks.wsgi:application",  # the site, and the baseline with no middleware
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
        "--error-logfile",
        str(GUNICORN_LOG),
        "--capture-output",  # the workers' stderr too: Django logs a request's traceback there
    ]
    log(f"Starting gunicorn on http://{HOST}:{port}/ ({workers} sync workers, log: {GUNICORN_LOG.relative_to(ROOT)})")
    GUNICORN_LOG.unlink(missing_ok=True)
    # Its own session: a Ctrl-C reaches this script only, and the finally block stops the whole group.
    return subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL)


def wait_until_ready(server: subprocess.Popen, port: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}; see {GUNICORN_LOG}")
        try:
            if http_get(port, BARE_PATH, timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s; see {GUNICORN_LOG}")


def stop_gunicorn(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=5)
    log("gunicorn stopped")


# Measuring -----------------------------------------------------------------------------------------------


def group_processes(pgid: int):
    """(the /proc folder, the fields of its stat after the name) of each process in a group: gunicorn's master and
    workers."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[2]) == pgid:
            yield entry, fields


def group_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) used so far by the processes of a group."""
    ticks = sum(int(fields[11]) + int(fields[12]) for _entry, fields in group_processes(pgid))
    return ticks / os.sysconf("SC_CLK_TCK")


def run_wrk(port: int, path: str, seconds: float, threads: int, connections: int) -> dict[str, float]:
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s", "-s", str(LUA_SCRIPT)]
    result = subprocess.run(
        [*args, f"http://{HOST}:{port}{path}"], capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    for line in result.stdout.splitlines():
        if line.startswith("BENCH_RESULT "):
            return {key: float(value) for key, value in (item.split("=") for item in line.split()[1:])}
    raise RuntimeError(f"wrk gave no result for {path} (exit {result.returncode}): {result.stderr or result.stdout}")


def setup_django_in_process() -> None:
    os.environ.update(
        MEDIA_ROOT=str(MEDIA_ROOT),
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        BENCH_DATABASE_URL=database_url(DB_PATH),
        BENCH_STATIC_ROOT=str(STATIC_ROOT),
    )
    for name in ("REDIS_URL", "ELASTICSEARCH_URL", "TASKS_BACKEND"):
        os.environ.pop(name, None)
    os.environ["PAGE_CACHE_ENABLED"] = "0"  # queries are counted for rendering the page
    import django

    django.setup()


def count_queries(path: str) -> int:
    """SQL queries one request costs, in-process against the same database (a first request warms caches)."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    client.get(path)
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"in-process GET {path} answered {response.status_code}")
    return len(captured.captured_queries)


# Reporting -----------------------------------------------------------------------------------------------


def machine_description(args, version: str, busy_before: float) -> list[tuple[str, str]]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = "unknown"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=False, timeout=10).stdout.strip()
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False, timeout=10)
    wrk_version = (wrk_version.stdout or wrk_version.stderr).split("Copyright")[0].strip()
    db_size = DB_PATH.stat().st_size / 1024 / 1024
    return [
        ("Date", datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("CPU", f"{cpu}, {nproc} CPUs available (nproc)"),
        ("Memory", memory),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("Django / Wagtail", f"{metadata.version('Django')} / {metadata.version('wagtail')}"),
        ("Database", f"SQLite {sqlite3.sqlite_version}, {db_size:.1f} MB file, data set {version}"),
        (
            "Server",
            f"gunicorn {metadata.version('gunicorn')}, {args.workers} sync workers, settings benchmarks.settings",
        ),
        (
            "Load",
            f"{wrk_version}: {args.threads} threads, {args.connections} connections, {args.duration:g} s per target "
            f"after {args.warmup:g} s of unrecorded warm-up; load generator on the same machine",
        ),
        ("Other load", f"CPUs {busy_before:.0%} busy just before the run; load average {load_average()} after it"),
    ]


COLUMNS = ["target", "path", "rps", "p50 ms", "p95 ms", "p99 ms", "CPU ms/req", "queries", "ratio"]


def table_rows(results: list[dict]) -> list[list[str]]:
    baseline = next((r["rps"] for r in results if r["name"] == scenario_module.BASELINE and r.get("rps")), None)
    rows = []
    for r in results:
        if r.get("error"):
            rows.append([r["name"], r["path"], "error", "", "", "", "", "", r["error"]])
            continue
        # Rows measured in pairs compare with the bare view loaded just before them on the same server.
        denominator = r.get("pair_rps") or baseline
        ratio = f"{r['rps'] / denominator:.3f}" if denominator else "n/a"
        rows.append(
            [
                r["name"],
                r["path"],
                f"{r['rps']:.1f}",
                f"{r['p50_ms']:.1f}",
                f"{r['p95_ms']:.1f}",
                f"{r['p99_ms']:.1f}",
                f"{r['cpu_ms']:.1f}",
                str(r["queries"]),
                ratio,
            ]
        )
    return rows


def format_table(rows: list[list[str]], markdown: bool) -> str:
    widths = [max(len(c), *(len(row[i]) for row in rows)) for i, c in enumerate(COLUMNS)]
    numeric = set(range(2, len(COLUMNS)))

    def line(cells):
        padded = [
            c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |" if markdown else "  ".join(padded)

    rule = ["-" * w for w in widths]
    if markdown:
        rule = [("-" * (w - 1) + ":") if i in numeric else "-" * w for i, w in enumerate(widths)]
        return "\n".join([line(COLUMNS), line(rule), *(line(row) for row in rows)])
    return "\n".join([line(COLUMNS), line(rule), *(line(row) for row in rows)])


def write_results(machine, rows, notes: list[str]) -> None:
    text = [
        "# Benchmark results",
        "",
        "Generated by `.venv/bin/python benchmarks/run.py`; see `benchmarks/README.md`. "
        "rps = requests per second; CPU ms/req = gunicorn's CPU time (all workers) per request, which other "
        "work on the machine affects far less than rps and latency; queries = SQL queries for one request "
        "(measured in-process, caches warm); ratio = rps / the bare Django view's rps (a view with no middleware at "
        "all); each cached row is loaded right after its own run of the bare view on the same server and its ratio "
        "is to that run.",
        "",
        *(f"- **{key}:** {value}" for key, value in machine),
        "",
        format_table(rows, markdown=True),
        "",
    ]
    if notes:
        text += ["## Notes", "", *(f"- {note}" for note in notes), ""]
    # Keep the sections the other benchmarks write (alumni.py, sign_in.py), each between its markers.
    previous = RESULTS_PATH.read_text() if RESULTS_PATH.exists() else ""
    for kept in kept_sections(previous):
        text += ["", kept, ""]
    RESULTS_PATH.write_text("\n".join(text))
    log(f"Wrote {RESULTS_PATH.relative_to(ROOT)}")


# Main ----------------------------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds of load per target (default 10)")
    parser.add_argument("--warmup", type=float, default=2, help="unrecorded seconds of load first (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (default 3)")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the data set even if it is current")
    names = [s.name for s in scenario_module.SCENARIOS]
    parser.add_argument(
        "--scenario", action="append", choices=names, help="measure only these (repeatable; the baseline always runs)"
    )
    parser.add_argument("--no-write", action="store_true", help=f"do not overwrite {RESULTS_PATH.relative_to(ROOT)}")
    args = parser.parse_args()
    if args.duration <= 0 or args.duration > 600 or args.warmup < 0 or args.warmup > 60:
        parser.error("--duration must be in (0, 600] and --warmup in [0, 60]")
    return args


def interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def measure_server(
    targets, env: dict[str, str], suffix: str, args, results: list[dict], notes: list[str], paired: bool = False
) -> None:
    """Load each target on a fresh gunicorn started with `env`; rows are named target + suffix. With the page
    cache on (`suffix`), a target counts only if its second answer came from the cache. `paired`: each target's
    load follows a load of the bare view (no middleware) on the same server, and its ratio is to that one, so
    that what else the machine was doing weighs on both alike."""
    port = free_port()
    server = start_gunicorn(port, args.workers, env)
    try:
        wait_until_ready(server, port)
        for target in targets:
            status, size, seconds = http_get(port, target.path)
            log(f"warm-up {target.name:<14} {target.path}: HTTP {status}, {size // 1024} KiB, {seconds * 1000:.0f} ms")
            name = target.name + suffix
            if status != 200:
                results.append({"name": name, "path": target.path, "error": f"HTTP {status}"})
                notes.append(f"`{target.path}` answered HTTP {status} on warm-up; not load-tested.")
        failed = {r["name"] for r in results if r.get("error")}
        for target in targets:
            name = target.name + suffix
            if name in failed:
                continue
            if suffix:
                header = http_header(port, target.path, "X-Page-Cache")
                if header != "hit":
                    results.append({"name": name, "path": target.path, "error": f"not cached ({header})"})
                    notes.append(f"`{target.path}` was not served from the page cache (X-Page-Cache: {header}).")
                    continue
                queries = 0  # a hit never reaches the database (tests/home/test_page_cache.py)
            else:
                queries = count_queries(target.path)
            if args.warmup:
                run_wrk(port, target.path, args.warmup, args.threads, args.connections)
            pair = None
            if paired:
                log(f"wrk {'bare':<14} {BARE_PATH} for {args.duration:g} s (the pair of {name})")
                pair_cpu_before = group_cpu_seconds(server.pid)
                pair = run_wrk(port, BARE_PATH, args.duration, args.threads, args.connections)
                pair["cpu_ms"] = (group_cpu_seconds(server.pid) - pair_cpu_before) * 1000 / max(pair["requests"], 1)
            log(f"wrk {name:<14} {target.path} for {args.duration:g} s ({queries} queries per request)")
            cpu_before = group_cpu_seconds(server.pid)
            measured = run_wrk(port, target.path, args.duration, args.threads, args.connections)
            cpu_ms = (group_cpu_seconds(server.pid) - cpu_before) * 1000 / max(measured["requests"], 1)
            row = {"name": name, "path": target.path, "queries": queries, "cpu_ms": cpu_ms, **measured}
            if pair is not None:
                row["pair_rps"], row["pair_cpu_ms"] = pair["rps"], pair["cpu_ms"]
            results.append(row)
            if measured["status_errors"] or measured["socket_errors"]:
                notes.append(
                    f"`{target.path}`: {measured['status_errors']:.0f} non-2xx/3xx answers and "
                    f"{measured['socket_errors']:.0f} socket errors out of {measured['requests']:.0f} requests."
                )
    finally:
        stop_gunicorn(server)


CACHED_TARGET = 0.5  # a stored page at half the bare view's rate or better (issue 22)


def cached_summary(results: list[dict]) -> list[str]:
    """One line per page cache backend: the median and range of the cached pages' ratios to their paired bare run."""

    def median(values):
        middle = len(values) // 2
        return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2

    lines = []
    for suffix, backend in ((CACHED_SUFFIX, "files"), (REDIS_SUFFIX, "Redis")):
        rows = [r for r in results if r["name"].endswith(suffix) and r.get("pair_rps") and r.get("rps")]
        if not rows:
            continue
        ratios = sorted(r["rps"] / r["pair_rps"] for r in rows)
        # CPU time per request is far less sensitive to what else runs on the machine than requests a second.
        cpu = sorted(r["pair_cpu_ms"] / r["cpu_ms"] for r in rows if r.get("pair_cpu_ms") and r.get("cpu_ms"))
        verdict = "meets" if ratios[0] >= CACHED_TARGET else "does not meet for every page"
        line = (
            f"Stored pages from {backend} against the bare view with no middleware: rps ratio median "
            f"{median(ratios):.2f}, {ratios[0]:.2f} to {ratios[-1]:.2f} over {len(ratios)} pages (this run {verdict} "
            f"the target of {CACHED_TARGET})"
        )
        if cpu:
            line += (
                f"; by gunicorn's CPU time per request (bare / cached) median {median(cpu):.2f}, "
                f"{cpu[0]:.2f} to {cpu[-1]:.2f}"
            )
        lines.append(line + ".")
    return lines


def redis_reachable(url: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or HOST, parts.port or 6379), timeout=2):
            return True
    except OSError:
        return False


def forget_redis_prefix(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


def main() -> int:
    args = parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed. Install it with:  apt-get install -y wrk  (Debian/Ubuntu package 'wrk')")
        return 2
    # SIGTERM (a CI timeout, `kill`) goes through the finally blocks like Ctrl-C does.
    signal.signal(signal.SIGTERM, interrupt)

    wanted = set(args.scenario or []) | {scenario_module.BASELINE}
    # Every scenario's data is always generated, so the data set (and its fingerprint) does not depend on --scenario.
    version = ensure_database(scenario_module.SCENARIOS, args.rebuild)
    busy_before = cpu_busy()
    if busy_before > BUSY:
        log(f"The machine is busy ({busy_before:.0%} CPU used by other work): expect noisy numbers")
    selected = [s for s in scenario_module.SCENARIOS if not args.scenario or s.name in wanted]

    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    setup_django_in_process()
    targets = [target for scenario in selected for target in scenario.targets()]

    results: list[dict] = []
    notes: list[str] = []
    base_env = clean_env(
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        BENCH_DATABASE_URL=database_url(DB_PATH),
        BENCH_STATIC_ROOT=str(STATIC_ROOT),
    )
    # Every page rendered for each request (the page cache off), then the same pages from the page cache (a folder
    # every worker shares, as in production without Redis): rows "<target>" and "<target> cached".
    shutil.rmtree(PAGE_CACHE_DIR, ignore_errors=True)
    measure_server(targets, {**base_env, "PAGE_CACHE_ENABLED": "0"}, "", args, results, notes)
    page_targets = [target for target in targets if target.name != scenario_module.BASELINE]
    # Each cached page is loaded right after the bare view (no middleware) on the same server, and compared with it.
    cached_env = {**base_env, "PAGE_CACHE_ENABLED": "1", "PAGE_CACHE_DIR": str(PAGE_CACHE_DIR)}
    measure_server(page_targets, cached_env, CACHED_SUFFIX, args, results, notes, paired=True)
    shutil.rmtree(PAGE_CACHE_DIR, ignore_errors=True)
    targets = targets + [Target(target.name + CACHED_SUFFIX, target.path) for target in page_targets]
    # The same from Redis, as production runs with REDIS_URL (the default cache there too), under a prefix of its own.
    if redis_reachable(BENCH_REDIS_URL):
        prefix = f"bench-{os.getpid()}"
        redis_env = {**base_env, "PAGE_CACHE_ENABLED": "1", "REDIS_URL": BENCH_REDIS_URL, "CACHE_KEY_PREFIX": prefix}
        try:
            measure_server(page_targets, redis_env, REDIS_SUFFIX, args, results, notes, paired=True)
        finally:
            forget_redis_prefix(BENCH_REDIS_URL, prefix)
        targets = targets + [Target(target.name + REDIS_SUFFIX, target.path) for target in page_targets]
    else:
        notes.append(f"No Redis at {BENCH_REDIS_URL} (BENCH_REDIS_URL): the page cache was measured from files only.")

    order = {t.name: i for i, t in enumerate(targets)}
    results.sort(key=lambda r: order[r["name"]])
    log_text = GUNICORN_LOG.read_text(errors="replace") if GUNICORN_LOG.exists() else ""
    tracebacks = log_text.count("Traceback (most recent call last)")
    if tracebacks:
        notes.append(f"The server logged {tracebacks} tracebacks (see benchmarks/.work/gunicorn.log).")
    (WORK / "results.json").write_text(json.dumps(results, indent=2))

    notes.extend(cached_summary(results))
    if busy_before > BUSY:
        notes.append(
            f"Other work was using {busy_before:.0%} of the CPUs when the run started: rps and latency are "
            "pessimistic and noisy; compare CPU ms/req, ratios and query counts, or rerun on an idle machine."
        )
    machine = machine_description(args, version, busy_before)
    rows = table_rows(results)
    print()
    for key, value in machine:
        print(f"{key}: {value}")
    print()
    print(format_table(rows, markdown=False))
    for note in notes:
        print(f"NOTE: {note}")
    if not args.no_write:
        write_results(machine, rows, notes)
    return 1 if any(r.get("error") for r in results) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        log("Interrupted")
        sys.exit(130)
