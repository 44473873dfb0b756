"""`make bench`: the site under gunicorn with production settings, against a minimal Django project.

Prepares PostgreSQL ``recovery_bench`` (demo content plus a generated corpus: BENCH_ARTICLES, default
500, and BENCH_CONDITIONS, default 100) and Redis db 6, starts the site's gunicorn on BENCH_PORT (8005)
and the minimal project's (bench/minimal/: no apps, no middleware, no database) on the next port, under
the same gunicorn settings. Each page is measured with wrk (16 connections) and compared with one of the
minimal project's two views: a 1 KB template, or the article page's exact bytes returned from memory.
Both references are measured before the first page and after every page, and each page is compared with
the runs just before and after it, so other work on a shared machine moves both sides of a ratio alike.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import loadgen, server  # noqa: E402

CONNECTIONS = 16
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONTACT_POSTS = int(os.environ.get("BENCH_CONTACT_POSTS", "2000"))
UNCACHED = "?bench=uncached"
ONE_KB, SAME_BYTES = "1 KB template (minimal Django)", "article's bytes from memory (minimal Django)"
REFERENCES = {ONE_KB: "/1kb/", SAME_BYTES: "/same-bytes/"}
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
        ("article, uncached", article.get_absolute_url() + UNCACHED),
        ("condition, cached", condition.get_absolute_url()),
        ("condition, uncached", condition.get_absolute_url() + UNCACHED),
        ("search (naltrexone dose)", "/search/?q=naltrexone+dose"),
        ("search, typo (fibromyalga)", "/search/?q=fibromyalga"),
    ]


def measure(site: server.BaseURL, minimal: server.BaseURL) -> tuple[list, list[dict]]:
    """Return the pages' results and the references' runs (before the first page and after each one)."""
    only = [word for word in os.environ.get("BENCH_ONLY", "").split(",") if word]
    chosen = [(name, path) for name, path in pages() if not only or any(word in name for word in only)]
    references = [measure_references(minimal)]
    results = []
    for name, path in chosen:
        results.append(get(site, name, path))
        references.append(measure_references(minimal))
    if not only:
        loadgen.post_contacts(site, 50, 4)  # warm up
        cpu = server.workers_cpu_seconds(site.pid)
        contact, _ = loadgen.post_contacts(site, CONTACT_POSTS, CONNECTIONS)
        results.append(with_cpu(contact, server.workers_cpu_seconds(site.pid) - cpu))
        references.append(measure_references(minimal))
    return results, references


def measure_references(minimal: server.BaseURL) -> dict:
    return {name: get(minimal, name, path) for name, path in REFERENCES.items()}


def get(base: server.BaseURL, name: str, path: str) -> loadgen.Result:
    loadgen.wrk(name, base + path, connections=4, seconds=2)  # warm the cache and the connections
    cpu = server.workers_cpu_seconds(base.pid)
    result = loadgen.wrk(name, base + path, connections=CONNECTIONS, seconds=SECONDS)
    return with_cpu(result, server.workers_cpu_seconds(base.pid) - cpu)


def with_cpu(result: loadgen.Result, cpu_seconds: float) -> loadgen.Result:
    """Note the app server's CPU per request: unlike req/s, it hardly moves when other work shares the machine."""
    result.cpu_ms = cpu_seconds * 1000 / max(result.requests, 1)
    print(f"  {result.name:<46} {result.requests_per_second:8.0f} req/s {result.cpu_ms:6.2f} ms CPU", flush=True)
    return result


def reference_for(name: str) -> str:
    return GOALS.get(name, (SAME_BYTES if name.endswith(", cached") else ONE_KB, 0))[0]


def ratios(results, references) -> list[tuple[loadgen.Result, str, float, float]]:
    """Return each result with its reference and its requests/s and CPU ratios to the reference runs beside it."""
    rows = []
    for index, result in enumerate(results):
        reference = reference_for(result.name)
        beside = [runs[reference] for runs in references[index : index + 2]]
        rps = statistics.mean(run.requests_per_second for run in beside)
        cpu = statistics.mean(run.cpu_ms for run in beside)
        cpu_ratio = cpu / result.cpu_ms if result.cpu_ms else 0
        rows.append((result, reference, result.requests_per_second / rps, cpu_ratio))
    return rows


def table(results, references) -> str:
    lines = [
        "| page | req/s | p50 ms | p99 ms | errors | CPU ms/req | compared with | ratio (req/s) | ratio (CPU) | goal |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |",
    ]
    for name in REFERENCES:
        runs = [each[name] for each in references]
        rps = [run.requests_per_second for run in runs]
        lines.append(
            f"| {name} (median of {len(runs)}, {min(rps):.0f}-{max(rps):.0f}) | {statistics.median(rps):.0f} "
            f"| {statistics.median(r.p50_ms for r in runs):.1f} | {statistics.median(r.p99_ms for r in runs):.1f} "
            f"| {sum(r.errors for r in runs)} | {statistics.median(r.cpu_ms for r in runs):.2f} | | | | |"
        )
    for r, reference, ratio, cpu_ratio in ratios(results, references):
        goal = GOALS.get(r.name)
        verdict = f"≥ {goal[1]:.2f}: {'met' if ratio >= goal[1] else 'MISSED'}" if goal else ""
        short = "1 KB" if reference == ONE_KB else "same bytes"
        lines.append(
            f"| {r.name} | {r.requests_per_second:.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.errors} | {r.cpu_ms:.2f} "
            f"| {short} | {ratio:.2f} | {cpu_ratio:.2f} | {verdict} |"
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
        f"gunicorn {server.WORKERS} workers x {server.THREADS} threads ({server.WORKER_CLASS}) on ports "
        f"{server.PORT} (site) and {server.PORT + 1} (minimal Django).",
        flush=True,
    )
    print(f"Load average before: {load_average()}", flush=True)
    with server.gunicorn() as site:
        same_bytes = save_article_bytes(site)
        minimal_env = {"BENCH_SAME_BYTES_FILE": str(same_bytes), "DJANGO_SETTINGS_MODULE": "bench.minimal.settings"}
        with server.gunicorn(server.PORT + 1, "bench.minimal.wsgi:application", "/1kb/", **minimal_env) as minimal:
            results, references = measure(site, minimal)
    print(f"Load average after: {load_average()}", flush=True)
    print()
    print(table(results, references))


def load_average() -> str:
    """Return the 1, 5 and 15 minute load averages: how much else shared the machine during the run."""
    return ", ".join(f"{load:.1f}" for load in os.getloadavg())


if __name__ == "__main__":
    main()
