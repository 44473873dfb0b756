"""Cache warming: after a publish the worker renders the changed pages, so the next visitor gets a cached page."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from articles.models import Topic
from editorial import workflow
from tests import factories
from tests.queued import queued_tasks
from website.tasks import pages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.SITE_URL = "http://testserver"
    cache.clear()
    yield
    cache.clear()


def test_a_publish_changes_the_article_its_list_its_topic_and_home():
    topic = Topic.objects.create(name="Medications", slug="medications")
    article = factories.make_article(title="Naltrexone uses", topic=topic)

    assert pages_of(article) == ["/", "/articles/", article.get_absolute_url(), "/articles/topic/medications/"]


def test_after_a_publish_the_next_visitor_is_served_from_the_cache(
    client, page_cache, run_tasks, django_capture_on_commit_callbacks
):
    editor = factories.make_editor()
    article = factories.make_article(title="Naltrexone uses")
    factories.approve_draft(article)
    run_tasks()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, user=editor)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5), tick=False):
        run_tasks()

    for path in ("/", "/articles/", article.get_absolute_url()):
        assert client.get(path)["X-Page-Cache"] == "hit", path


def test_without_a_page_cache_nothing_is_warmed(client, run_tasks, django_capture_on_commit_callbacks):
    article = factories.make_article()
    factories.approve_draft(article)
    run_tasks()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, user=factories.make_editor())

    assert [path for path, _ in queued_tasks()] == ["editorial.tasks.send_workflow_mail"]
