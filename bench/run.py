"""`make bench`: the site under gunicorn with production settings, against a minimal Django project.

Prepares PostgreSQL ``recovery_bench`` (demo content plus a generated corpus: BENCH_ARTICLES, default
500, and BENCH_CONDITIONS, default 100) and Redis db 6, starts the site's gunicorn on BENCH_PORT (8005)
and the minimal project's (bench/minimal/: no apps, no middleware, no database) on the next port, under
the same gunicorn settings. Each page is measured with wrk (16 connections) in BENCH_ROUNDS rounds (3), each
a run of one of the minimal project's views (a 1 KB template, or the article page's exact bytes returned
from memory) just before a run of the page; its ratio is the median of the rounds' ratios, so other work on a
shared machine, or one slow run, moves both sides of a ratio alike or not at all. The cached article is also
compared with the same bytes returned after one Redis GET: the floor for a hit that asks Redis once.
A query string the page cache does not know (``?bench=uncached``) renders a page afresh.

BENCH_REUSE=1 measures the database a previous run prepared; BENCH_SECONDS, BENCH_CONTACT_POSTS and
BENCH_WORKERS/BENCH_THREADS/BENCH_WORKER_CLASS change the run; BENCH_ONLY=article,search measures only
the pages whose names contain those words (and no contact posts).
"""

import os
import statistics
import sys
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import loadgen, server  # noqa: E402

CONNECTIONS = 16
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
# Rounds per page, each a run of its reference view then a run of the page: the ratio is the median round's.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONTACT_POSTS = int(os.environ.get("BENCH_CONTACT_POSTS", "2000"))
UNCACHED = "?bench=uncached"
ONE_KB, SAME_BYTES = "1 KB template (minimal Django)", "article's bytes from memory (minimal Django)"
AFTER_REDIS = "article's bytes after one Redis GET (minimal Django)"
REFERENCES = {ONE_KB: "/1kb/", SAME_BYTES: "/same-bytes/", AFTER_REDIS: "/same-bytes-after-redis/"}
# A cached page measured again against the floor of one Redis round trip: what exact invalidation costs.
AGAINST_REDIS = "article, cached, against one Redis GET"
# page -> (the reference it is compared with, the share of that reference's requests/s it must reach): issue 14.
GOALS = {
    "article, cached": (SAME_BYTES, 0.80),
    "article, uncached": (ONE_KB, 0.10),
    "search (naltrexone dose)": (ONE_KB, 0.05),
    "search, typo (fibromyalga)": (ONE_KB, 0.05),
}


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
        (AGAINST_REDIS, article.get_absolute_url()),
        ("article, uncached", article.get_absolute_url() + UNCACHED),
        ("condition, cached", condition.get_absolute_url()),
        ("condition, uncached", condition.get_absolute_url() + UNCACHED),
        ("search (naltrexone dose)", "/search/?q=naltrexone+dose"),
        ("search, typo (fibromyalga)", "/search/?q=fibromyalga"),
    ]


@dataclass
class Row:
    """One page's runs, each paired with a run of its reference taken just before it."""

    name: str
    reference: str
    pairs: list[tuple[loadgen.Result, loadgen.Result]]

    def median(self, value) -> float:
        return statistics.median(value(page, reference) for page, reference in self.pairs)


def measure(site: server.BaseURL, minimal: server.BaseURL) -> list[Row]:
    """Measure each page in ROUNDS rounds, each round a run of its reference view then a run of the page.

    Alternating the two and taking the median of the rounds' ratios keeps a moment of other work on the
    machine (or a slow reference run) from deciding a ratio either way.
    """
    only = [word for word in os.environ.get("BENCH_ONLY", "").split(",") if word]
    chosen = [(name, path) for name, path in pages() if not only or any(word in name for word in only)]
    rows = []
    for name, path in chosen:
        reference = reference_for(name)
        pairs = []
        for _ in range(ROUNDS):
            before = get(minimal, reference, REFERENCES[reference])
            pairs.append((get(site, name, path), before))
        rows.append(Row(name, reference, pairs))
    if not only:
        loadgen.post_contacts(site, 50, 4)  # warm up
        before = get(minimal, ONE_KB, REFERENCES[ONE_KB])
        cpu = server.workers_cpu_seconds(site.pid)
        contact, _ = loadgen.post_contacts(site, CONTACT_POSTS, CONNECTIONS)
        contact = with_cpu(contact, server.workers_cpu_seconds(site.pid) - cpu)
        rows.append(Row(contact.name, ONE_KB, [(contact, before)]))
    return rows


