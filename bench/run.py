"""`make bench`: one run, one report (issue 29, item 7): each figure a ratio to a reference measured in this run.

The report (bench/report.py) is printed and written to bench/results/latest.md (gitignored: a figure belongs to
the machine and the moment it was taken; README's table is the record, filled from a quiet machine's run).
What each line measures and why its reference: docs/performance.md. In short:

- the article through Varnish (deploy/varnish/default.vcl) against nginx serving the same bytes from a file;
- the Django hit against the minimal project's same bytes after one Redis GET;
- the CPU per uncached article and condition page against the minimal project's 1 KB view;
- the share of cached pages still hits after one publish at 5,000 articles (bench/cache_tags.py);
- each gunicorn worker's share of the uncached requests, and how idle the machine was meanwhile.

BENCH_QUICK=1 is a smoke run (a small corpus, 1 s runs, one round, the hit rate at 300 articles): it checks the
harness, its figures mean little. BENCH_SCALE=1 adds bench/scale.py's 500/5,000/50,000 figures (else
`make bench-scale` gives them). The hit rate grows the corpus to its size after the servers stopped, so a later
BENCH_REUSE=1 run measures that larger site.

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
import subprocess
import sys
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import cache_tags, corpus, front, loadgen, report, server  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK") == "1"
if QUICK:
    os.environ.setdefault("BENCH_ARTICLES", "200")
    os.environ.setdefault("BENCH_CONDITIONS", "40")
CONNECTIONS = 16
SECONDS = int(os.environ.get("BENCH_SECONDS", "1" if QUICK else "5"))
# Rounds per page, each a run of its reference view then a run of the page: the ratio is the median round's.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1" if QUICK else "3"))
CONTACT_POSTS = int(os.environ.get("BENCH_CONTACT_POSTS", "100" if QUICK else "2000"))
# The site size of the hit-rate goal (issue 29: 5,000 pages), smaller for a smoke run.
HIT_RATE_SIZE = (300, 60) if QUICK else (cache_tags.ARTICLES, cache_tags.CONDITIONS)
SCALE = os.environ.get("BENCH_SCALE") == "1"
RESULTS = Path(__file__).resolve().parent / "results" / "latest.md"
UNCACHED = "?bench=uncached"
ONE_KB, SAME_BYTES = "1 KB template (minimal Django)", "article's bytes from memory (minimal Django)"
AFTER_REDIS = "article's bytes after one Redis GET (minimal Django)"
REFERENCES = {ONE_KB: "/1kb/", SAME_BYTES: "/same-bytes/", AFTER_REDIS: "/same-bytes-after-redis/"}
# A cached page measured again against the floor of one Redis round trip: what exact invalidation costs.
AGAINST_REDIS = "article, cached, against one Redis GET"
SEARCH_NEW = "search (naltrexone dose), a new query every request"
FLOOR = "robots.txt, uncached (the site's middleware alone)"
# page -> (the reference it is compared with, the share of that reference's requests/s it must reach): issue 14.
GOALS = {
    "article, cached": (SAME_BYTES, 0.80),
    "article, uncached": (ONE_KB, 0.10),
    "search (naltrexone dose)": (ONE_KB, 0.05),
    "search, typo (fibromyalga)": (ONE_KB, 0.05),
    SEARCH_NEW: (ONE_KB, 0.05),
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
        # The same search with an exclusion nobody's pages contain, different every request: never asked before,
        # so ranked afresh (a query asked again is answered from the content cache until content changes).
        (SEARCH_NEW, f"/search/?q=naltrexone+dose+-zq{loadgen.EVERY_REQUEST}"),
        # The floor under every uncached page: the site's middleware around a view with no query or template.
        (FLOOR, "/robots.txt" + UNCACHED),
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
    only = [word for word in os.environ.get("BENCH_ONLY", "article,condition" if QUICK else "").split(",") if word]
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
    served = server.requests_by_worker(base)
    result = loadgen.wrk(name, base + path, connections=CONNECTIONS, seconds=SECONDS)
    result.shares = report.shares(served, server.requests_by_worker(base))
    result.idle = report.idle_fraction(idle, server.machine_idle_seconds())
    print(f"    workers' shares and idle time: {report.balance_text(result.shares, result.idle)}", flush=True)
    return with_cpu(result, server.workers_cpu_seconds(base.pid) - sum(each.values()))


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


def measure_front(site: server.BaseURL, path: str, page: bytes) -> list[tuple[loadgen.Result, loadgen.Result]]:
    """Measure the article through Varnish and the same bytes from nginx, alternately; return (Varnish, nginx) runs."""
    varnish_port = front.free_port(server.PORT + 2)
    with (
        front.varnish(server.PORT, varnish_port) as varnish,
        front.nginx(page, front.free_port(varnish_port + 1), workers=len(os.sched_getaffinity(0))) as nginx,
    ):
        for _ in range(2):
            with urllib.request.urlopen(varnish + path, timeout=10) as response:
                stored = response.headers.get("X-Cache")
        if stored != "hit":
            print(f"  Varnish did not store the article (X-Cache: {stored}): its figure is Django's.", flush=True)
        pairs = []
        for _ in range(ROUNDS):
            run = {"connections": CONNECTIONS, "seconds": SECONDS}
            reference = loadgen.wrk("nginx, same bytes from a file", nginx + "/", **run)
            through = loadgen.wrk("article through Varnish", varnish + path, **run)
            for result in (reference, through):
                print(f"  {result.name:<46} {result.requests_per_second:8.0f} req/s", flush=True)
            pairs.append((through, reference))
    return pairs


def figures(rows: list[Row], front_pairs: list, hit_rate: tuple[int, int, list[str]]) -> list[report.Figure]:
    """Return the report's lines: each goal of issue 29 beside its figure, as a ratio to its reference."""
    found = {row.name: row for row in rows}
    lines = []
    if front_pairs:
        through = statistics.median(page.requests_per_second for page, _ in front_pairs)
        nginx = statistics.median(ref.requests_per_second for _, ref in front_pairs)
        lines.append(report.Figure(
            "article through Varnish, req/s", "nginx: the same bytes from a file",
            statistics.median(report.ratio(page.requests_per_second, ref.requests_per_second)
                              for page, ref in front_pairs),
            (report.AT_LEAST, 0.5), detail=f"{through:.0f} against {nginx:.0f} req/s",
        ))  # fmt: skip
    if AGAINST_REDIS in found:
        row = found[AGAINST_REDIS]
        lines.append(report.Figure(
            "Django's page-cache hit, req/s", "minimal Django: the same bytes after one Redis GET",
            row.median(lambda page, ref: report.ratio(page.requests_per_second, ref.requests_per_second)),
            detail=f"CPU {row.median(lambda page, ref: page.cpu_ms):.2f} against "
            f"{row.median(lambda page, ref: ref.cpu_ms):.2f} ms a request (its floor: 1.00)",
        ))  # fmt: skip
    for name in ("article, uncached", "condition, uncached"):
        if name in found:
            row = found[name]
            lines.append(report.Figure(
                f"{name.split(',')[0]}, uncached: CPU a request", "minimal Django: the 1 KB view's CPU",
                row.median(lambda page, ref: report.ratio(page.cpu_ms, ref.cpu_ms)), (report.AT_MOST, 8), unit="times",
                detail=f"{row.median(lambda page, ref: page.cpu_ms):.2f} against "
                f"{row.median(lambda page, ref: ref.cpu_ms):.2f} ms",
            ))  # fmt: skip
    hits, others, refreshed = hit_rate
    if others:
        lines.append(report.Figure(
            f"hit rate after one publish ({HIT_RATE_SIZE[0]:,} articles)", f"the {others:,} other cached pages",
            hits / others, (report.AT_LEAST, cache_tags.GOAL), unit="percent", detail=f"{len(refreshed)} refreshed",
        ))  # fmt: skip
    if "article, uncached" in found:
        last = found["article, uncached"].pairs[-1][0]
        lines.append(report.Figure(
            "machine idle while uncached articles render", "all cores, /proc/stat", last.idle, unit="percent",
            detail="workers' shares of the requests: " + report.balance_text(last.shares, last.idle).split(";")[0],
        ))  # fmt: skip
    return lines


