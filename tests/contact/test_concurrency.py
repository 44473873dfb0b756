"""Many visitors (and double clicks) at once: every request stored exactly once, on PostgreSQL as in production."""

import threading
import uuid

from django.core import mail
from django.db import connection
from django.test import Client

from contact.forms import sign_started
from contact.models import ContactRequest
from tests import factories, postgres

pytestmark = postgres.CONCURRENCY

VISITORS = 12


def test_parallel_submissions_and_double_clicks_are_each_stored_exactly_once(form_data, settings, run_tasks):
    settings.CONTACT_RATE_LIMIT = (100, 600)
    factories.make_intake("ines")
    tokens = [uuid.uuid4() for _ in range(VISITORS)]
    # Every visitor posts their form twice at once, as a double click or a retrying phone would.
    posts = [(index, token) for index, token in enumerate(tokens) for _ in range(2)]
    start = threading.Barrier(len(posts))
    statuses, errors = [], []

    def visit(index: int, token: uuid.UUID) -> None:
        try:
            data = form_data(name=f"Visitor {index}", started=sign_started(token=token, at=0))
            start.wait(timeout=30)
            response = Client(REMOTE_ADDR=f"198.51.100.{index}").post("/contact/", data)
            statuses.append((response.status_code, response.get("Location")))
        except Exception as error:  # reported below, so a thread's failure fails the test
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=visit, args=post) for post in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert statuses == [(302, "/contact/thanks/")] * len(posts)
    stored = ContactRequest.objects.order_by("name")
    assert sorted(stored.values_list("token", flat=True)) == sorted(tokens)
    assert sorted(stored.values_list("name", flat=True)) == sorted(f"Visitor {index}" for index in range(VISITORS))
    run_tasks()  # one notification was queued with each stored request
    assert len(mail.outbox) == VISITORS
