"""Many visitors (and double clicks) at once: every request stored exactly once, on PostgreSQL as in production."""

import os
import threading
import uuid

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from contact.forms import sign_started
from contact.models import ContactRequest
from tests import factories

ON_POSTGRES = connection.vendor == "postgresql"
REQUIRED = os.environ.get("REQUIRE_POSTGRES") == "1"

# Skipped at collection, so a skipped run does not flush the database under later tests.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES and not REQUIRED, reason="Concurrency is tested on PostgreSQL (DATABASE_URL)."),
    pytest.mark.django_db(transaction=True),
]

VISITORS = 12


@pytest.fixture(autouse=True)
def _postgres_required():
    if not ON_POSTGRES:
        pytest.fail("REQUIRE_POSTGRES=1 but the tests are not running on PostgreSQL.")


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
