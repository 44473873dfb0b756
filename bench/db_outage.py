"""Database outage under load: a calm 503, a failing health check, recovery without a restart.

Starts the site under gunicorn, reaching PostgreSQL through a proxy (bench/tcp_proxy.py), puts it
under load (page readers, contact posters, a health-check poller), then cuts the proxy for a few
seconds: every connection is reset mid-query (commits in flight lose their answers) and new ones are
refused, as when the database server dies. It reports what visitors saw during and after the outage,
how long recovery took, whether every acknowledged contact submission is in the database, and whether
any stored submission was reported to its visitor as not sent. The machine's PostgreSQL keeps running.
Run: ``python bench/db_outage.py`` (BENCH_REUSE=1 skips preparing the database).
"""

import collections
import os
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import loadgen, server  # noqa: E402
from bench.tcp_proxy import Proxy  # noqa: E402

OUTAGE_SECONDS = float(os.environ.get("OUTAGE_SECONDS", "6"))
RECOVERY_LIMIT = 15.0


class Recorder:
    """Everything visitors were told, with when."""

    def __init__(self):
        self.lock = threading.Lock()
        self.events: list[dict] = []
        self.acknowledged: set[uuid.UUID] = set()
        self.told_not_sent: set[uuid.UUID] = set()
        self.sent: set[uuid.UUID] = set()

    def add(self, kind: str, status: int, body: bytes = b"") -> None:
        text = body.decode(errors="replace")
        friendly = "tel:988" in text and "tel:+1" in text  # the crisis line and the admissions phone
        leak = "Traceback" in text or "OperationalError" in text or "psycopg" in text
        with self.lock:
            self.events.append(
                {"at": time.monotonic(), "kind": kind, "status": status, "friendly": friendly, "leak": leak}
            )


def read_pages(base: str, paths: list[str], recorder: Recorder, stop: threading.Event) -> None:
    browser = loadgen.Browser(base, timeout=5)
    n = 0
    while not stop.is_set():
        path = paths[n % len(paths)]
        n += 1
        try:
            status, _, body = browser.request("GET", path)
        except OSError:
            status, body = 0, b""
        recorder.add("page, cached" if "bench=" not in path else "page, uncached", status, body)
        time.sleep(0.02)


def post_contacts(base: str, recorder: Recorder, stop: threading.Event) -> None:
    browser = loadgen.Browser(base, timeout=10)
    browser.open_form()
    n = 0
    while not stop.is_set():
        token = uuid.uuid4()
        with recorder.lock:
            recorder.sent.add(token)
        body = urllib.parse.urlencode({**loadgen.contact_fields(n, token), "csrfmiddlewaretoken": browser.csrf_token})
        try:
            cookies = f"csrftoken={browser.csrf_cookie}"
            status, headers, page = browser.request("POST", "/contact/", body, cookies=cookies)
            location = headers.get("location", "")
        except OSError:
            status, location, page = 0, "", b""
        n += 1
        recorder.add("contact post", status, page)
        with recorder.lock:
            if loadgen.acknowledged(status, location):
                recorder.acknowledged.add(token)
            elif b"your message was not sent" in page:
                recorder.told_not_sent.add(token)
        time.sleep(0.05)


def poll_health(base: str, recorder: Recorder, stop: threading.Event) -> None:
    browser = loadgen.Browser(base, timeout=5)
    while not stop.is_set():
        try:
            status, _, _ = browser.request("GET", "/healthz/")
        except OSError:
            status = 0
        recorder.add("health check", status)
        time.sleep(0.2)


def outage(base: str, paths: list[str], proxy: Proxy) -> tuple[Recorder, dict]:
    recorder, stop = Recorder(), threading.Event()
    workers = [threading.Thread(target=read_pages, args=(base, paths, recorder, stop)) for _ in range(4)]
    workers += [threading.Thread(target=post_contacts, args=(base, recorder, stop)) for _ in range(4)]
    workers.append(threading.Thread(target=poll_health, args=(base, recorder, stop)))
    for worker in workers:
        worker.start()
    marks = {}
    try:
        time.sleep(3)
        marks["stop"] = time.monotonic()
        proxy.cut()
        time.sleep(OUTAGE_SECONDS)
        proxy.restore()
        marks["up"] = time.monotonic()
        time.sleep(RECOVERY_LIMIT)
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
    return recorder, marks


