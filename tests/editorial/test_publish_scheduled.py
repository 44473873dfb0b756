"""`manage.py publish_scheduled`: what production runs every minute (see README, "Scheduled publishing")."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from conditions.models import Condition
from editorial import workflow
from editorial.models import ReviewEvent
from tests import factories

pytestmark = pytest.mark.django_db


def run() -> str:
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()


def test_command_publishes_due_articles_and_conditions_and_reports_each():
    editor = factories.make_editor()
    article = factories.make_article(title="Naltrexone")
    condition = factories.make_condition(name="Crohn's disease")
    for page in (article, condition):
        factories.approve_draft(page)
        workflow.publish(page, user=editor, at=timezone.now() + datetime.timedelta(minutes=1))

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2), tick=False):
        output = run()

    assert "published Naltrexone" in output and "published Crohn's disease" in output
    assert Article.objects.live().count() == 1 and Condition.objects.live().count() == 1


def test_command_does_nothing_before_the_time_and_nothing_twice():
    article = factories.make_article()
    factories.approve_draft(article)
    workflow.publish(article, user=factories.make_editor(), at=timezone.now() + datetime.timedelta(minutes=10))

    assert run() == ""
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11), tick=False):
        assert "published" in run()
        assert run() == ""
    assert Article.objects.live().count() == 1


def test_scheduled_unpublish_and_publish_of_the_same_page_both_apply_in_one_run():
    article = factories.make_article()
    factories.approve_draft(article)
    editor = factories.make_editor()
    workflow.publish(article, user=editor, at=timezone.now() + datetime.timedelta(minutes=1))
    workflow.unpublish(article, user=editor, at=timezone.now() + datetime.timedelta(minutes=2))

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=3), tick=False):
        output = run()

    assert output.splitlines()[:2] == [f"published {article}", f"unpublished {article}"]
    assert not Article.objects.live().exists()


def test_a_schedule_moved_after_the_run_found_it_due_is_left_for_its_new_time():
    article = factories.make_article()
    factories.approve_draft(article)
    editor = factories.make_editor()
    workflow.publish(article, user=editor, at=timezone.now() + datetime.timedelta(minutes=1))
    found_due = list(Article.objects.filter(pk=article.pk))  # what the run read, just before an editor moved it
    workflow.publish(article, user=editor, at=timezone.now() + datetime.timedelta(days=2))

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2), tick=False):
        assert workflow.publish_due(found_due[0], timezone.now()) == ""
        assert workflow.unpublish_due(found_due[0], timezone.now()) == ""

    stored = Article.objects.get(pk=article.pk)
    assert stored.live_status == "none" and stored.publish_at > timezone.now() + datetime.timedelta(days=1)


def test_an_unpublishing_left_behind_by_a_cancelled_publication_is_dropped_and_recorded():
    # Found by the workflow state machine: the job cleared the unpublishing time without a word in the history.
    editor = factories.make_editor()
    article = factories.make_article(title="Naltrexone")
    factories.approve_draft(article)
    now = timezone.now()
    workflow.publish(article, user=editor, at=now + datetime.timedelta(minutes=10))
    workflow.unpublish(article, user=editor, at=now + datetime.timedelta(minutes=20))
    workflow.cancel_schedule(article, user=editor)

    with time_machine.travel(now + datetime.timedelta(minutes=30), tick=False):
        output = run()

    stored = Article.objects.get(pk=article.pk)
    last = ReviewEvent.objects.filter(object_id=article.pk, content_type=article.content_type).first()
    assert "dropped the unpublishing of Naltrexone" in output
    assert stored.unpublish_at is None and stored.live_status == "none"
    assert last.action == ReviewEvent.Action.SCHEDULE_CANCELLED and "not live" in last.note
