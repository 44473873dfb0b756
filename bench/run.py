"""`make bench`: the site under gunicorn with production settings, measured against a minimal Django view.

Prepares PostgreSQL ``recovery_bench`` (demo content plus a generated corpus of 500
articles and 100 condition pages) and Redis db 6, starts gunicorn on port 8005, then
measures each page with wrk (16 connections) and contact submissions with Python
threads, and prints requests/s, p50/p99 latency, errors and the ratio to the baseline.
A query string the page cache does not know (``?bench=uncached``) renders a page afresh.
BENCH_REUSE=1 measures the database a previous run prepared; BENCH_SECONDS, BENCH_CONTACT_POSTS and
BENCH_WORKERS/BENCH_THREADS/BENCH_WORKER_CLASS change the run (the defaults are what README reports);
BENCH_ONLY=article,search measures only the pages whose names contain those words (no contact posts).
The baseline is measured before the first page and after every page; each page's ratios use the runs beside it.
"""

import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import loadgen, server  # noqa: E402

CONNECTIONS = 16
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONTACT_POSTS = int(os.environ.get("BENCH_CONTACT_POSTS", "2000"))
UNCACHED = "?bench=uncached"
# (page, share of the baseline's requests/s it must reach), from issue 6.
GOALS = {"article, cached": 0.80, "article, uncached": 0.20, "search": 0.10}
P99_GOAL_MS = 50


BASELINE = ("baseline: tiny template, no DB", "/_bench/baseline/")


def pages() -> list[tuple[str, str]]:
    from articles.models import Article
    from conditions.models import Condition

    article = Article.objects.live().filter(slug__contains="naltrexone").first() or Article.objects.live().first()
    condition = Condition.objects.live().exclude(slug__startswith="bench-").first()
    return [
        ("home, cached", "/"),
        ("home, uncached", "/" + UNCACHED),
        ("article list, cached", "/articles/"),
        ("article list, uncached", "/articles/" + UNCACHED),
        ("article, cached", article.get_absolute_url()),
        ("article, uncached", article.get_absolute_url() + UNCACHED),
        ("condition, cached", condition.get_absolute_url()),
        ("condition, uncached", condition.get_absolute_url() + UNCACHED),
        ("search", "/search/?q=naltrexone+dose"),
    ]


def measure(base: server.BaseURL) -> tuple[list[loadgen.Result], list[loadgen.Result]]:
    """Return the pages' results and the baseline's, measured before the first page and after each one.

    Other work on a shared machine comes and goes within minutes: each page is compared with the
    baseline runs on either side of it, not with one run at the start.
    """
    only = [word for word in os.environ.get("BENCH_ONLY", "").split(",") if word]
    chosen = [(name, path) for name, path in pages() if not only or any(word in name for word in only)]
    baselines = [get(base, *BASELINE)]
    results = []
    for name, path in chosen:
        results.append(get(base, name, path))
        baselines.append(get(base, *BASELINE))
    if not only:
        loadgen.post_contacts(base, 50, 4)  # warm up
        cpu = server.workers_cpu_seconds(base.pid)
        contact, _ = loadgen.post_contacts(base, CONTACT_POSTS, CONNECTIONS)
        results.append(with_cpu(contact, server.workers_cpu_seconds(base.pid) - cpu))
        baselines.append(get(base, *BASELINE))
    return results, baselines


def get(base: server.BaseURL, name: str, path: str) -> loadgen.Result:
    loadgen.wrk(name, base + path, connections=4, seconds=2)  # warm the cache and the connections
    cpu = server.workers_cpu_seconds(base.pid)
    result = loadgen.wrk(name, base + path, connections=CONNECTIONS, seconds=SECONDS)
    return with_cpu(result, server.workers_cpu_seconds(base.pid) - cpu)


