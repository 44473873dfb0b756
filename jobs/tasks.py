"""Housekeeping of the queue itself."""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from jobs.models import Delivery, ScheduledRun

KEEP = datetime.timedelta(days=14)


def requeue_abandoned() -> int:
    """Hand database tasks whose worker died mid-run (still 'running' long after they began) to another worker."""
    started_before = timezone.now() - datetime.timedelta(seconds=settings.TASK_ABANDONED_AFTER_SECONDS)
    # The library marks a claimed task RUNNING and has no lease: a killed worker leaves it so for ever.
    return DBTaskResult.objects.running().filter(started_at__lt=started_before).update(status=TaskResultStatus.READY)


@task()
def clean_up() -> None:
    """Forget finished tasks, sent-mail keys and scheduled slots older than two weeks."""
    before = timezone.now() - KEEP
    DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    Delivery.objects.filter(sent_at__lt=before).delete()
    ScheduledRun.objects.filter(slot__lt=before).delete()