def save_article_bytes(site: server.BaseURL) -> Path:
    """Write the article page as an anonymous visitor gets it, for the minimal project's same-bytes view."""
    article = dict(pages())["article, cached"]
    with urllib.request.urlopen(site + article, timeout=10) as response:
        body = response.read()
    path = Path(tempfile.gettempdir()) / f"bench-article-{os.getpid()}.html"
    path.write_bytes(body)
    print(f"Article page: {len(body)} bytes.", flush=True)
    return path


def scale_figures() -> str:
    """Return bench/scale.py's output (500, 5,000 and 50,000 articles), run in a process of its own."""
    env = {**os.environ, "DATABASE_URL": server.DATABASE_URL}
    command = [server.PYTHON, str(Path(__file__).resolve().parent / "scale.py")]
    output = subprocess.run(command, cwd=server.ROOT, env=env, capture_output=True, text=True, check=True).stdout
    print(output, flush=True)
    return output


def main() -> None:
    loadgen.ensure_wrk()
    front.executable("varnishd"), front.executable("nginx")  # say what to install before preparing anything
    if os.environ.get("BENCH_REUSE") != "1":  # BENCH_REUSE=1 measures the database a last run prepared
        server.prepare()
    server.setup_django()
    from articles.models import Article

    live = Article.objects.live().count()
    notes = [
        f"{'QUICK smoke run (BENCH_QUICK=1): the harness works; the figures mean little. ' if QUICK else ''}"
        f"{live:,} live articles; wrk, {CONNECTIONS} connections, {SECONDS} s a run, {ROUNDS} round(s), each ratio "
        f"the median round's; {server.described()}.",
        f"Load average before: {load_average()}.",
    ]
    print(notes[0], flush=True)
    # SHARED_CACHE_SECONDS: the site marks its pages for a shared cache, as it does behind Varnish in production.
    with server.gunicorn(SHARED_CACHE_SECONDS="600") as site:
        same_bytes = save_article_bytes(site)
        minimal_env = {"BENCH_SAME_BYTES_FILE": str(same_bytes), "DJANGO_SETTINGS_MODULE": "bench.minimal.settings"}
        with server.gunicorn(front.free_port(server.PORT + 1), "bench.minimal.wsgi:application", "/1kb/",
                             **minimal_env) as minimal:  # fmt: skip
            rows = measure(site, minimal)
        front_pairs = measure_front(site, dict(pages())["article, cached"], same_bytes.read_bytes())
    same_bytes.unlink()
    notes.append(f"Load average after: {load_average()}.")
    print(f"Hit rate: growing the corpus to {HIT_RATE_SIZE[0]:,} articles ...", flush=True)
    corpus.build(*HIT_RATE_SIZE)
    hit_rate = cache_tags.hit_rate_after_one_publish()
    notes.append("Refreshed by the publish: " + (" ".join(hit_rate[2]) or "nothing") + ".")
    notes.append("Scale (500 / 5,000 / 50,000 articles): " + ("below." if SCALE else "`make bench-scale`."))
    text = "# `make bench`\n\n" + report.markdown(figures(rows, front_pairs, hit_rate), notes)
    text += "\n## Every page, against minimal Django\n\n" + table(rows) + "\n"
    if SCALE:
        text += "\n## Scale (bench/scale.py)\n\n```\n" + scale_figures() + "```\n"
    print()
    print(text)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(text)
    print(f"Written to {RESULTS.relative_to(server.ROOT)}.")


def load_average() -> str:
    """Return the 1, 5 and 15 minute load averages: how much else shared the machine during the run."""
    return ", ".join(f"{load:.1f}" for load in os.getloadavg())


if __name__ == "__main__":
    main()
