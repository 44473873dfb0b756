"""Housekeeping of the queue (jobs/tasks.py)."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from contact.tasks import send_new_request_mail
from jobs.models import Delivery, ScheduledRun
from jobs.tasks import clean_up, requeue_abandoned

pytestmark = pytest.mark.django_db


def test_clean_up_forgets_what_finished_more_than_two_weeks_ago(run_tasks, settings):
    if settings.TASKS_BACKEND != "database":
        pytest.skip("finished task rows are the database backend's")
    long_ago = timezone.now() - datetime.timedelta(days=15)
    with time_machine.travel(long_ago, tick=False):
        send_new_request_mail.enqueue(1)
        run_tasks()
        Delivery.objects.create(key="old", started_at=long_ago, sent_at=long_ago)
        ScheduledRun.objects.create(task_path="x", slot=long_ago)
    send_new_request_mail.enqueue(2)
    run_tasks()
    Delivery.objects.create(key="recent", started_at=timezone.now(), sent_at=timezone.now())

    clean_up.call()

    assert [row.args_kwargs["args"] for row in DBTaskResult.objects.all()] == [[2]]
    assert list(Delivery.objects.values_list("key", flat=True)) == ["recent"]
    assert not ScheduledRun.objects.exists()


def test_only_tasks_running_longer_than_any_task_may_are_handed_back(settings):
    if settings.TASKS_BACKEND != "database":
        pytest.skip("task rows are the database backend's")
    stuck = send_new_request_mail.enqueue(1)
    busy = send_new_request_mail.enqueue(2)
    DBTaskResult.objects.filter(pk=stuck.id).update(
        status="RUNNING",
        started_at=timezone.now() - datetime.timedelta(seconds=settings.TASK_ABANDONED_AFTER_SECONDS + 5),
    )
    DBTaskResult.objects.filter(pk=busy.id).update(status="RUNNING", started_at=timezone.now())

    assert requeue_abandoned() == 1
    assert DBTaskResult.objects.get(pk=stuck.id).status == "READY"
    assert DBTaskResult.objects.get(pk=busy.id).status == "RUNNING"
