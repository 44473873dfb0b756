"""Contact form under load: every acknowledged submission is stored exactly once.

Posts thousands of valid submissions at 32 concurrent connections to the site under
gunicorn on PostgreSQL; one in ten is a double click (the same form posted twice at
once on two connections) and one in ten a retry (posted again after the answer). Then
it checks the database: no acknowledged submission missing, none stored twice.

Run: ``python bench/contact_load.py`` (BENCH_REUSE=1 skips preparing the database).
Exits non-zero if anything was lost or duplicated.
"""

import concurrent.futures
import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import loadgen, server  # noqa: E402

POSTS = int(os.environ.get("CONTACT_LOAD_POSTS", "3000"))
CONCURRENCY = int(os.environ.get("CONTACT_LOAD_CONCURRENCY", "32"))


def submit(base: str, n: int, local: threading.local) -> dict:
    """Send visitor n's form once, as a double click, or as a retry; return what they were told."""
    if not hasattr(local, "browsers"):
        local.browsers = [loadgen.Browser(base), loadgen.Browser(base)]
        for browser in local.browsers:
            browser.open_form()
    token = uuid.uuid4()
    fields = loadgen.contact_fields(n, token)
    kind = {0: "double click", 5: "retry"}.get(n % 10, "single")
    began = time.perf_counter()
    if kind == "double click":
        with concurrent.futures.ThreadPoolExecutor(2) as clicks:
            answers = list(clicks.map(lambda browser: _post(browser, fields), local.browsers))
    elif kind == "retry":
        answers = [_post(local.browsers[0], fields), _post(local.browsers[1], fields)]
    else:
        answers = [_post(local.browsers[0], fields)]
    elapsed = (time.perf_counter() - began) * 1000
    return {"token": token, "kind": kind, "answers": answers, "ms": elapsed}


def _post(browser: loadgen.Browser, fields: dict) -> tuple[int, str]:
    try:
        return browser.post_contact(fields)
    except OSError as error:
        return 0, type(error).__name__


def check(outcomes: list[dict]) -> dict:
    """Compare what visitors were told with what the database holds."""
    from django.db.models import Count

    from contact.models import ContactRequest

    sent = {o["token"] for o in outcomes}
    acknowledged = {o["token"] for o in outcomes if any(loadgen.acknowledged(*a) for a in o["answers"])}
    rows = ContactRequest.objects.filter(token__in=sent)
    stored = set(rows.values_list("token", flat=True))
    duplicated = rows.values("token").annotate(n=Count("pk")).filter(n__gt=1).count()
    return {
        "submissions": len(sent),
        "posts": sum(len(o["answers"]) for o in outcomes),
        "acknowledged": len(acknowledged),
        "stored": rows.count(),
        "lost": len(acknowledged - stored),
        "duplicated": duplicated,
        "refused": sum(1 for o in outcomes for a in o["answers"] if not loadgen.acknowledged(*a)),
        "spam": rows.exclude(spam_reason="").count(),
    }


def run(base: str, posts: int = POSTS, concurrency: int = CONCURRENCY) -> tuple[dict, list[dict], float]:
    local = threading.local()
    began = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        outcomes = list(pool.map(lambda n: submit(base, n, local), range(posts)))
    return check(outcomes), outcomes, time.perf_counter() - began


def main() -> int:
    if os.environ.get("BENCH_REUSE") != "1":
        server.prepare()
    server.setup_django()
    with server.gunicorn() as base:
        result, outcomes, duration = run(base)
    timings = sorted(o["ms"] for o in outcomes)
    print(f"\nContact load: {POSTS} submissions at {CONCURRENCY} concurrent connections in {duration:.1f} s")
    print(f"  {result['posts']} posts ({result['posts'] / duration:.0f}/s), p50 {statistics.median(timings):.0f} ms, "
          f"p99 {timings[int(len(timings) * 0.99) - 1]:.0f} ms per submission")  # fmt: skip
    for name, value in result.items():
        print(f"  {name:<13} {value}")
    ok = result["lost"] == 0 and result["duplicated"] == 0
    print("PASS: every acknowledged submission stored exactly once" if ok else "FAIL: see the counts above")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
