"""Enqueue with the change, retry with backoff, and send each mail once (docs/architecture.md, "Background work").

The Tasks API queues and runs tasks; what it leaves to the project is here:
- ``enqueue``: on the database backend the task row is written in the caller's transaction, so a stored
  change always has its task and a rolled-back one never does; a broker cannot join the transaction, so
  there the task is sent once the transaction commits.
- ``retried``: a failing task is enqueued again after each of TASK_RETRY_DELAYS, then recorded as a
  FailedNotification for superusers.
- ``send_once``: a task run again after a crash skips the mail it had already sent.
- ``mail_each``: one mail rendered once, sent to each person as their own message, each at most once.
"""

import datetime
import logging
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from jobs.models import Delivery, FailedNotification

logger = logging.getLogger(__name__)


class DeliveryInProgress(Exception):
    """Another worker is sending this mail right now; try again later."""


def stores_in_database(task) -> bool:
    return isinstance(task_backends[task.backend], DatabaseBackend)


def enqueue(task, *args, **kwargs) -> None:
    """Queue the task as part of the current transaction (or right away outside one)."""
    if stores_in_database(task):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, *args, **kwargs), robust=True)


@contextmanager
def retried(task, *args, attempt: int, description: str):
    """Run the block; on failure enqueue the task again later, or record it as failed once retries are spent."""
    try:
        yield
    except Exception as error:
        # The error's class only: SMTP errors can quote addresses.
        logger.warning("%s failed (attempt %s): %s", description, attempt, type(error).__name__)
        delays = settings.TASK_RETRY_DELAYS
        if attempt <= len(delays):
            run_after = timezone.now() + datetime.timedelta(seconds=delays[attempt - 1])
            task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)
        else:
            FailedNotification.objects.create(
                description=description,
                task_path=task.module_path,
                args=list(args),
                attempts=attempt,
                error=type(error).__name__,
            )
            logger.error("%s gave up after %s attempts; listed under Failed notifications.", description, attempt)


def send_once(key: str, message: EmailMessage) -> bool:
    """Send the message unless a run of the same task already did; return whether it was sent now."""
    now = timezone.now()
    abandoned = now - datetime.timedelta(seconds=settings.TASK_ABANDONED_AFTER_SECONDS)
    with transaction.atomic():
        delivery, created = Delivery.objects.select_for_update().get_or_create(key=key, defaults={"started_at": now})
        if not created:
            if delivery.sent_at:
                return False
            if delivery.started_at > abandoned:
                raise DeliveryInProgress(key)
            # The worker that began this send died before it finished: it is ours now.
            delivery.started_at = now
            delivery.save(update_fields=["started_at"])
    try:
        message.send()
    except Exception:
        Delivery.objects.filter(pk=delivery.pk, sent_at=None).delete()
        raise
    Delivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
    return True


def mail_each(users, template: str, context: dict, key: str) -> int:
    """Send each active user with an address their own copy of one mail; return how many were sent now.

    ``template`` names ``<template>_subject.txt`` and ``<template>.txt``, rendered once for everyone. Each person
    gets their own message, so staff addresses are not shared around, and ``send_once`` under ``<key>:<user id>``
    keeps a task run again after a crash from mailing anyone twice.
    """
    recipients = {user.pk: user.email for user in users if user and user.is_active and user.email}
    if not recipients:
        return 0
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    sent = 0
    for user_id, address in sorted(recipients.items(), key=lambda item: item[1]):
        sent += send_once(f"{key}:{user_id}", EmailMessage(subject, body, to=[address]))
    return sent
