"""The worker's caching: purging a front cache by content tags, and warming the pages a publish changed."""

import datetime
import http.server
import socket
import threading

import pytest
import time_machine
from django.utils import timezone

from articles.models import Topic
from caching import content as content_cache
from editorial import workflow
from tests import factories
from tests.queued import queued_tasks
from website.tasks import pages_of, purge_front_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(page_cache, settings):
    """The shared page cache (tests/conftest.py), with absolute addresses for the pages the tasks warm."""
    settings.SITE_URL = "http://testserver"


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


# Purging a front cache ------------------------------------------------------------------------------------


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    """A stand-in for Varnish: records each PURGE's tags and answers 200."""

    purged: list[str] = []

    def do_PURGE(self):  # noqa: N802 - the name http.server dispatches the method to
        self.purged.append(self.headers["xkey-purge"])
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def varnish(settings):
    PurgeRecorder.purged = []
    server = http.server.HTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.VARNISH_PURGE_URL = f"http://127.0.0.1:{server.server_port}/"
    yield PurgeRecorder.purged
    server.shutdown()
    server.server_close()


def test_a_committed_change_queues_one_purge_of_the_tags_it_bumped(settings):
    settings.VARNISH_PURGE_URL = "http://127.0.0.1:6081/"

    content_cache.content_changed("articles.article:7", "list:articles.topic:2")

    assert queued_tasks() == [("website.tasks.purge_front_cache", [["articles.article:7", "list:articles.topic:2"]])]


def test_without_a_front_cache_nothing_is_queued(settings):
    settings.VARNISH_PURGE_URL = ""

    content_cache.content_changed("articles.article:7")

    assert queued_tasks() == []


def test_the_worker_purges_varnish_by_the_tags(varnish):
    purge_front_cache.call(["articles.article:7", "articles.article"])

    assert varnish == ["articles.article:7 articles.article"]
    assert queued_tasks() == []


def test_many_tags_are_purged_in_requests_varnish_accepts(varnish):
    tags = [f"list:articles.article:{pk}" for pk in range(1, 251)]

    purge_front_cache.call(tags)

    assert [len(header.split(" ")) for header in varnish] == [100, 100, 50]
    assert " ".join(varnish).split(" ") == tags


def test_a_purge_while_varnish_is_down_is_tried_again_later_and_never_raises(settings):
    settings.VARNISH_PURGE_URL = f"http://127.0.0.1:{refused_port()}/"

    purge_front_cache.call(["articles.article:7"])

    assert queued_tasks() == [("website.tasks.purge_front_cache", [["articles.article:7"]])]


def refused_port() -> int:
    """Return a port that was free a moment ago: connecting to it is refused, as to a stopped Varnish."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
