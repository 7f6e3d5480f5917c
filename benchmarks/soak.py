"""A mixed load for ten minutes: every kind of public page, the directory, search, feeds and the API at once, on
gunicorn with the page cache on as in production, while the server's memory is sampled. Writes the "Mixed load"
section of benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/soak.py [--duration 600] [--connections 8]

It uses run.py's data set (the demo university with the scenarios' extra articles and events, built there on the
first run) and wrk with benchmarks/mixed.lua, which picks each request's path at random from the list below. A run
passes when no request failed (no non-2xx/3xx answer, no socket error, no traceback in the server's log) and the
memory is flat: the server's memory (the proportional set size of the master and workers) in the last minute has
grown by at most FLAT_SHARE over the second minute's (the first is warm-up: imports, caches and the page cache
filling).
"""

import argparse
import datetime
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import run as bench  # noqa: E402
from benchmarks import scenarios  # noqa: E402
from benchmarks.results import write_section  # noqa: E402

MIXED_LUA = bench.BENCH_DIR / "mixed.lua"
PATHS_FILE = bench.WORK / "mixed-paths.txt"
SAMPLE_SECONDS = 5
FLAT_SHARE = 0.10  # the last minute's memory may exceed the second minute's by this share


def mixed_paths() -> list[tuple[str, str]]:
    """(kind, path) of everything the mix requests: run.py's pages and calendar, the directory with filters and
    name searches, the site search, the feeds and the API."""
    from django.urls import reverse
    from django.utils import translation

    from alumni.models import Alumnus, DirectoryPage
    from home.models import Faculty

    paths = [("page", target.path) for scenario in scenarios.SCENARIOS[1:] for target in scenario.targets()]
    directory = DirectoryPage.objects.live().filter(locale__language_code="ro").first()
    if directory is None:
        raise RuntimeError("The benchmark database has no live directory page.")
    shorts = list(Faculty.objects.filter(locale__language_code="ro").values_list("short_name", flat=True)[:3])
    names = list(Alumnus.objects.listed().order_by("pk").values_list("last_name", flat=True)[:4])
    paths.append(("directory", directory.url))
    paths += [("directory", f"{directory.url}?{urlencode({'faculty': short})}") for short in shorts]
    paths += [("directory", f"{directory.url}?{urlencode({'q': name})}") for name in names]
    paths += [("directory", f"{directory.url}?help=any"), ("directory", f"{directory.url}?page=2")]
    with translation.override("ro"):
        search = reverse("search")
        words = ("absolvent", "gala", "întâlnire", "informatica")
        paths += [("search", f"{search}?{urlencode({'q': word})}") for word in words]
        paths += [("feed", reverse("articles_rss")), ("feed", reverse("calendar_feed"))]
    paths += [("api", path) for path in ("/api/v3/events/", "/api/v3/alumni/", "/api/v3/pages/?type=home.ArticlePage")]
    paths += [("api", "/api/v3/search/?q=absolvent")]
    return paths


def server_memory_mb(pgid: int) -> float:
    """Memory of every process in the group (gunicorn's master and workers), in MB: the sum of their proportional
    set sizes, which count the pages the workers share with the master once, so a worker's own growth shows."""
    kilobytes = 0
    for entry, _fields in bench.group_processes(pgid):
        try:
            rollup = (entry / "smaps_rollup").read_text()
        except OSError:  # the process ended meanwhile
            continue
        kilobytes += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return kilobytes / 1024


class MemorySampler(threading.Thread):
    def __init__(self, pgid: int):
        super().__init__(daemon=True)
        self.pgid, self.samples, self.stopping = pgid, [], threading.Event()
        self.started = time.monotonic()

    def run(self):
        while not self.stopping.is_set():
            self.samples.append((time.monotonic() - self.started, server_memory_mb(self.pgid)))
            self.stopping.wait(SAMPLE_SECONDS)

    def minute(self, start_second: float) -> float:
        """The median memory sampled during the minute starting at `start_second`."""
        values = [mb for second, mb in self.samples if start_second <= second < start_second + 60]
        return statistics.median(values) if values else float("nan")


