"""Intake mail leaves the request: a dead mail server never slows the form, and the worker sends each mail once."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from contact.models import ContactRequest, Status
from contact.tasks import purge_contact_requests, send_follow_up_reminders
from jobs.models import FailedNotification
from tests import factories
from tests.queued import queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(client, form_data, django_capture_on_commit_callbacks):
    def send(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/contact/", form_data(**overrides))

    return send


def test_post_answers_at_once_with_a_mail_server_that_never_answers(post, silent_mail_server, smtp_connections):
    factories.make_intake("ines")

    response = post()

    assert response.status_code == 302 and response["Location"] == "/contact/thanks/"
    # A request that sent the mail would wait EMAIL_TIMEOUT (6 s) for the silent server: it never connects.
    assert smtp_connections == []
    stored = ContactRequest.objects.get()
    assert queued_tasks() == [("contact.tasks.send_new_request_mail", [stored.pk])]


def test_the_worker_mails_each_intake_member_once_per_request_to_a_real_smtp_server(post, mail_sink, run_tasks):
    factories.make_intake("ines")
    factories.make_intake("omar")

    post(message="I relapsed on opioids.")
    post(name="Sam Other", email="sam@example.org", phone="(212) 555-0199", message="About my nephew.")
    run_tasks()
    run_tasks()  # a second run finds nothing left to send

    # One message per person per request: nobody sees another staff member's address.
    assert sorted(recipients for recipients, _ in mail_sink.messages) == [
        ["ines@example.org"],
        ["ines@example.org"],
        ["omar@example.org"],
        ["omar@example.org"],
    ]
    for _, raw in mail_sink.messages:
        assert "omar@example.org" not in raw or "ines@example.org" not in raw
        assert "/admin/contact/contactrequest/" in raw
        for private in ("Jordan", "Sam Other", "jordan@example.org", "sam@example.org", "555-01", "opioid", "nephew"):
            assert private not in raw


def test_a_failed_send_is_retried_later_and_delivered_once_the_server_is_back(post, settings, run_tasks, caplog):
    factories.make_intake("ines")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1  # nothing listens there

    post()
    run_tasks()

    stored = ContactRequest.objects.get()
    assert f"New contact request #{stored.pk} failed (attempt 1): ConnectionRefusedError" in caplog.text
    assert queued_tasks() == [("contact.tasks.send_new_request_mail", [stored.pk])]  # deferred by 30 s
    run_tasks()
    assert "attempt 2" not in caplog.text  # not due yet

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=31), tick=False):
        run_tasks()
    assert [message.subject for message in mail.outbox] == ["New contact request"]
    assert queued_tasks() == []


def test_after_an_hour_of_failures_the_notification_is_listed_for_superusers(post, settings, run_tasks):
    factories.make_intake("ines")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    post(message="I overdosed last week.")
    stored = ContactRequest.objects.get()

    now = timezone.now()
    for delay in (0, *settings.TASK_RETRY_DELAYS):
        now += datetime.timedelta(seconds=delay + 1)
        with time_machine.travel(now, tick=False):
            run_tasks()

    assert sum(settings.TASK_RETRY_DELAYS) == pytest.approx(3600, abs=300)  # about an hour
    failed = FailedNotification.objects.get()
    assert (failed.description, failed.args, failed.attempts, failed.error) == (
        f"New contact request #{stored.pk}",
        [stored.pk],
        len(settings.TASK_RETRY_DELAYS) + 1,
        "ConnectionRefusedError",
    )
    assert queued_tasks() == []


def test_follow_up_digest_counts_due_requests_without_naming_anyone(run_tasks, django_capture_on_commit_callbacks):
    factories.make_intake("ines")
    factories.make_intake("omar")
    today = timezone.localdate()
    factories.make_contact_request(name="Pat Due", follow_up_on=today)
    factories.make_contact_request(follow_up_on=today - datetime.timedelta(days=2))
    factories.make_contact_request(follow_up_on=today + datetime.timedelta(days=1))
    factories.make_contact_request(follow_up_on=today, status=Status.SPAM)

    with django_capture_on_commit_callbacks(execute=True):
        send_follow_up_reminders.enqueue()
    run_tasks()

    assert sorted(sent.to for sent in mail.outbox) == [["ines@example.org"], ["omar@example.org"]]
    for sent in mail.outbox:
        assert sent.subject == "2 contact request follow-ups due"
        assert "Pat" not in sent.body and "?follow_up=overdue" in sent.body


def test_purge_task_applies_the_retention_period(run_tasks, django_capture_on_commit_callbacks):
    old = factories.make_contact_request(status=Status.SPAM)
    ContactRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    kept = factories.make_contact_request()

    with django_capture_on_commit_callbacks(execute=True):
        purge_contact_requests.enqueue()
    run_tasks()

    assert list(ContactRequest.objects.values_list("pk", flat=True)) == [kept.pk]


def test_a_request_deleted_before_its_mail_went_is_not_retried(post, run_tasks):
    factories.make_intake("ines")
    post()
    ContactRequest.objects.all().delete()  # e.g. staff deleted it as spam

    run_tasks()

    assert mail.outbox == []
    assert queued_tasks() == [] and not FailedNotification.objects.exists()
