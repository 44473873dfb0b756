"""`manage.py run_worker`: a worker killed in the middle of a mail leads to one retry, not a loss or a duplicate.

The worker is a real process sharing the test database, so this runs on PostgreSQL: the database-backend
test in CI's PostgreSQL pass, the RQ one in its RQ pass. Each skips in the other pass, and both skip on
SQLite unless REQUIRE_POSTGRES=1, where they fail instead.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from contact.tasks import send_new_request_mail
from jobs.models import Delivery
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def require(backend: str) -> None:
    from django.conf import settings

    if backend != settings.TASKS_BACKEND:
        pytest.skip(f"This worker-crash test is for TASKS_BACKEND={backend}.")
    if connection.vendor != "postgresql":
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("REQUIRE_POSTGRES=1, but the worker-crash test needs DATABASE_URL on PostgreSQL.")
        pytest.skip("The worker-crash test needs PostgreSQL (DATABASE_URL).")


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(condition, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


def worker_env(mail_port: int, backend: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": backend,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(mail_port),  # it will wait there for a greeting that never comes
    }


def start_worker(mail_port: int, backend: str) -> subprocess.Popen:
    """Start `run_worker` as its own process, as production does, with the mail server at ``mail_port``."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--no-scheduler"],
        cwd=ROOT,
        env=worker_env(mail_port, backend),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_a_database_worker_killed_mid_send_leads_to_one_retry_and_exactly_one_mail(
    silent_mail_server, mail_sink, settings, run_tasks
):
    require("database")
    factories.make_intake("ines")
    request = factories.make_contact_request()
    send_new_request_mail.enqueue(request.pk)
    worker = start_worker(silent_mail_server, "database")
    try:
        wait_for(lambda: Delivery.objects.filter(key__startswith=f"contact-new-request:{request.pk}:").exists())
        assert DBTaskResult.objects.get().status == "RUNNING"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)

    assert mail_sink.messages == []
    assert DBTaskResult.objects.get().status == "RUNNING"  # left so by the dead worker

    settings.TASK_ABANDONED_AFTER_SECONDS = 1
    time.sleep(1.2)
    run_tasks()  # a new worker takes the abandoned task over
    run_tasks()

    assert [recipients for recipients, _ in mail_sink.messages] == [["ines@example.org"]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_an_rq_work_horse_killed_mid_send_leads_to_one_retry_and_exactly_one_mail(
    silent_mail_server, mail_sink, settings, run_tasks
):
    require("rq")
    factories.make_intake("ines")
    request = factories.make_contact_request()
    send_new_request_mail.enqueue(request.pk)
    worker = start_worker(silent_mail_server, "rq")
    try:
        wait_for(lambda: Delivery.objects.filter(key__startswith=f"contact-new-request:{request.pk}:").exists())
        for horse in children(worker.pid):  # RQ runs each job in a forked work-horse
            os.kill(horse, signal.SIGKILL)
        time.sleep(1)  # the worker records the job as failed: "Work-horse terminated unexpectedly"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)

    assert mail_sink.messages == []

    settings.TASK_ABANDONED_AFTER_SECONDS = 1
    time.sleep(1.2)
    run_tasks()  # puts the crashed job back on the queue and runs it
    run_tasks()

    assert [recipients for recipients, _ in mail_sink.messages] == [["ines@example.org"]]
