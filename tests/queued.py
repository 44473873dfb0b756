"""What sits in the task queue, read from whichever backend the settings chose."""

from django.conf import settings


def queued_tasks() -> list[tuple[str, list]]:
    """Return (task path, args) of every task waiting in the queue, due or deferred (on RQ: or in the outbox)."""
    if settings.TASKS_BACKEND == "rq":
        import django_rq
        from rq.registry import ScheduledJobRegistry

        queue = django_rq.get_queue("default")
        scheduled = [queue.fetch_job(job_id) for job_id in ScheduledJobRegistry(queue=queue).get_job_ids()]
        from jobs.models import OutboxTask

        # A task written to the outbox is queued too: a test's transaction never commits, so it waits there.
        unrelayed = [(row.task_path, row.args) for row in OutboxTask.objects.filter(relayed_at=None).order_by("pk")]
        return [(job.func_name, list(job.args)) for job in [*queue.jobs, *scheduled]] + unrelayed
    from django_tasks_db.models import DBTaskResult

    return [
        (row.task_path, row.args_kwargs["args"]) for row in DBTaskResult.objects.ready().order_by("enqueued_at")
    ] + [
        (row.task_path, row.args_kwargs["args"])
        for row in DBTaskResult.objects.filter(status="READY").exclude(pk__in=DBTaskResult.objects.ready())
    ]
