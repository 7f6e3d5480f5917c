"""Start the production topology of deploy/docker-compose.yml on this one machine, from Debian packages and PyPI.

    front cache         varnishd (Debian's varnish), deploy/varnish/default.vcl: a public and a purge listener,
                        the two app servers as backends behind health probes
    app servers A, B    gunicorn config.wsgi, 2 sync workers each, production settings (throwaway SECRET_KEY,
                        SECURE_SSL_REDIRECT off: no TLS here)
    task worker         manage.py db_worker (django-tasks-db)
    object storage      moto_server (moto[server]) in place of S3, one bucket for the media
    PostgreSQL, Redis   this machine's (127.0.0.1:5432, 127.0.0.1:6379): a throwaway database, created and dropped;
                        a Redis database number of its own (13) and a key prefix, whose keys are deleted

    .venv/bin/python deploy/cluster.py        start it, print the addresses, run until Ctrl-C (or SIGTERM)

It migrates, collects the static files, loads a small demo university, starts everything, waits for
/health/ready/ on each app server and through the front cache, and on exit stops every process it started, drops
the database, deletes its Redis keys and removes its temporary folder (`--keep` keeps the folder, with the logs).
tests/cluster/cluster_test.py (`make cluster-test`) runs its checks against it. Needs: `apt-get install varnish`,
PostgreSQL and Redis running, and the dev requirements (moto[server]).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VCL_DIR = ROOT / "deploy" / "varnish"
HOST = "127.0.0.1"
BUCKET = "alumni-media"
# The images anyone may read; documents stay private (served through Wagtail's view, which checks them).
PUBLIC_PREFIXES = ("original_images/", "images/")
APP_WORKERS = 2


def log(message: str) -> None:
    sys.stdout.write(f"[cluster] {message}\n")
    sys.stdout.flush()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_for(what: str, check, timeout: float, process: subprocess.Popen | None = None, logfile=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}; see {logfile}")
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{what} was not ready within {timeout:.0f} s; see {logfile}")


def http_status(url: str, timeout: float = 5) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - our own loopback URLs
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class Cluster:
    """The topology, started by `start()` and taken down by `stop()` (also as a context manager)."""

    def __init__(
        self,
        *,
        postgres: str = "postgresql://postgres@127.0.0.1:5432",
        redis: str = "redis://127.0.0.1:6379",
        redis_db: int = 13,
        alumni: int = 200,
        faculties: int = 2,
        keep: bool = False,
    ):
        self.token = secrets.token_hex(4)
        self.postgres = postgres
        self.database = f"alumni_cluster_{self.token}"
        self.redis_url = f"{redis}/{redis_db}"
        self.key_prefix = f"alumni-cluster-{self.token}"
        self.alumni, self.faculties, self.keep = alumni, faculties, keep
        self.admin_password = secrets.token_urlsafe(12)
        self.secret_key = secrets.token_urlsafe(50)  # one for every process: sessions and signatures cross them
        self.workdir = Path(tempfile.mkdtemp(prefix="alumni-cluster-"))
        self.processes: dict[str, subprocess.Popen] = {}
        self.front_port, self.purge_port, self.s3_port = free_port(), free_port(), free_port()
        self.app_ports = {"A": free_port(), "B": free_port()}
        self._database_created = False
        self._stopped = False

    # --- addresses ------------------------------------------------------------------------------------------

    @property
    def front_url(self) -> str:
        return f"http://{HOST}:{self.front_port}"

    def app_url(self, name: str) -> str:
        return f"http://{HOST}:{self.app_ports[name]}"

    @property
    def s3_url(self) -> str:
        return f"http://{HOST}:{self.s3_port}"

    def logfile(self, name: str) -> Path:
        return self.workdir / f"{name}.log"

    # --- the environment every process of the site gets ----------------------------------------------------

    def environment(self, *, serving: bool = True) -> dict[str, str]:
        """Production settings against this cluster's services. `serving=False` (migrations, demo data): tasks
        at once, no front cache to tell (it is not started yet)."""
        env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if key in os.environ}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY=self.secret_key,
            SECURE_SSL_REDIRECT="0",
            SECURE_HSTS_SECONDS="0",
            ALLOWED_HOSTS=f"{HOST},localhost",
            DATABASE_URL=f"{self.postgres}/{self.database}",
            REDIS_URL=self.redis_url,
            CACHE_KEY_PREFIX=self.key_prefix,
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            AWS_STORAGE_BUCKET_NAME=BUCKET,
            AWS_S3_ENDPOINT_URL=self.s3_url,
            AWS_S3_REGION_NAME="us-east-1",
            AWS_ACCESS_KEY_ID="cluster",
            AWS_SECRET_ACCESS_KEY="cluster",  # noqa: S106 - moto accepts any key
            STATIC_ROOT=str(self.workdir / "static"),
            MEDIA_ROOT=str(self.workdir / "media-unused"),
            WAGTAILADMIN_BASE_URL=self.front_url,
            TRUSTED_PROXY_COUNT="1",  # Varnish; requests straight to an app server carry no X-Forwarded-For
            FRONTEND_CACHE_URL=f"http://{HOST}:{self.purge_port}",
            PYTHONUNBUFFERED="1",
        )
        if not serving:
            env["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
            del env["FRONTEND_CACHE_URL"]
        return env

    def manage(self, *args: str, serving: bool = False, check: bool = True) -> subprocess.CompletedProcess:
        """`manage.py <args>` with this cluster's settings, its output kept in setup.log."""
        with self.logfile("setup").open("a") as output:
            output.write(f"\n$ manage.py {' '.join(args)}\n")
            output.flush()
            return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=self.environment(serving=serving),
                stdout=output,
                stderr=subprocess.STDOUT,
                check=check,
                timeout=1800,
            )

    def shell(self, code: str) -> str:
        """Run Python in a Django shell with this cluster's settings; return what it printed."""
        result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
            cwd=ROOT,
            env=self.environment(serving=True),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py shell failed:\n{result.stderr[-3000:]}")
        return result.stdout

    # --- starting ---------------------------------------------------------------------------------------------

    def start(self) -> Cluster:
        self._check_tools()
        log(f"Working folder {self.workdir}")
        self._create_database()
        self._start_object_storage()
        self._prepare_site()
        for name in self.app_ports:
            self._start_app_server(name)
        self._spawn("worker", [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2"])
        self._start_front_cache()
        for name in self.app_ports:
            self._wait_ready(f"app server {name}", self.app_url(name), self.processes[name], self.logfile(name))
        self._wait_ready("the front cache", self.front_url, self.processes["varnish"], self.logfile("varnish"))
        log(f"Ready: front cache {self.front_url}, app servers {self.app_url('A')} and {self.app_url('B')}")
        return self

    def _check_tools(self) -> None:
        missing = [
            f"{tool} ({hint})"
            for tool, hint in (
                ("varnishd", "apt-get install varnish"),
                (str(BIN / "moto_server"), "pip install -r requirements-dev.txt"),
                (str(BIN / "gunicorn"), "pip install -r requirements.txt"),
            )
            if shutil.which(tool) is None
        ]
        if missing:
            raise RuntimeError("Missing: " + ", ".join(missing))

    def _create_database(self) -> None:
        import psycopg

        with psycopg.connect(f"{self.postgres}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')
        self._database_created = True
        log(f"Database {self.database} created")

    def _start_object_storage(self) -> None:
        process = self._spawn("s3", [str(BIN / "moto_server"), "-H", HOST, "-p", str(self.s3_port)], site=False)
        wait_for("moto_server", lambda: http_status(self.s3_url) < 500, 60, process, self.logfile("s3"))
        import boto3

        client = boto3.client(
            "s3",
            endpoint_url=self.s3_url,
            region_name="us-east-1",
            aws_access_key_id="cluster",
            aws_secret_access_key="cluster",  # noqa: S106 - moto accepts any key
        )
        client.create_bucket(Bucket=BUCKET)
        # As a real bucket is set up (deploy/docker-compose.yml, minio-bucket); moto itself lets anyone read anything.
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": [f"arn:aws:s3:::{BUCKET}/{prefix}*" for prefix in PUBLIC_PREFIXES],
                }
            ],
        }
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(policy))
        log(f"Object storage {self.s3_url}/{BUCKET}")

    def _prepare_site(self) -> None:
        started = time.monotonic()
        log("Migrating, collecting static files, loading the demo university (a few minutes)")
        self.manage("migrate", "--no-input")
        self.manage("collectstatic", "--no-input", "--verbosity", "0")
        self.manage(
            "load_demo_data",
            "--admin-password",
            self.admin_password,
            "--alumni",
            str(self.alumni),
            "--faculties",
            str(self.faculties),
        )
        # The site's address is the front cache's, as in production: what Wagtail purges is what visitors ask for.
        self.manage(
            "shell",
            "--no-imports",
            "-c",
            "from wagtail.models import Site; "
            f"Site.objects.filter(is_default_site=True).update(hostname='{HOST}', port={self.front_port})",
        )
        log(f"Site ready in {time.monotonic() - started:.0f} s (admin password {self.admin_password})")

    def _start_app_server(self, name: str) -> None:
        command = [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"{HOST}:{self.app_ports[name]}",
            "--workers",
            str(APP_WORKERS),
            "--timeout",
            "60",
            "--graceful-timeout",
            "10",
            "--access-logfile",
            "-",
            "--access-logformat",
            '%(h)s "%(r)s" %(s)s %(M)sms',
        ]
        self._spawn(name, command)

    def _start_front_cache(self) -> None:
        folder = self.workdir / "varnish"
        folder.mkdir()
        # varnishd started as root reads its VCL as its own user: through the folder, not into the logs beside.
        self.workdir.chmod(0o711)
        folder.chmod(0o755)  # noqa: S103 - VCL only
        backends = [
            f'backend app{name} {{ .host = "{HOST}"; .port = "{port}"; .probe = alive; '
            ".connect_timeout = 1s; .first_byte_timeout = 60s; }"
            for name, port in self.app_ports.items()
        ]
        # default.vcl includes backends.vcl from the vcl_path: both go into this folder, the only one on it.
        shutil.copy(VCL_DIR / "default.vcl", folder)
        (folder / "backends.vcl").write_text(
            "# Written by deploy/cluster.py: this machine's app servers.\n"
            'probe alive { .request = "GET /health/ HTTP/1.1" "Host: 127.0.0.1" "Connection: close"; '
            ".interval = 1s; .timeout = 1s; .window = 3; .threshold = 2; }\n"
            + "\n".join(backends)
            + "\nsub vcl_init {\n    new app = directors.round_robin();\n"
            + "".join(f"    app.add_backend(app{name});\n" for name in self.app_ports)
            + "}\n"
        )
        command = [
            shutil.which("varnishd"),
            "-F",
            "-n",
            str(folder / "work"),
            "-a",
            f"public={HOST}:{self.front_port}",
            "-a",
            f"purge={HOST}:{self.purge_port}",
            "-T",
            f"{HOST}:0",
            "-f",
            str(folder / "default.vcl"),
            "-p",
            f"vcl_path={folder}",
            "-s",
            "malloc,64m",
        ]
        self._spawn("varnish", command, site=False)

    def _spawn(self, name: str, command: list[str], site: bool = True) -> subprocess.Popen:
        output = self.logfile(name).open("a")
        process = subprocess.Popen(  # noqa: S603 - our own tools
            command,
            cwd=ROOT,
            env=self.environment() if site else {"PATH": os.environ.get("PATH", ""), "PYTHONUNBUFFERED": "1"},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped (or killed) with its workers
        )
        output.close()
        self.processes[name] = process
        log(f"Started {name} (pid {process.pid}), log {self.logfile(name)}")
        return process

    def _wait_ready(self, what: str, url: str, process: subprocess.Popen, logfile: Path) -> None:
        wait_for(what, lambda: http_status(f"{url}/health/ready/") == 200, 120, process, logfile)

    # --- stopping ---------------------------------------------------------------------------------------------

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Kill one process and its children at once (a machine that goes away), as `stop()` would not."""
        process = self.processes[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        process.wait(timeout=30)

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        for name, process in reversed(list(self.processes.items())):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)
                except ProcessLookupError:
                    pass
            log(f"Stopped {name}")
        self._drop_database()
        self._delete_redis_keys()
        if self.keep:
            log(f"Kept {self.workdir} (logs)")
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def _drop_database(self) -> None:
        if not self._database_created:
            return
        import psycopg

        with psycopg.connect(f"{self.postgres}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        log(f"Database {self.database} dropped")

    def _delete_redis_keys(self) -> None:
        import redis

        client = redis.Redis.from_url(self.redis_url)
        keys = list(client.scan_iter(match=f"{self.key_prefix}*", count=1000))
        for start in range(0, len(keys), 500):
            client.delete(*keys[start : start + 500])
        log(f"Deleted {len(keys)} Redis keys ({self.key_prefix}*)")

    def __enter__(self) -> Cluster:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()


def stop_on_signals() -> None:
    """SIGTERM and SIGHUP end the program like Ctrl-C, so `finally` and `with` clean up."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupt)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the working folder (logs) after stopping")
    parser.add_argument("--alumni", type=int, default=200, help="demo alumni (default 200)")
    args = parser.parse_args()
    stop_on_signals()
    try:
        with Cluster(keep=args.keep, alumni=args.alumni) as cluster:
            sys.stdout.write(
                f"Front cache:  {cluster.front_url}/  (admin: {cluster.front_url}/admin/, "
                f"admin / {cluster.admin_password})\n"
                f"App servers:  {cluster.app_url('A')}/  {cluster.app_url('B')}/\n"
                f"S3 (moto):    {cluster.s3_url}/{BUCKET}\n"
                "Ctrl-C stops everything.\n"
            )
            sys.stdout.flush()
            while all(process.poll() is None for process in cluster.processes.values()):
                time.sleep(1)
            log("A process exited; stopping")
            return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
