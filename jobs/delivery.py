"""Enqueue with the change, retry with backoff, and send each mail once (docs/architecture.md, "Background work").

The Tasks API queues and runs tasks; what it leaves to the project is here:
- ``enqueue``: the task is written in the caller's transaction, so a stored change always has its task and a
  rolled-back one never does: on the database backend as the task row itself, on a broker (RQ) as an
  ``OutboxTask`` row that ``relay`` sends to the broker after the commit, or later if the broker is down.
- ``retried``: a failing task is enqueued again after each of TASK_RETRY_DELAYS, then recorded as a
  FailedNotification for superusers.
- ``send_once``: a task run again after a crash skips the mail it had already sent.
- ``mail_each``: one mail rendered once, sent to each person as their own message, each at most once.
"""

import datetime
import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from jobs.models import Delivery, FailedNotification, OutboxTask

logger = logging.getLogger(__name__)


class DeliveryInProgress(Exception):
    """Another worker is sending this mail right now; try again later."""


def stores_in_database(task) -> bool:
    return isinstance(task_backends[task.backend], DatabaseBackend)


def enqueue(task, *args, **kwargs) -> None:
    """Queue the task as part of the current transaction (or right away outside one)."""
    if stores_in_database(task):
        task.enqueue(*args, **kwargs)
        return
    task.get_backend().validate_task(task)  # refuse a bad task now, not at every relay
    row = OutboxTask.objects.create(
        task_path=task.module_path,
        queue_name=task.queue_name,
        priority=task.priority,
        run_after=task.run_after,
        args=list(args),
        kwargs=kwargs,
    )

    def relay_after_commit():
        # A named function: Django names a failing robust callback in its log, which a partial cannot be.
        relay_safely([row.pk])

    transaction.on_commit(relay_after_commit, robust=True)


def relay_safely(pks: list[int] | None = None) -> int:
    """Relay outbox rows to the broker; on failure log the error's class and leave them for the relay loop."""
    try:
        return relay(pks)
    except Exception as error:
        # The class only: the rows stay unrelayed and the worker's relay loop sends them when the broker is back.
        logger.warning("Relaying outbox tasks to the broker failed; they stay in the outbox: %s", type(error).__name__)
        return 0


def relay(pks: list[int] | None = None, limit: int = 100) -> int:
    """Send unrelayed outbox rows (those of ``pks``, or the oldest) to the broker; return how many were sent.

    The rows are locked and skipped by any other relayer, so two relayers never send one row; each row is
    marked as soon as the broker took it, and the marks of the rows sent commit even when a later one fails.
    """
    sent = []
    failure = None
    with transaction.atomic():
        rows = OutboxTask.objects.select_for_update(skip_locked=True).filter(relayed_at=None)
        if pks is not None:
            rows = rows.filter(pk__in=pks)
        for row in rows.order_by("pk")[:limit]:
            try:
                broker_task(row).enqueue(*row.args, **row.kwargs)
            except Exception as error:
                failure = error
                break
            sent.append(row.pk)
        OutboxTask.objects.filter(pk__in=sent).update(relayed_at=timezone.now())
    if failure is not None:
        raise failure
    return len(sent)


def broker_task(row: OutboxTask):
    """Return the task of an outbox row as it was enqueued; a deferral already past runs at once."""
    task = import_string(row.task_path).using(queue_name=row.queue_name, priority=row.priority)
    if row.run_after and row.run_after > timezone.now():
        task = task.using(run_after=row.run_after)
    return task


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
            enqueue(task.using(run_after=run_after), *args, attempt=attempt + 1)
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
