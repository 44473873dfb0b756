"""Each mail is sent once, whatever happens to the task that sends it (jobs/delivery.py)."""

import datetime
import threading

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from contact.models import ContactRequest
from editorial import workflow
from editorial.models import ReviewState
from jobs.delivery import DeliveryInProgress, enqueue, relay, send_once
from jobs.models import Delivery, OutboxTask
from tests import factories
from tests.queued import queued_tasks

pytestmark = pytest.mark.django_db


def message() -> EmailMessage:
    return EmailMessage("Subject", "Body", to=["staff@example.org"])


def test_a_mail_already_sent_is_not_sent_again():
    assert send_once("test:1", message()) is True
    assert send_once("test:1", message()) is False
    assert len(mail.outbox) == 1


def test_a_mail_another_worker_is_sending_is_left_to_it():
    Delivery.objects.create(key="test:2", started_at=timezone.now())

    with pytest.raises(DeliveryInProgress):
        send_once("test:2", message())
    assert mail.outbox == []


def test_a_send_begun_by_a_worker_that_died_is_taken_over(settings):
    Delivery.objects.create(key="test:3", started_at=timezone.now())

    later = timezone.now() + datetime.timedelta(seconds=settings.TASK_ABANDONED_AFTER_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert send_once("test:3", message()) is True
    assert len(mail.outbox) == 1
    assert Delivery.objects.get(key="test:3").sent_at is not None


def test_a_failed_send_leaves_no_key_so_the_retry_sends(monkeypatch):
    def refuse(self):
        raise ConnectionRefusedError

    monkeypatch.setattr(EmailMessage, "send", refuse)
    with pytest.raises(ConnectionRefusedError):
        send_once("test:4", message())
    monkeypatch.undo()

    assert not Delivery.objects.filter(key="test:4").exists()
    assert send_once("test:4", message()) is True


def test_a_task_queued_in_a_transaction_that_rolls_back_is_never_queued(django_capture_on_commit_callbacks):
    from contact.tasks import send_new_request_mail

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        enqueue(send_new_request_mail, 1)
        raise RuntimeError("the change failed")

    assert queued_tasks() == []


# The outbox (TASKS_BACKEND=rq): a broker cannot join the transaction, so the task is written as an OutboxTask row.

CLOSED_REDIS = "redis://127.0.0.1:6399/0"  # nothing listens there: Redis is down


def require_rq(settings) -> None:
    if settings.TASKS_BACKEND != "rq":
        pytest.skip("The outbox is for TASKS_BACKEND=rq (CI's RQ pass); the database backend's task row is its own.")


def workflow_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_workflow", args=[obj.pk])


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_posts_and_review_actions_answer_normally_and_mail_goes_once_redis_is_back(
    settings, client, run_tasks, caplog
):
    require_rq(settings)
    factories.make_intake("ines")
    reviewer = factories.make_reviewer("rita")
    article = factories.make_article(user=factories.make_writer("wanda"))
    workflow.submit(article, user=article.draft_updated_by)
    run_tasks()
    mail.outbox.clear()
    redis_up = settings.RQ_QUEUES
    settings.RQ_QUEUES = {"default": {**redis_up["default"], "URL": CLOSED_REDIS}}

    posted = client.post("/contact/", factories.contact_form_data())
    factories.login_staff(client, reviewer)
    approved = client.post(workflow_url(article), {"action": "approve", "fingerprint": article.draft_fingerprint})

    assert (posted.status_code, approved.status_code) == (302, 302)
    request = ContactRequest.objects.get()
    assert Article.objects.get(pk=article.pk).review_state == ReviewState.APPROVED
    assert sorted(OutboxTask.objects.filter(relayed_at=None).values_list("task_path", flat=True)) == [
        "contact.tasks.send_new_request_mail",
        "editorial.tasks.send_workflow_mail",
    ]
    assert "they stay in the outbox: ConnectionError" in caplog.text
    assert "jordan" not in caplog.text.lower()
    assert mail.outbox == []

    settings.RQ_QUEUES = redis_up
    run_tasks()  # relays the outbox, then runs what Redis now holds
    run_tasks()

    assert sorted((message.to[0], message.subject) for message in mail.outbox) == [
        ("ines@example.org", "New contact request"),
        ("wanda@example.org", f"Medically approved: {article.title}"),
    ]
    assert not OutboxTask.objects.filter(relayed_at=None).exists()
    assert Delivery.objects.filter(key__startswith=f"contact-new-request:{request.pk}:", sent_at__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
def test_a_row_another_relayer_holds_is_skipped_not_sent_twice(settings):
    require_rq(settings)
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL.")
    from contact.tasks import send_new_request_mail

    enqueue(send_new_request_mail, 1)  # outside a transaction: relayed at once
    enqueue(send_new_request_mail, 2)
    OutboxTask.objects.update(relayed_at=None)
    held, release = threading.Event(), threading.Event()

    def other_relayer():
        try:
            with transaction.atomic():
                list(OutboxTask.objects.select_for_update().filter(args=[1]))
                held.set()
                release.wait(10)
        finally:
            connections.close_all()

    other = threading.Thread(target=other_relayer)
    other.start()
    try:
        assert held.wait(10)
        assert relay() == 1
    finally:
        release.set()
        other.join(10)
    assert list(OutboxTask.objects.filter(relayed_at=None).values_list("args", flat=True)) == [[1]]


def test_on_the_database_backend_a_post_writes_its_task_row_and_no_outbox_row(settings, client):
    if settings.TASKS_BACKEND != "database":
        pytest.skip("For TASKS_BACKEND=database.")
    factories.make_intake("ines")

    assert client.post("/contact/", factories.contact_form_data()).status_code == 302

    assert queued_tasks() == [("contact.tasks.send_new_request_mail", [ContactRequest.objects.get().pk])]
    assert not OutboxTask.objects.exists()
