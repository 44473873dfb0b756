"""What the queue itself cannot remember: mail already sent, scheduled slots taken, notifications given up on."""

from django.db import models


class Delivery(models.Model):
    """One mail that a task has begun or finished sending, so a retried task never sends it twice."""

    key = models.CharField(max_length=200, unique=True)
    started_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"

    def __str__(self):
        return self.key


class ScheduledRun(models.Model):
    """One run of a periodic job for one time slot: the unique pair lets only one scheduler enqueue it."""

    task_path = models.CharField(max_length=200)
    slot = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task_path", "slot"], name="jobs_one_run_per_slot")]

    def __str__(self):
        return f"{self.task_path} at {self.slot:%Y-%m-%d %H:%M}"


class FailedNotification(models.Model):
    """A notification still failing after an hour of retries; superusers retry it from the admin.

    Only the task, its ids and the error's class are kept: never an address, a name or a message.
    """

    description = models.CharField(max_length=200, help_text="What the mail was about, by record number only.")
    task_path = models.CharField(max_length=200)
    args = models.JSONField(default=list, help_text="Record ids the task needs to try again.")
    attempts = models.PositiveIntegerField()
    error = models.CharField("last error", max_length=200, help_text="The class of the last error, e.g. TimeoutError.")
    failed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-failed_at"]

    def __str__(self):
        return self.description


class OutboxTask(models.Model):
    """A task for the broker (RQ), written in the transaction of the change it reports, relayed after the commit.

    Redis cannot join a database transaction; this row can. A task whose relay failed (Redis down, a crash
    after the commit) stays unrelayed until the worker's relay loop sends it. Arguments are record ids only.
    """

    task_path = models.CharField(max_length=200)
    queue_name = models.CharField(max_length=100)
    priority = models.IntegerField()
    run_after = models.DateTimeField(null=True, blank=True)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    relayed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The relay looks only for unrelayed rows; relayed ones are kept two weeks (jobs.tasks.clean_up).
            models.Index(fields=["id"], condition=models.Q(relayed_at=None), name="jobs_outbox_unrelayed"),
        ]

    def __str__(self):
        return f"{self.task_path} #{self.pk}"
