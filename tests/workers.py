"""What each pytest-xdist worker has to itself when `make test` runs the suite in parallel (`-n 2`).

Each worker is its own process with its own test database (pytest-django adds ``_gw0``, ``_gw1`` to the
PostgreSQL name; SQLite's is in memory), its own tmp_path and live-server port (the operating system picks
one). What this module shares out is what a test chooses itself: the ports its servers probe for, in a
slice of the range for each worker, and the Redis database, the next number for each worker, so one
worker's ``cache.clear()`` (FLUSHDB) never empties another's cache. Run without ``-n`` there is one
worker, the whole range and REDIS_URL as given.
"""

import os
import socket
import urllib.parse
from collections.abc import Container

NAME = os.environ.get("PYTEST_XDIST_WORKER", "")
INDEX = int(NAME.removeprefix("gw")) if NAME else 0
COUNT = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
REDIS_DATABASES = 16  # Redis's default number of databases


def own_ports(ports: range) -> range:
    """Return this worker's slice of ``ports``: no two workers probe for, and race to bind, one port."""
    size = len(ports) // COUNT
    if size < 1:
        raise RuntimeError(f"{len(ports)} ports cannot be shared among {COUNT} workers")
    return ports[INDEX * size : (INDEX + 1) * size]


def free_port(ports: range, *, from_top: bool = False, skip: Container[int] = ()) -> int:
    """Return the first port of ``ports`` (from the top if asked) that nothing has bound, other than ``skip``."""
    for port in reversed(ports) if from_top else ports:
        if port in skip:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


def own_redis_url(url: str) -> str:
    """Return ``url`` with this worker's Redis database: the one given plus the worker's number."""
    if not url or INDEX == 0:
        return url
    parts = urllib.parse.urlsplit(url)
    database = parts.path.strip("/")
    number = (int(database) if database.isdigit() else 0) + INDEX
    if number >= REDIS_DATABASES:
        raise RuntimeError(f"worker {NAME} would need Redis database {number}; give REDIS_URL a lower number")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"/{number}", parts.query, parts.fragment))
