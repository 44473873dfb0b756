"""Run the site the way production does, for the benchmark and the fault scripts.

Production settings (debug off, a secret key, no TLS redirect on plain local HTTP)
against PostgreSQL ``recovery_bench`` and Redis db 6, under gunicorn.
"""

import contextlib
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/recovery_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
PORT = int(os.environ.get("BENCH_PORT", "8005"))
# The repository's gunicorn.conf.py (sync workers, two per core and one) unless these override it.
WORKERS = os.environ.get("BENCH_WORKERS", "")
THREADS = os.environ.get("BENCH_THREADS", "")
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "")


def described() -> str:
    """Return the gunicorn worker model the benchmark runs, as its report names it."""
    overrides = " ".join(f"{name}={value}" for name, value in (("workers", WORKERS), ("class", WORKER_CLASS),
                         ("threads", THREADS)) if value)  # fmt: skip
    return f"gunicorn.conf.py{' with ' + overrides if overrides else ''}"


class BaseURL(str):
    """A server's base URL that also knows the gunicorn master's process id and its workers' request counts."""

    pid: int = 0
    counts: str = ""  # the file bench/gunicorn_bench.py keeps each worker's count of requests in


def requests_by_worker(base: BaseURL) -> dict[int, int]:
    """Return how many requests each of the server's workers has served so far, by pid."""
    from bench.gunicorn_bench import read_counts

    return read_counts(base.counts)


def environment() -> dict[str, str]:
    """Return the environment of a production-like process (DJANGO_DEBUG and friends left out)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY="bench-only-secret-key-0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a",  # noqa: S106
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        # One client address sends every benchmark post; the limit itself is tested in tests/scaleout/.
        CONTACT_RATE_LIMIT_POSTS="1000000000",
        # No SMTP server here: notifications are built, then dropped.
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def setup_django() -> None:
    """Configure Django in this process with the same settings the server runs."""
    os.environ.update(environment())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=environment(), check=True)


def reset_database() -> None:
    """Drop and create recovery_bench, so every run starts from the same state."""
    import psycopg

    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def prepare() -> None:
    """Fresh database and cache, migrations, demo content, the generated corpus and static files."""
    print("Preparing: database, demo content, corpus, static files ...", flush=True)
    reset_database()
    flush_redis()
    manage("migrate", "--noinput", "-v", "0")
    manage("load_demo", "--force")
    subprocess.run([PYTHON, "-m", "bench.corpus"], cwd=ROOT, env=environment(), check=True)
    manage("collectstatic", "--noinput", "-v", "0")


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in {timeout} s")


def workers_cpu_seconds(master_pid: int) -> float:
    """Return the CPU time (user + system) the gunicorn master's worker processes have used so far."""
    return sum(each_worker_cpu_seconds(master_pid).values())


def each_worker_cpu_seconds(master_pid: int) -> dict[int, float]:
    """Return the CPU time (user + system) each of the gunicorn master's worker processes has used, by pid."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        if int(fields[1]) == master_pid:  # fields after the name: state, ppid, ..., utime (12), stime (13)
            used[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return used


def machine_idle_seconds() -> tuple[float, float]:
    """Return the machine's idle and total CPU seconds so far, all cores together (/proc/stat)."""
    ticks = os.sysconf("SC_CLK_TCK")
    times = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (times[3] + times[4]) / ticks, sum(times) / ticks  # idle + iowait, everything


@contextlib.contextmanager
def gunicorn(port: int = PORT, app: str = "recovery_site.wsgi:application", ready_path: str = "/healthz/", **extra_env):
    """Run gunicorn on 127.0.0.1:port for the duration of the block; yield its base URL (a str with .pid).

    Under bench/gunicorn_bench.py: the repository's gunicorn.conf.py, workers never replaced, requests counted.
    """
    counts = tempfile.NamedTemporaryFile(prefix="bench-counts-", delete=False)  # noqa: SIM115 - removed below
    from bench.gunicorn_bench import SLOT, SLOTS

    counts.write(bytes(SLOTS * SLOT.size))
    counts.close()
    env = {**environment(), "BENCH_REQUEST_COUNTS": counts.name, **extra_env}
    command = [
        PYTHON, "-m", "gunicorn", "-c", str(ROOT / "bench" / "gunicorn_bench.py"), app,
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
        *(["--workers", WORKERS] if WORKERS else []),
        *(["--worker-class", WORKER_CLASS] if WORKER_CLASS else []),
        *(["--threads", THREADS] if THREADS else []),
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = BaseURL(f"http://127.0.0.1:{port}")
    base.pid, base.counts = process.pid, counts.name
    try:
        wait_until_up(f"{base}{ready_path}", timeout=120)  # workers import Django slowly on a loaded machine
        yield base
    finally:
        stop(process)
        os.unlink(counts.name)


def stop(process: subprocess.Popen) -> None:
    """Ask a server to stop, and kill it if it has not within 20 s."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
