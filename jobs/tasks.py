"""Housekeeping of the queue itself."""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from jobs.models import Delivery, OutboxTask, ScheduledRun

KEEP = datetime.timedelta(days=14)


def requeue_abandoned() -> int:
    """Hand database tasks whose worker died mid-run (still 'running' long after they began) to another worker."""
    started_before = timezone.now() - datetime.timedelta(seconds=settings.TASK_ABANDONED_AFTER_SECONDS)
    # The library marks a claimed task RUNNING and has no lease: a killed worker leaves it so for ever.
    return DBTaskResult.objects.running().filter(started_at__lt=started_before).update(status=TaskResultStatus.READY)


# How RQ records a job whose work-horse was killed, or whose worker died, mid-run.
RQ_CRASHES = ("Work-horse terminated unexpectedly", "Moved to FailedJobRegistry, due to AbandonedJobError")


def requeue_crashed_rq_jobs() -> int:
    """Put RQ jobs that failed because their worker process died back on the queue.

    Our tasks catch their own errors (jobs.delivery.retried), so a failed RQ job is a crash or a bug;
    only crashes, recognised by RQ's own wording, are run again.
    """
    import django_rq
    from rq.registry import FailedJobRegistry

    queue = django_rq.get_queue("default")
    failed = FailedJobRegistry(queue=queue)
    requeued = 0
    for job_id in failed.get_job_ids():
        job = queue.fetch_job(job_id)
        result = job.latest_result() if job else None
        if result and (result.exc_string or "").startswith(RQ_CRASHES):
            failed.requeue(job_id)
            requeued += 1
    return requeued


@task()
def clean_up() -> None:
    """Forget finished tasks, relayed outbox rows, sent-mail keys and scheduled slots older than two weeks."""
    before = timezone.now() - KEEP
    DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    OutboxTask.objects.filter(relayed_at__lt=before).delete()
    Delivery.objects.filter(sent_at__lt=before).delete()
    ScheduledRun.objects.filter(slot__lt=before).delete()
