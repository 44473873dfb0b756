"""SMTP with an overall deadline (jobs/mail.py): a dripping mail server cannot hold the worker."""

import pytest
from django.core.mail import EmailMessage

from jobs.mail import MailDeadlineExceeded
from tests import factories
from tests.mailservers import dripping_server
from tests.queued import queued_tasks

DRIP_EVERY = 0.5  # well inside EMAIL_TIMEOUT: a per-read timeout alone never fires


@pytest.fixture
def dripping_mail_server(settings):
    """Point the production mail backend at a server dripping its greeting, with a 1.5 s deadline."""
    with dripping_server(every=DRIP_EVERY, lifetime=20) as (port, connected):
        settings.EMAIL_BACKEND = "jobs.mail.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
        settings.EMAIL_DEADLINE_SECONDS = 1.5
        yield connected


def test_a_server_dripping_its_greeting_is_cut_at_the_deadline(dripping_mail_server):
    with pytest.raises(MailDeadlineExceeded):
        EmailMessage("Subject", "Body", to=["staff@example.org"]).send()

    assert dripping_mail_server.is_set(), "the server was reached and dripped on us"


@pytest.mark.django_db
def test_a_mail_cut_at_the_deadline_is_retried_later_like_any_failed_send(dripping_mail_server, run_tasks, caplog):
    from contact.tasks import send_new_request_mail

    factories.make_intake("ines")
    request = factories.make_contact_request()
    send_new_request_mail.enqueue(request.pk)

    run_tasks()

    assert f"New contact request #{request.pk} failed (attempt 1): MailDeadlineExceeded" in caplog.text
    assert queued_tasks() == [("contact.tasks.send_new_request_mail", [request.pk])]


@pytest.mark.django_db
def test_a_healthy_server_gets_its_mail_within_the_deadline(mail_sink, settings):
    settings.EMAIL_DEADLINE_SECONDS = 5

    EmailMessage("Subject", "Body", to=["staff@example.org"]).send()

    assert [recipients for recipients, _ in mail_sink.messages] == [["staff@example.org"]]