def run_mixed_wrk(port: int, seconds: float, threads: int, connections: int) -> dict[str, float]:
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s", "-s", str(MIXED_LUA)]
    env = {**os.environ, "MIXED_PATHS": str(PATHS_FILE)}
    result = subprocess.run(  # noqa: S603 - wrk, with our own script
        [*args, f"http://{bench.HOST}:{port}/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=seconds + 120,
        check=False,
    )
    for line in result.stdout.splitlines():
        if line.startswith("BENCH_RESULT "):
            return {key: float(value) for key, value in (item.split("=") for item in line.split()[1:])}
    raise RuntimeError(f"wrk gave no result (exit {result.returncode}): {result.stderr or result.stdout}")


def section(args, paths, measured, sampler, tracebacks: int, busy_before: float) -> tuple[str, bool]:
    duration = measured["seconds"]
    second, last = sampler.minute(60), sampler.minute(max(duration - 60, 60))
    growth = (last - second) / second if second else float("nan")
    peak = max(mb for _second, mb in sampler.samples)
    errors = int(measured["status_errors"] + measured["socket_errors"])
    flat = growth <= FLAT_SHARE
    passed = errors == 0 and tracebacks == 0 and flat
    kinds = sorted({kind for kind, _path in paths})
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines = [
        "## Mixed load",
        "",
        f"Generated by `.venv/bin/python benchmarks/soak.py` (part of `make bench`) on {now}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}: {duration / 60:.1f} minutes of wrk ({args.threads} threads, "
        f"{args.connections} connections) against gunicorn ({args.workers} sync workers, the page cache on in a "
        f"folder the workers share, as in production without Redis; the per-visitor rate limits off, since every "
        f"request comes from one address), each request a path drawn at random from {len(paths)} "
        f"({', '.join(kinds)}): run.py's pages and calendar, the directory filtered and searched by name, the site "
        "search, the RSS and iCalendar feeds and the API. Memory: the proportional set size of gunicorn's master and "
        f"workers (shared pages counted once), sampled every {SAMPLE_SECONDS} s; the first minute is warm-up. "
        f"CPUs {busy_before:.0%} busy before the run; load average {bench.load_average()} after it.",
        "",
        "| requests | rps | p50 ms | p95 ms | p99 ms | max ms | errors | tracebacks | memory, 2nd minute MB "
        "| memory, last minute MB | growth | peak MB | result |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        f"| {measured['requests']:,.0f} | {measured['rps']:.1f} | {measured['p50_ms']:.1f} | {measured['p95_ms']:.1f} "
        f"| {measured['p99_ms']:.1f} | {measured['max_ms']:.1f} | {errors} | {tracebacks} | {second:.1f} | {last:.1f} "
        f"| {growth:+.1%} | {peak:.1f} | {'pass' if passed else 'FAIL'} |",
        "",
        "Memory by minute (median MB): "
        + ", ".join(f"{sampler.minute(start):.1f}" for start in range(0, int(duration), 60))
        + ".",
    ]
    return "\n".join(lines), passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=600, help="seconds of load (default 600, at least 180)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if args.duration < 180:
        parser.error("--duration must be at least 180 s: a warm-up minute, and two more to compare")
    if shutil.which("wrk") is None:
        print("wrk is not installed. Install it with:  apt-get install -y wrk")  # noqa: T201
        return 2
    signal.signal(signal.SIGTERM, bench.interrupt)
    version = bench.ensure_database(scenarios.SCENARIOS, rebuild=False)
    busy_before = bench.cpu_busy()
    bench.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    bench.setup_django_in_process()
    paths = mixed_paths()
    PATHS_FILE.write_text("\n".join(path for _kind, path in paths) + "\n")
    page_cache = bench.WORK / "soak-page-cache"
    shutil.rmtree(page_cache, ignore_errors=True)
    env = bench.clean_env(
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        BENCH_DATABASE_URL=bench.database_url(bench.DB_PATH),
        BENCH_STATIC_ROOT=str(bench.STATIC_ROOT),
        PAGE_CACHE_ENABLED="1",
        PAGE_CACHE_DIR=str(page_cache),
        RATE_LIMITS_ENABLED="0",
    )
    port = bench.free_port()
    server = bench.start_gunicorn(port, args.workers, env)
    try:
        bench.wait_until_ready(server, port)
        for kind, path in paths:
            status, _size, _seconds = bench.http_get(port, path)
            if status != 200:
                raise RuntimeError(f"{kind} {path} answered HTTP {status} before the load")
        bench.log(f"Data set {version}; {len(paths)} paths; {args.duration:g} s of mixed load")
        sampler = MemorySampler(server.pid)
        sampler.start()
        measured = run_mixed_wrk(port, args.duration, args.threads, args.connections)
        sampler.stopping.set()
        sampler.join()
    finally:
        bench.stop_gunicorn(server)
        shutil.rmtree(page_cache, ignore_errors=True)
    log_text = bench.GUNICORN_LOG.read_text(errors="replace") if bench.GUNICORN_LOG.exists() else ""
    tracebacks = log_text.count("Traceback (most recent call last)")
    text, passed = section(args, paths, measured, sampler, tracebacks, busy_before)
    print(text)  # noqa: T201
    if not args.no_write:
        write_section("soak", text)
        bench.log(f"Wrote {bench.RESULTS_PATH.relative_to(ROOT)}")
    return 0 if passed else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        bench.log("Interrupted")
        sys.exit(130)
