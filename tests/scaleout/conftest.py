"""Two gunicorn app servers sharing the test PostgreSQL database and Redis, as in production.

Runs where DATABASE_URL is PostgreSQL and REDIS_URL is set (CI's PostgreSQL pass);
skips elsewhere, unless REQUIRE_POSTGRES=1, where it fails instead. The shared-media test
(test_shared_media.py) runs on both engines: its servers share a copy of the demo database.
"""

import contextlib
import http.client
import importlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from urllib3 import encode_multipart_formdata

from tests import workers

ROOT = Path(__file__).resolve().parents[2]
PREFERRED_PORTS = tuple(workers.own_ports(range(8007, 8010)))  # this worker's share (tests/workers.py)
RATE_LIMIT_POSTS = 3
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def require_shared_services() -> None:
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")) and os.environ.get("REDIS_URL"):
        return
    reason = "needs DATABASE_URL on PostgreSQL and REDIS_URL"
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        pytest.fail(f"REQUIRE_POSTGRES=1, but the scale-out test {reason}.")
    pytest.skip(f"The scale-out test {reason}.")


def free_ports(count: int) -> list[int]:
    """Return free ports, from this suite's own range where possible."""
    ports = []
    for port in (*PREFERRED_PORTS, *([0] * count)):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            ports.append(probe.getsockname()[1])
        if len(ports) == count:
            return ports
    raise RuntimeError("no free ports")


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Visitor:
    """A browser talking to one server: cookies kept by hand, so Secure cookies work over plain HTTP."""

    def __init__(self, base: str, cookies: dict | None = None, address: str | None = None):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = cookies if cookies is not None else {}
        # Another loopback address is another client to the servers (and to their rate limit).
        self.source = (address, 0) if address else None

    def request(
        self, method: str, path: str, data: dict | None = None, files: dict | None = None
    ) -> tuple[int, dict, str]:
        """Send a request; ``files`` (name: (file name, bytes, type)) makes it a multipart form, as a file input does."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=20, source_address=self.source)
        headers = {"Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body: str | bytes | None = None
        if files is not None:
            fields = [(name, value) for name, values in (data or {}).items() for value in as_list(values)]
            fields += [(name, upload) for name, uploads in files.items() for upload in as_list(uploads)]
            body, headers["Content-Type"] = encode_multipart_formdata(fields)
        elif data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            for value in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    self.cookies[name] = morsel.value
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        finally:
            connection.close()

    def get(self, path: str) -> tuple[int, dict, str]:
        return self.request("GET", path)

    def post_form(
        self, path: str, data: dict, token_page: str | None = None, files: dict | None = None
    ) -> tuple[int, dict, str]:
        """Post like a browser: read a fresh CSRF token from the form page first."""
        _, _, page = self.get(token_page or path)
        token = CSRF_INPUT.search(page).group(1)
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": token}, files)


def as_list(value) -> list:
    """Return a form field's values: a list holds several (a multiple select, several files), anything else one."""
    return value if isinstance(value, list) else [value]


@contextlib.contextmanager
def gunicorn(port: int, env: dict):
    command = [
        sys.executable, "-m", "gunicorn", "recovery_site.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", "1", "--worker-class", "gthread", "--threads", "2",
        "--graceful-timeout", "2", "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        yield process
    finally:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_up(base: str, processes, timeout: float = 30) -> None:
    visitor = Visitor(base)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            raise RuntimeError("an app server exited during start-up")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if visitor.get("/healthz/")[0] == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{base} did not start in {timeout} s")


@pytest.fixture(scope="module")
def shared_cache():
    """Point this process at the servers' Redis under a key prefix of this run only."""
    require_shared_services()
    prefix = f"scaleout-{uuid.uuid4().hex[:12]}"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": prefix,
        },
        "template_fragments": settings.CACHES["template_fragments"],
    }
    with override_settings(CACHES=caches):
        yield prefix


@pytest.fixture(scope="module")
def app_servers(django_db_setup, shared_cache):
    """Start two gunicorn app servers on different ports, once for the module; yield their base URLs."""
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_DEBUG"}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.scaleout.settings",
        DJANGO_SECRET_KEY=settings.SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url(),
        CACHE_KEY_PREFIX=shared_cache,
        PAGE_CACHE_SECONDS="600",
        CONTACT_RATE_LIMIT_POSTS=str(RATE_LIMIT_POSTS),
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        DJANGO_LOG_LEVEL="WARNING",
    )
    ports = free_ports(2)
    with gunicorn(ports[0], env) as first, gunicorn(ports[1], env) as second:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base in bases:
            wait_until_up(base, (first, second))
        yield bases


@pytest.fixture
def site(app_servers, transactional_db):
    """The two servers, with the data migration's groups back (an earlier transactional test's flush removed them)."""
    from django.apps import apps

    importlib.import_module("editorial.migrations.0002_groups").create_groups(apps, None)
    return app_servers
