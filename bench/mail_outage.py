"""Visitors never wait for mail: contact posts with a healthy, a dead and a dripping mail server.

For each mail server (all on this machine) it runs the site under gunicorn and a worker
(``run_worker``), both pointed at it, posts contact requests at 12 concurrent connections (MAIL_BENCH_CONCURRENCY), and
reports p50/p99. Each connection is its own client process: twelve client threads in one Python process
would wait for each other's GIL, and that wait would be counted as the server's latency. Then it
checks the database: every acknowledged request stored, each with its notification queued. With the
healthy server it lets the worker finish (``run_worker --batch``) and checks one mail arrived per request.

- healthy: a real SMTP server (aiosmtpd);
- dead: a socket that accepts connections and never answers (the request used to wait EMAIL_TIMEOUT);
- dripping: a socket that sends one byte every 5 s, so no socket timeout ever fires.

Run: ``python bench/mail_outage.py`` (BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_PORT and
MAIL_BENCH_PORT choose where; MAIL_BENCH_POSTS how many posts per server). Exits non-zero when a
request was lost, a notification missing, or the p99 above 300 ms.
"""

import concurrent.futures
import contextlib
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import loadgen, server  # noqa: E402

POSTS = int(os.environ.get("MAIL_BENCH_POSTS", "300"))
CONCURRENCY = int(os.environ.get("MAIL_BENCH_CONCURRENCY", "12"))
MAIL_PORT = int(os.environ.get("MAIL_BENCH_PORT", "8025"))
P99_GOAL_MS = 300


@contextlib.contextmanager
def healthy(port: int):
    from aiosmtpd.controller import Controller

    class Sink:
        count = 0

        async def handle_DATA(self, smtp, session, envelope):  # noqa: N802 (aiosmtpd's handler name)
            Sink.count += 1
            return "250 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield Sink
    finally:
        controller.stop()


@contextlib.contextmanager
def dead(port: int):
    listener = socket.create_server(("127.0.0.1", port), backlog=128)  # the kernel accepts; nobody answers
    try:
        yield None
    finally:
        listener.close()


@contextlib.contextmanager
def dripping(port: int):
    listener = socket.create_server(("127.0.0.1", port), backlog=128)
    stop = threading.Event()

    def drip(connection: socket.socket) -> None:
        with connection:
            for byte in b"220 mail.example ESMTP\r\n":
                if stop.wait(5):
                    return
                with contextlib.suppress(OSError):
                    connection.send(bytes([byte]))

    def accept() -> None:
        listener.settimeout(0.5)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError, OSError):
                connection, _ = listener.accept()
                threading.Thread(target=drip, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield None
    finally:
        stop.set()
        listener.close()


@contextlib.contextmanager
def worker(env: dict[str, str]):
    """Run `manage.py run_worker` beside the app server, as production does."""
    command = [server.PYTHON, "manage.py", "run_worker", "--no-scheduler", "-v", "0"]
    process = subprocess.Popen(command, cwd=server.ROOT, env=env)
    try:
        yield process
    finally:
        process.kill()
        process.wait()


def mail_env(port: int) -> dict[str, str]:
    return {
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(port),
    }


def warm_up(base: str) -> None:
    """Open the form a few times on every connection first, so cold workers (imports, new database connections)
    are not what the p99 measures: a deployed site has long been warm when a visitor posts."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(lambda _: loadgen.Browser(base).open_form(), range(CONCURRENCY * 4)))


def post_batch(base: str, batch: list[tuple[uuid.UUID, dict]]) -> list[dict]:
    """Post one client's share of the forms over one keep-alive connection, timing each post alone."""
    browser = loadgen.Browser(base)
    browser.open_form()
    outcomes = []
    for token, fields in batch:
        started = time.perf_counter()
        try:
            status, location = browser.post_contact(fields)
        except (http.client.HTTPException, OSError) as error:
            status, location = 0, type(error).__name__
        elapsed = (time.perf_counter() - started) * 1000
        outcomes.append({"token": token, "status": status, "location": location, "ms": elapsed})
    return outcomes


def post_contacts(base: str, count: int, concurrency: int) -> tuple[loadgen.Result, list[dict]]:
    """Post ``count`` distinct valid forms from ``concurrency`` client processes at once."""
    forms = [(token, loadgen.contact_fields(n, token)) for n, token in enumerate(uuid.uuid4() for _ in range(count))]
    batches = [forms[i::concurrency] for i in range(concurrency)]
    began = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(concurrency) as pool:
        outcomes = [o for batch in pool.map(post_batch, [base] * concurrency, batches) for o in batch]
    return loadgen.summarize("contact form POST", outcomes, time.perf_counter() - began), outcomes


def check(outcomes: list[dict]) -> tuple[int, int, int]:
    """Return (acknowledged, stored, queued) for this run's posts."""
    from django_tasks_db.models import DBTaskResult

    from contact.models import ContactRequest

    tokens = [o["token"] for o in outcomes if loadgen.acknowledged(o["status"], o["location"])]
    stored = list(ContactRequest.objects.filter(token__in=tokens).values_list("pk", flat=True))
    queued = DBTaskResult.objects.filter(task_path="contact.tasks.send_new_request_mail")
    queued_ids = {row.args_kwargs["args"][0] for row in queued}
    return len(tokens), len(stored), len(set(stored) & queued_ids)


def main() -> int:
    server.setup_django()
    print("Preparing: fresh database, migrations, demo staff, static files ...", flush=True)
    server.reset_database()
    server.flush_redis()
    server.manage("migrate", "--noinput", "-v", "0")
    server.manage("load_demo", "--force")
    server.manage("collectstatic", "--noinput", "-v", "0")
    from django_tasks_db.models import DBTaskResult

    failures = []
    rows = []
    for name, mail_server in (("healthy", healthy), ("dead", dead), ("dripping", dripping)):
        DBTaskResult.objects.all().delete()
        env = {**server.environment(), **mail_env(MAIL_PORT)}
        with mail_server(MAIL_PORT) as sink, server.gunicorn(**mail_env(MAIL_PORT)) as base, worker(env):
            warm_up(base)
            result, outcomes = post_contacts(base, POSTS, CONCURRENCY)
            acknowledged, stored, queued = check(outcomes)
            delivered = ""
            if sink is not None:
                subprocess.run(
                    [server.PYTHON, "manage.py", "run_worker", "--batch", "-v", "0"],
                    cwd=server.ROOT,
                    env=env,
                    check=True,
                )
                delivered = f"{sink.count} mails delivered"
                if sink.count != stored:
                    failures.append(f"{name}: {sink.count} mails for {stored} requests")
        rows.append((name, result, acknowledged, stored, queued, delivered))
        if not (acknowledged == stored == queued == POSTS):
            failures.append(f"{name}: {POSTS} posted, {acknowledged} acknowledged, {stored} stored, {queued} queued")
        if result.p99_ms > P99_GOAL_MS:
            failures.append(f"{name}: p99 {result.p99_ms:.0f} ms is over {P99_GOAL_MS} ms")

    print(f"\n{POSTS} contact posts per mail server, {CONCURRENCY} at once, {server.described()}")
    print(f"{'mail server':<12}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>8}  stored/queued")
    for name, result, acknowledged, stored, queued, delivered in rows:
        print(f"{name:<12}{result.p50_ms:>9.1f}{result.p99_ms:>9.1f}{result.requests_per_second:>8.0f}  "
              f"{stored}/{queued} of {acknowledged} acknowledged {delivered}")  # fmt: skip
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
