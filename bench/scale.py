"""`make bench-scale`: what an uncached page costs at 500, 5,000 and 50,000 articles (issue 29, item 6).

Grows the generated corpus (bench/corpus.py) in one PostgreSQL database, DATABASE_URL (``recovery_bench``
by default; ``BENCH_REUSE=1`` is implied: pages already there are kept), through the sizes in
BENCH_SCALE_SIZES, and at each size renders each page afresh with Django's test client in this process
(the page cache off): no server, no wrk, one request at a time. For each page it prints the median over
BENCH_SCALE_REPEATS requests (5) of the wall time (Django and PostgreSQL) and of this process's CPU time
(Django alone), the number of queries, and at the end the ratio of the largest size to the one before it,
against the goal: at most 1.5. Informative: a shared machine moves the times, never the query counts.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = [int(size) for size in os.environ.get("BENCH_SCALE_SIZES", "500,5000,50000").split(",")]
REPEATS = int(os.environ.get("BENCH_SCALE_REPEATS", "5"))
GOAL = 1.5


def setup() -> None:
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/recovery_bench")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY="bench-only-secret-key-0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a",  # noqa: S106
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_LOG_LEVEL="WARNING",
        PAGE_CACHE_SECONDS="0",  # every request renders afresh
    )
    os.environ.pop("DJANGO_DEBUG", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)  # production settings read the hashed names


def pages() -> list[tuple[str, str]]:
    from articles.models import Article

    middle = Article.objects.live().filter(slug__startswith="bench-article-").order_by("pk")
    article = middle[middle.count() // 2]
    last_file = (Article.objects.live().count() - 1) // int(os.environ.get("SITEMAP_SECTION_URLS", "2000")) + 1
    return [
        ("article (uncached)", article.get_absolute_url()),
        ("article list", "/articles/"),
        ("article list, page 3", "/articles/?page=3"),
        ("search (naltrexone dose)", "/search/?q=naltrexone+dose"),
        ("search, typo (naltrxone)", "/search/?q=naltrxone"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap, last articles file", f"/sitemap-articles.xml?p={last_file}"),
    ]


def measure(path: str) -> tuple[float, float, int]:
    """Return the median wall and CPU milliseconds of REPEATS requests, and the queries of one."""
    from django.db import connection
    from django.test import Client

    client = Client()
    queries = []

    def counted(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        assert client.get(path).status_code == 200, path  # also warms this process's per-version fragments
    walls, cpus = [], []
    for _ in range(REPEATS):
        wall, cpu = time.perf_counter(), time.process_time()
        client.get(path)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus), len(queries)


def main() -> None:
    setup()
    from bench import corpus

    results: dict[int, dict[str, tuple[float, float, int]]] = {}
    for size in SIZES:
        print(f"Corpus: {size} articles ...", flush=True)
        corpus.build(size, int(os.environ.get("BENCH_CONDITIONS", "100")))
        results[size] = {name: measure(path) for name, path in pages()}
        print(f"{'page':32} {'wall ms':>8} {'CPU ms':>7} {'queries':>7}")
        for name, (wall, cpu, queries) in results[size].items():
            print(f"{name:32} {wall:8.1f} {cpu:7.1f} {queries:7}")
    if len(SIZES) > 1:
        small, large = SIZES[-2], SIZES[-1]
        print(f"\nRatio {large} / {small} articles (goal: at most {GOAL}):")
        for name in results[large]:
            wall = results[large][name][0] / results[small][name][0]
            queries = f"{results[small][name][2]} -> {results[large][name][2]} queries"
            print(f"{name:32} {wall:5.2f} {'ok' if wall <= GOAL else 'OVER'}  ({queries})")


if __name__ == "__main__":
    main()