def with_cpu(result: loadgen.Result, cpu_seconds: float) -> loadgen.Result:
    """Note the app server's CPU per request: unlike req/s, it hardly moves when other work shares the machine."""
    result.cpu_ms = cpu_seconds * 1000 / max(result.requests, 1)
    print(f"  {result.name:<34} {result.requests_per_second:8.0f} req/s {result.cpu_ms:6.2f} ms CPU", flush=True)
    return result


def ratios(results, baselines) -> list[tuple[loadgen.Result, float, float]]:
    """Return each result with its requests/s and CPU-per-request ratios to the baseline runs beside it."""
    rows = []
    for index, result in enumerate(results):
        beside = baselines[index : index + 2]
        rps = statistics.mean(b.requests_per_second for b in beside)
        cpu = statistics.mean(b.cpu_ms for b in beside)
        rows.append((result, result.requests_per_second / rps, cpu / result.cpu_ms if result.cpu_ms else 0))
    return rows


def table(results, baselines) -> str:
    rps = [b.requests_per_second for b in baselines]
    median = loadgen.Result(
        BASELINE[0],
        statistics.median(rps),
        statistics.median(b.p50_ms for b in baselines),
        statistics.median(b.p99_ms for b in baselines),
        sum(b.errors for b in baselines),
        sum(b.requests for b in baselines),
        statistics.median(b.cpu_ms for b in baselines),
    )
    lines = [
        f"{'page':<34} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'vs baseline':>11} "
        f"{'CPU ms/req':>10} {'vs baseline':>11}",
        "-" * 101,
        f"{median.name:<34} {median.requests_per_second:7.0f} {median.p50_ms:7.1f} {median.p99_ms:7.1f} "
        f"{median.errors:6d} {'100%':>11} {median.cpu_ms:10.2f} {'100%':>11}",
    ]
    for r, ratio, cpu_ratio in ratios(results, baselines):
        lines.append(
            f"{r.name:<34} {r.requests_per_second:7.0f} {r.p50_ms:7.1f} {r.p99_ms:7.1f} {r.errors:6d} {ratio:11.0%} "
            f"{r.cpu_ms:10.2f} {cpu_ratio:11.0%}"
        )
    lines.append(
        f"(baseline: median of {len(baselines)} runs, {min(rps):.0f}-{max(rps):.0f} req/s; each page is compared "
        "with the runs just before and after it)"
    )
    return "\n".join(lines)


def goals(results, baselines) -> str:
    by_name = {r.name: (r, ratio, cpu_ratio) for r, ratio, cpu_ratio in ratios(results, baselines)}
    lines = []
    for name, share in GOALS.items():
        if name not in by_name:
            continue
        _, ratio, cpu_ratio = by_name[name]
        lines.append(
            f"{'met ' if ratio >= share else 'MISSED'} {name}: {ratio:.0%} of baseline req/s (goal {share:.0%}); "
            f"by app-server CPU per request {cpu_ratio:.0%}"
        )
    for r in results:
        if r.name.endswith(", cached"):
            ok = r.p99_ms < P99_GOAL_MS
            lines.append(f"{'met ' if ok else 'MISSED'} {r.name}: p99 {r.p99_ms:.1f} ms (goal < {P99_GOAL_MS} ms)")
    return "\n".join(lines)


def main() -> None:
    loadgen.ensure_wrk()
    if os.environ.get("BENCH_REUSE") != "1":  # BENCH_REUSE=1 measures the database a last run prepared
        server.prepare()
    server.setup_django()
    print(
        f"Measuring with wrk, {CONNECTIONS} connections, {SECONDS} s per page; gunicorn "
        f"{server.WORKERS} workers x {server.THREADS} threads ({server.WORKER_CLASS}) on port {server.PORT}.",
        flush=True,
    )
    with server.gunicorn() as base:
        results, baselines = measure(base)
    print()
    print(table(results, baselines))
    print()
    print(goals(results, baselines))


if __name__ == "__main__":
    main()
