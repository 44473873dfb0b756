"""Periodic jobs, enqueued by the worker itself so no cron is needed (docs/architecture.md, "Background work").

Time is cut into slots (each minute, each day); the first scheduler to claim a job's slot in the
database enqueues it, so several workers on several machines still run each job once per slot.
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from jobs.delivery import enqueue
from jobs.models import ScheduledRun

logger = logging.getLogger(__name__)

MINUTE = datetime.timedelta(minutes=1)
DAY = datetime.timedelta(days=1)
SCHEDULE = {
    "editorial.tasks.publish_scheduled": MINUTE,
    "editorial.tasks.send_review_reminders": DAY,
    "editorial.tasks.check_site_links": DAY,
    "contact.tasks.send_follow_up_reminders": DAY,
    "contact.tasks.purge_contact_requests": DAY,
    "sharing.tasks.forget_old_addresses": DAY,
    "jobs.tasks.clean_up": DAY,
}
EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def slot(now: datetime.datetime, every: datetime.timedelta) -> datetime.datetime:
    """Return the start of the slot of length ``every`` that ``now`` falls in."""
    return now - (now - EPOCH) % every


def enqueue_due(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue each scheduled job whose current slot no scheduler has claimed yet; return their paths."""
    now = now or timezone.now()
    enqueued = []
    for task_path, every in SCHEDULE.items():
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(task_path=task_path, slot=slot(now, every))
                enqueue(import_string(task_path))
        except IntegrityError:
            continue  # another scheduler took this slot
        enqueued.append(task_path)
    if enqueued:
        logger.info("Scheduled: %s", ", ".join(enqueued))
    return enqueued
