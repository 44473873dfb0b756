"""SQLite database files for the tests that run the site in subprocesses (`make run`, tests/faults)."""

import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def migrate_sqlite(path: Path) -> Path:
    """Migrate a new SQLite database at ``path`` with `manage.py migrate` in a subprocess, as `make migrate` does."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "REDIS_URL"))}
    env.update(DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{path}")
    command = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return path


def copy_sqlite(source: Path, target: Path) -> Path:
    """Copy a SQLite database with SQLite's backup API, so whatever is still in its write-ahead log comes along."""
    with contextlib.closing(sqlite3.connect(source)) as original, contextlib.closing(sqlite3.connect(target)) as copy:
        original.backup(copy)
    return target
