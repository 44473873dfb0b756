"""Settings: safe defaults, a loud failure without a secret, a clean deploy check, security headers."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
SETTINGS_PROBE = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def run_django(args: list[str], **env: str) -> subprocess.CompletedProcess:
    """Run python in the project with only the given environment, as a fresh machine would."""
    clean_env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "recovery_site.settings", **env}
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=clean_env, capture_output=True, text=True, timeout=120
    )


def test_debug_is_off_when_nothing_asks_for_it():
    result = run_django(["-c", SETTINGS_PROBE], DJANGO_SECRET_KEY="x" * 50)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_debug_turns_on_only_with_django_debug_1():
    result = run_django(["-c", SETTINGS_PROBE], DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_start_up_without_secret_key_and_debug_off_fails_with_a_clear_message():
    result = run_django(["manage.py", "check"])

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_deploy_check_is_clean_with_secret_key_and_allowed_hosts():
    result = run_django(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="www.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


@pytest.mark.django_db
def test_public_page_sends_strict_csp_and_security_headers(client):
    response = client.get("/")

    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_cookies_are_secure_and_hsts_is_on_with_debug_off():
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
    assert settings.SECURE_HSTS_SECONDS >= 31536000


# The embedded default: SQLite with the worker writing beside the server -------------------------

SQLITE_PROBE = """
import django; django.setup()
from django.db import connection
with connection.cursor() as cursor:
    print(cursor.execute("PRAGMA journal_mode").fetchone()[0], cursor.execute("PRAGMA busy_timeout").fetchone()[0])
print(connection.transaction_mode)
"""

# Two threads, each in its own connection, read then write inside atomic(). The second starts its transaction
# while the first holds only its read; under SQLite's default deferred transactions one of them then fails at its
# write with "database is locked" (WAL cannot let a writer commit over a snapshot that has since changed).
SQLITE_RACE = """
import threading, time
import django; django.setup()
from django.db import connection, transaction
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE saves (who TEXT)")
connection.close()
first_has_read, second_is_starting, errors = threading.Event(), threading.Event(), []

def save(who, wait_for, then_signal):
    try:
        if who == "second":
            wait_for.wait(timeout=10)
            then_signal.set()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM saves").fetchone()
            if who == "first":
                then_signal.set()
                wait_for.wait(timeout=10)
                time.sleep(0.3)  # lets the second reach its read under deferred transactions, not a timing assertion
            cursor.execute("INSERT INTO saves VALUES (%s)", [who])
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()

threads = [
    threading.Thread(target=save, args=("first", second_is_starting, first_has_read)),
    threading.Thread(target=save, args=("second", first_has_read, second_is_starting)),
]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join(timeout=60)
with connection.cursor() as cursor:
    print(sorted(row[0] for row in cursor.execute("SELECT who FROM saves").fetchall()), errors)
"""


def run_on_sqlite_file(script: str, tmp_path: Path) -> str:
    """Run a script against a fresh SQLite file under the project's settings; return what it printed."""
    result = run_django(["-c", script], DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}")
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_sqlite_runs_with_wal_a_long_busy_timeout_and_immediate_transactions(tmp_path):
    journal, transactions = run_on_sqlite_file(SQLITE_PROBE, tmp_path).splitlines()

    assert journal == "wal 30000"
    assert transactions == "IMMEDIATE"


def test_two_read_then_write_transactions_on_sqlite_queue_instead_of_failing(tmp_path):
    stored = run_on_sqlite_file(SQLITE_RACE, tmp_path)

    assert stored == "['first', 'second'] []"


def test_the_task_brokers_connection_gives_up_on_a_hung_redis_as_quickly_as_the_cache():
    # The web process relays tasks to RQ after each commit; without a socket timeout a hung Redis held it for good.
    from django_rq import get_connection

    options = get_connection("default").connection_pool.connection_kwargs
    cache_options = {"socket_connect_timeout": 0.2, "socket_timeout": 0.3}  # settings.py's defaults for the cache

    assert {name: options.get(name) for name in cache_options} == cache_options