def report(recorder: Recorder, marks: dict) -> list[str]:
    phases = {"before": [], "during": [], "after": []}
    for event in recorder.events:
        phase = "before" if event["at"] < marks["stop"] else "during" if event["at"] < marks["up"] else "after"
        phases[phase].append(event)
    print(f"\nPostgreSQL unreachable for {marks['up'] - marks['stop']:.1f} s.")
    for phase, events in phases.items():
        counts = collections.Counter((e["kind"], e["status"]) for e in events)
        print(f"  {phase:<7} " + ", ".join(f"{kind} {status}: {n}" for (kind, status), n in sorted(counts.items())))
    during = phases["during"]
    failures = []
    leaks = sum(e["leak"] for e in recorder.events) + sum(e["status"] == 500 for e in recorder.events)
    if leaks:
        failures.append(f"{leaks} answers were a 500 or showed an error's details")
    if not any(e["kind"] == "health check" and e["status"] == 503 for e in during):
        failures.append("the health check never reported the outage")
    outage_pages = [e for e in during if e["kind"] == "page, uncached" and e["status"] == 503]
    if not outage_pages or not all(e["friendly"] for e in outage_pages):
        failures.append("uncached pages did not all get the friendly 503 page with the phone number and 988")
    recovered = [e["at"] for e in phases["after"] if e["kind"] == "page, uncached" and e["status"] == 200]
    if recovered:
        print(f"  first uncached page served {recovered[0] - marks['up']:.1f} s after PostgreSQL was ready")
    else:
        failures.append("pages did not recover without a restart")
    if any(e["status"] not in (200, 302) for e in phases["after"] if e["at"] > marks["up"] + 5):
        failures.append("errors continued more than 5 s after PostgreSQL was back")
    verify_submissions(recorder, failures)
    return failures


def verify_submissions(recorder: Recorder, failures: list[str]) -> dict:
    from django.db import connection

    from contact.models import ContactRequest

    connection.close()  # this process's connection died with the server
    stored = set(ContactRequest.objects.filter(token__in=recorder.sent).values_list("token", flat=True))
    lost = recorder.acknowledged - stored
    misreported = recorder.told_not_sent & stored
    summary = {"sent": len(recorder.sent), "acknowledged": len(recorder.acknowledged), "stored": len(stored)}
    summary["lost"] = len(lost)
    summary["stored but told not sent"] = len(misreported)
    if lost:
        failures.append(f"{len(lost)} acknowledged submissions are missing")
    if misreported:
        failures.append(f"{len(misreported)} stored submissions were reported to the visitor as not sent")
    print("  contact submissions: " + ", ".join(f"{k} {v}" for k, v in summary.items()))
    return summary


def main() -> int:
    if os.environ.get("BENCH_REUSE") != "1":
        server.prepare()
    server.setup_django()
    from articles.models import Article

    slugs = list(Article.objects.live().order_by("pk").values_list("slug", flat=True)[:20])
    paths = [f"/articles/{slug}/?bench=uncached" for slug in slugs] + ["/articles/", "/conditions/"]
    target = urllib.parse.urlsplit(server.DATABASE_URL)
    with Proxy((target.hostname, target.port or 5432)) as proxy:
        through_proxy = server.DATABASE_URL.replace(target.netloc, f"{target.username}@127.0.0.1:{proxy.port}")
        with server.gunicorn(DATABASE_URL=through_proxy) as base:
            for path in paths:  # the unmarked pages go into the page cache now
                loadgen.Browser(base).request("GET", path)
            recorder, marks = outage(base, paths, proxy)
    failures = report(recorder, marks)
    for failure in failures:
        print(f"FAIL: {failure}")
    if not failures:
        print("PASS: friendly 503 and failing health check during the outage, recovery without a restart, nothing lost")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
