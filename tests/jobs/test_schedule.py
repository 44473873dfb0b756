"""Periodic jobs: each runs once per slot however many schedulers tick (jobs/schedule.py)."""

import datetime
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connections
from django.utils import timezone

from articles.models import Article
from editorial import workflow
from editorial.models import LiveStatus
from jobs import schedule
from tests import factories
from tests.mailservers import dripping_server
from tests.queued import queued_tasks

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 3, 2, 12, 0, 20, tzinfo=datetime.UTC)


def test_first_tick_runs_publishing_queues_every_other_job_and_a_second_scheduler_in_the_same_minute_does_none(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        first = schedule.enqueue_due(NOON)
        second = schedule.enqueue_due(NOON + datetime.timedelta(seconds=30))

    assert sorted(first) == sorted(
        [
            "editorial.tasks.publish_scheduled",
            "editorial.tasks.send_review_reminders",
            "editorial.tasks.check_site_links",
            "contact.tasks.send_follow_up_reminders",
            "contact.tasks.purge_contact_requests",
            "sharing.tasks.forget_old_addresses",
            "jobs.tasks.clean_up",
        ]
    )
    assert second == []
    # Publishing ran in the scheduler itself: only the six daily jobs wait in the queue.
    assert sorted(path for path, _ in queued_tasks()) == sorted(set(first) - {"editorial.tasks.publish_scheduled"})


def test_publishing_runs_each_minute_and_the_daily_jobs_once_a_day(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        schedule.enqueue_due(NOON)
        next_minute = schedule.enqueue_due(NOON + datetime.timedelta(minutes=1))
        next_day = schedule.enqueue_due(NOON + datetime.timedelta(days=1))

    assert next_minute == ["editorial.tasks.publish_scheduled"]
    assert len(next_day) == 7


def test_a_scheduled_publish_happens_on_time_through_the_worker(run_tasks, django_capture_on_commit_callbacks):
    article = factories.make_article()
    factories.approve_draft(article)
    workflow.publish(article, user=factories.make_editor(), at=timezone.now() + datetime.timedelta(minutes=2))
    run_tasks()
    mail.outbox.clear()

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=3), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            schedule.enqueue_due()  # runs publish_scheduled itself
        assert Article.objects.get(pk=article.pk).live_status == LiveStatus.LIVE, "published before any task ran"
        run_tasks()  # the publish mail it queued

    assert Article.objects.get(pk=article.pk).live_status == LiveStatus.LIVE
    assert mail.outbox, "the publish notification was sent too"


def send_in_worker_thread(task, *args) -> threading.Thread:
    """Run a task in a thread of its own, with its own database connection, as the queue's worker thread does."""

    def work():
        try:
            task.call(*args)
        finally:
            connections.close_all()

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    return worker


@pytest.mark.django_db(transaction=True)
def test_a_page_goes_live_at_the_tick_after_its_time_while_the_worker_is_stuck_on_a_dripping_mail_server(settings):
    from contact.tasks import send_new_request_mail

    factories.make_intake("ines")
    request = factories.make_contact_request()
    article = factories.make_article()
    factories.approve_draft(article)
    due = timezone.now() + datetime.timedelta(minutes=1)
    workflow.publish(article, user=factories.make_editor(), at=due)

    with dripping_server(every=0.5, lifetime=30) as (port, dripping):
        settings.EMAIL_BACKEND = "jobs.mail.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
        settings.EMAIL_DEADLINE_SECONDS = 25
        worker = send_in_worker_thread(send_new_request_mail, request.pk)
        assert dripping.wait(10), "the worker is sending to the dripping server"

        with time_machine.travel(due + datetime.timedelta(seconds=30), tick=False):
            schedule.enqueue_due()  # the scheduler's first tick after the page's time

        live = Article.objects.get(pk=article.pk).live_status
        mail_still_stuck = worker.is_alive()
    worker.join(30)  # the server closed: the worker's send fails and it returns

    assert live == LiveStatus.LIVE
    assert mail_still_stuck, "published while the worker was still waiting on the mail server"
