"""gunicorn settings for the benchmark: the repository's gunicorn.conf.py, plus each worker's count of requests.

Each worker writes its pid and the requests it has served into its own slot of a small file shared through
mmap (BENCH_REQUEST_COUNTS, made by bench/server.py), which the benchmark reads before and after a run: each
worker's share of that run's requests, at the cost of one memory write per request. Workers are never
replaced during a benchmark (max_requests 0): a replaced worker would take its CPU time and its count with it.
"""

import mmap
import os
import runpy
import struct
from pathlib import Path

_production = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
globals().update({name: value for name, value in _production.items() if not name.startswith("__")})

max_requests = 0

SLOTS = 64
SLOT = struct.Struct("qq")  # pid, requests served
COUNTS_FILE = os.environ.get("BENCH_REQUEST_COUNTS", "")


def post_fork(server, worker):
    worker.bench_served = 0
    worker.bench_counts = None
    if COUNTS_FILE:
        with open(COUNTS_FILE, "r+b") as counts:
            worker.bench_counts = mmap.mmap(counts.fileno(), SLOTS * SLOT.size)


def post_request(worker, req, environ, resp):
    worker.bench_served += 1
    if worker.bench_counts is not None:
        SLOT.pack_into(worker.bench_counts, (worker.age % SLOTS) * SLOT.size, worker.pid, worker.bench_served)


def read_counts(path: str) -> dict[int, int]:
    """Return each worker's requests served so far, by pid, from the counts file."""
    data = Path(path).read_bytes()[: SLOTS * SLOT.size]
    return {pid: served for pid, served in SLOT.iter_unpack(data) if pid}
