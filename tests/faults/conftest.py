"""Real processes against a real database: a demo site under gunicorn, to fail its services under.

Each test gets its own scratch database of the engine under test (a SQLite file, or a new
PostgreSQL database next to the test database, dropped afterwards), a copy of one made once per
test run: migrated and filled by ``load_demo`` in a subprocess, exactly as a new installation is.
Copying a file, or ``CREATE DATABASE ... TEMPLATE``, takes a fraction of a second; migrating and
loading the demo takes several.
"""

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests import workers
from tests.databases import copy_sqlite

ROOT = Path(__file__).resolve().parents[2]
PORTS = workers.own_ports(range(8210, 8299))  # this worker's share (tests/workers.py)
DEMO_PASSWORD = "recovery-demo-password"


def free_port(*, from_top: bool = False) -> int:
    return workers.free_port(PORTS, from_top=from_top)


def postgres_url() -> str | None:
    """Return the server part of DATABASE_URL (postgres://user@host:port) when the suite runs on PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    return url.rsplit("/", 1)[0]


class ScratchDatabase:
    """A database of the engine under test, made and dropped by the test."""

    def __init__(self, label: str, tmp_path: Path):
        self.server = postgres_url()
        suffix = uuid.uuid4().hex[:8]
        if self.server:
            base = os.environ["DATABASE_URL"].rsplit("/", 1)[1].split("?")[0]
            self.name = f"{base}_{label}_{suffix}"
            self.url = f"{self.server}/{self.name}"
        else:
            self.name = str(tmp_path / f"{label}-{suffix}.sqlite3")
            self.url = f"sqlite:///{self.name}"

    def create(self, template: "ScratchDatabase | None" = None) -> "ScratchDatabase":
        """Create the database, empty or as a copy of ``template`` (which nothing may be connected to)."""
        if self.server:
            self.admin(f'CREATE DATABASE "{self.name}"' + (f' TEMPLATE "{template.name}"' if template else ""))
        elif template:
            copy_sqlite(Path(template.name), Path(self.name))
        return self

    def drop(self) -> None:
        if self.server:
            self.admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        else:
            Path(self.name).unlink(missing_ok=True)

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as connection:
            connection.execute(sql)

    def rows(self, sql: str) -> list[tuple]:
        """Run a read-only query in this database, outside Django."""
        if self.server:
            import psycopg

            with psycopg.connect(self.url) as connection:
                return [tuple(row) for row in connection.execute(sql).fetchall()]
        with contextlib.closing(sqlite3.connect(self.name)) as connection:
            return connection.execute(sql).fetchall()


def site_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "REDIS_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.scaleout.settings",
        DJANGO_SECRET_KEY=settings.SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        DJANGO_LOG_LEVEL="WARNING",
        DEMO_PASSWORD=DEMO_PASSWORD,
    )
    env.update(extra)
    return env


def manage(database_url: str, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=site_env(database_url), check=True, capture_output=True
    )


def make_demo_database(label: str, tmp_path: Path, migrated_sqlite: Path | None = None) -> ScratchDatabase:
    database = ScratchDatabase(label, tmp_path).create()
    if migrated_sqlite and not database.server:
        copy_sqlite(migrated_sqlite, Path(database.name))
    manage(database.url, "migrate", "--noinput", "-v", "0")  # nothing left to do on a migrated copy
    manage(database.url, "load_demo", "--force")
    return database


class Server:
    """gunicorn serving the site; its log is kept so a test can look for tracebacks."""

    def __init__(self, port: int, env: dict, log: Path):
        self.port, self.env, self.log_path = port, env, log
        self.base = f"http://127.0.0.1:{port}"

    def __enter__(self):
        command = [
            sys.executable, "-m", "gunicorn", "recovery_site.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--worker-class", "gthread", "--threads", "4",
            "--graceful-timeout", "2", "--log-level", "warning",
        ]  # fmt: skip
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log_path.read_text()[-2000:]}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return self
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def output(self) -> str:
        return self.log_path.read_text()


@pytest.fixture
def demo_database(demo_template, tmp_path):
    database = ScratchDatabase("demo", tmp_path).create(template=demo_template)
    try:
        yield database
    finally:
        database.drop()
