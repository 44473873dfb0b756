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