def get(base: server.BaseURL, name: str, path: str) -> loadgen.Result:
    loadgen.wrk(name, base + path, connections=4, seconds=1)  # warm the cache and the connections
    each, idle = server.each_worker_cpu_seconds(base.pid), server.machine_idle_seconds()
    result = loadgen.wrk(name, base + path, connections=CONNECTIONS, seconds=SECONDS)
    print_balance(each, server.each_worker_cpu_seconds(base.pid), idle, server.machine_idle_seconds())
    return with_cpu(result, server.workers_cpu_seconds(base.pid) - sum(each.values()))


def print_balance(before: dict, after: dict, idle_before: tuple, idle_after: tuple) -> None:
    """Print each worker's share of the CPU the app server used, and how idle the machine was meanwhile."""
    used = {pid: seconds - before.get(pid, 0) for pid, seconds in after.items()}
    total = sum(used.values()) or 1
    shares = " ".join(f"{seconds / total:.0%}" for seconds in sorted(used.values(), reverse=True))
    idle, elapsed = idle_after[0] - idle_before[0], idle_after[1] - idle_before[1]
    print(f"    workers' shares {shares}; machine idle {idle / elapsed if elapsed else 0:.0%}", flush=True)


def with_cpu(result: loadgen.Result, cpu_seconds: float) -> loadgen.Result:
    """Note the app server's CPU per request: unlike req/s, it hardly moves when other work shares the machine."""
    result.cpu_ms = cpu_seconds * 1000 / max(result.requests, 1)
    print(f"  {result.name:<46} {result.requests_per_second:8.0f} req/s {result.cpu_ms:6.2f} ms CPU", flush=True)
    return result


def reference_for(name: str) -> str:
    if name == AGAINST_REDIS:
        return AFTER_REDIS
    return GOALS.get(name, (SAME_BYTES if name.endswith(", cached") else ONE_KB, 0))[0]


def table(rows: list[Row]) -> str:
    lines = [
        "| page | req/s | p50 ms | p99 ms | errors | CPU ms/req | compared with | its req/s | ratio (req/s) "
        "| ratio (CPU) | goal |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        goal = GOALS.get(row.name)
        ratio = row.median(lambda page, ref: page.requests_per_second / ref.requests_per_second)
        cpu_ratio = row.median(lambda page, ref: ref.cpu_ms / page.cpu_ms if page.cpu_ms else 0)
        verdict = f"≥ {goal[1]:.2f}: {'met' if ratio >= goal[1] else 'MISSED'}" if goal else ""
        short = {ONE_KB: "1 KB", SAME_BYTES: "same bytes", AFTER_REDIS: "same bytes + Redis GET"}[row.reference]
        errors = sum(page.errors for page, _ in row.pairs)
        lines.append(
            f"| {row.name} | {row.median(lambda page, ref: page.requests_per_second):.0f} "
            f"| {row.median(lambda page, ref: page.p50_ms):.1f} | {row.median(lambda page, ref: page.p99_ms):.1f} "
            f"| {errors} | {row.median(lambda page, ref: page.cpu_ms):.2f} | {short} "
            f"| {row.median(lambda page, ref: ref.requests_per_second):.0f} "
            f"| {ratio:.2f} | {cpu_ratio:.2f} | {verdict} |"
        )
    return "\n".join(lines)


def save_article_bytes(site: server.BaseURL) -> Path:
    """Write the article page as an anonymous visitor gets it, for the minimal project's same-bytes view."""
    article = dict(pages())["article, cached"]
    with urllib.request.urlopen(site + article, timeout=10) as response:
        body = response.read()
    path = Path(tempfile.gettempdir()) / f"bench-article-{os.getpid()}.html"
    path.write_bytes(body)
    print(f"Article page: {len(body)} bytes.", flush=True)
    return path


def main() -> None:
    loadgen.ensure_wrk()
    if os.environ.get("BENCH_REUSE") != "1":  # BENCH_REUSE=1 measures the database a last run prepared
        server.prepare()
    server.setup_django()
    from articles.models import Article

    print(
        f"{Article.objects.live().count()} live articles. wrk, {CONNECTIONS} connections, {SECONDS} s per page; "
        f"{server.described()} on ports "
        f"{server.PORT} (site) and {server.PORT + 1} (minimal Django).",
        flush=True,
    )
    print(f"Load average before: {load_average()}", flush=True)
    with server.gunicorn() as site:
        same_bytes = save_article_bytes(site)
        minimal_env = {"BENCH_SAME_BYTES_FILE": str(same_bytes), "DJANGO_SETTINGS_MODULE": "bench.minimal.settings"}
        with server.gunicorn(server.PORT + 1, "bench.minimal.wsgi:application", "/1kb/", **minimal_env) as minimal:
            rows = measure(site, minimal)
    print(f"Load average after: {load_average()}", flush=True)
    print()
    print(table(rows))


def load_average() -> str:
    """Return the 1, 5 and 15 minute load averages: how much else shared the machine during the run."""
    return ", ".join(f"{load:.1f}" for load in os.getloadavg())


if __name__ == "__main__":
    main()
