"""Workflow mail is sent by the worker: an editor never waits for the mail server, each person gets one mail."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from articles.models import Article
from editorial import workflow
from editorial.models import ReviewEvent, ReviewState
from editorial.tasks import send_review_reminders
from tests import factories
from tests.queued import queued_tasks

pytestmark = pytest.mark.django_db


def test_submit_answers_at_once_with_a_mail_server_that_never_answers(
    client, silent_mail_server, smtp_connections, django_capture_on_commit_callbacks
):
    writer = factories.make_writer()
    factories.make_reviewer()
    article = factories.make_article(user=writer)
    factories.login_staff(client, writer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/articles/article/{article.pk}/workflow/", {"action": "submit"})

    assert response.status_code == 302
    # Sending in the request would wait EMAIL_TIMEOUT (6 s) for the silent server: the request never connects.
    assert smtp_connections == []
    assert Article.objects.get(pk=article.pk).review_state == ReviewState.IN_REVIEW
    event = ReviewEvent.objects.get(action="submit")
    assert ("editorial.tasks.send_workflow_mail", [event.pk]) in queued_tasks()


def test_each_reviewer_receives_exactly_one_mail_from_a_real_smtp_server(
    mail_sink, run_tasks, django_capture_on_commit_callbacks
):
    reviewers = [factories.make_reviewer(), factories.make_reviewer()]
    article = factories.make_article()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(article, user=article.draft_updated_by)
    run_tasks()
    run_tasks()

    assert sorted(recipients for recipients, _ in mail_sink.messages) == sorted([r.email] for r in reviewers)


def test_review_reminders_mail_each_reviewer_and_editor_once_a_day(run_tasks, django_capture_on_commit_callbacks):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=400), tick=False):
        factories.make_live_article(title="Overdue page")
    reviewer, editor = factories.make_reviewer(), factories.make_editor()
    run_tasks()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        send_review_reminders.enqueue()
        send_review_reminders.enqueue()  # a second scheduler on another machine the same day
    run_tasks()

    recipients = [message.to[0] for message in mail.outbox]
    assert len(recipients) == len(set(recipients))  # once each, though the digest was queued twice
    assert {reviewer.email, editor.email} <= set(recipients)
    assert "Overdue page" in mail.outbox[0].body
