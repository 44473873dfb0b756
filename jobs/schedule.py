"""Periodic jobs, enqueued by the worker itself so no cron is needed (docs/architecture.md, "Background work").

Time is cut into slots (each minute, each day); the first scheduler to claim a job's slot in the
database enqueues it, so several workers on several machines still run each job once per slot.
Scheduled publishing is not queued but run by the scheduler itself (RUN_BY_SCHEDULER): behind a mail
to a slow server on the queue, a page due at 15:14 could go live minutes late.
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
# Jobs the scheduler thread runs itself, never waiting behind the queue's tasks: short, and safe to overlap.
RUN_BY_SCHEDULER = {"editorial.tasks.publish_scheduled"}
EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def slot(now: datetime.datetime, every: datetime.timedelta) -> datetime.datetime:
    """Return the start of the slot of length ``every`` that ``now`` falls in."""
    return now - (now - EPOCH) % every


def enqueue_due(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue (or run: RUN_BY_SCHEDULER) each job whose slot no scheduler has claimed yet; return their paths."""
    now = now or timezone.now()
    due = []
    for task_path, every in SCHEDULE.items():
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(task_path=task_path, slot=slot(now, every))
                if task_path not in RUN_BY_SCHEDULER:
                    enqueue(import_string(task_path))
        except IntegrityError:
            continue  # another scheduler took this slot
        if task_path in RUN_BY_SCHEDULER:
            run_here(task_path)
        due.append(task_path)
    if due:
        logger.info("Scheduled: %s", ", ".join(due))
    return due


def run_here(task_path: str) -> None:
    """Run a job in this thread; a failure is logged and the next slot's run catches up."""
    try:
        import_string(task_path).call()
    except Exception:
        logger.exception("The scheduled job %s failed; its next run catches up.", task_path)
