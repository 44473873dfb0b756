"""Each mail is sent once, whatever happens to the task that sends it (jobs/delivery.py)."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from jobs.delivery import DeliveryInProgress, enqueue, send_once
from jobs.models import Delivery
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
