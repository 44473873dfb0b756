"""/feeds/articles/: an RSS feed of live articles only."""

import datetime
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone

from editorial import workflow
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("canonical_site")]


def feed_items(client) -> dict[str, ET.Element]:
    response = client.get("/feeds/articles/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own output
    return {item.findtext("link"): item for item in channel.findall("item")}


def test_feed_lists_live_articles_with_title_summary_author_and_date(client):
    author = factories.make_contributor(name="Sample Writer", credentials="MA", is_writer=True)
    article = factories.make_live_article(
        slug="naltrexone", title="What is naltrexone used for?", summary="How it helps.", authors=[author]
    )

    item = feed_items(client)["http://www.recovery.example/articles/naltrexone/"]

    assert item.findtext("title") == "What is naltrexone used for?"
    assert item.findtext("description") == "How it helps."
    assert "Sample Writer, MA" in item.findtext("{http://purl.org/dc/elements/1.1/}creator")
    assert parsedate_to_datetime(item.findtext("pubDate")) == article.first_published_at.replace(microsecond=0)


def test_feed_leaves_out_drafts_scheduled_and_unpublished_articles(client):
    editor = factories.make_editor()
    factories.make_live_article(slug="live")
    factories.make_article(slug="draft")
    scheduled = factories.approve_draft(factories.make_article(slug="scheduled"))
    workflow.publish(scheduled, user=editor, at=timezone.now() + datetime.timedelta(days=1))
    workflow.unpublish(factories.make_live_article(slug="expired"), user=editor)

    assert list(feed_items(client)) == ["http://www.recovery.example/articles/live/"]


def test_feed_channel_points_at_the_article_list(client, db):
    channel = ET.fromstring(client.get("/feeds/articles/").content).find("channel")  # noqa: S314

    assert channel.findtext("title") == "Recovery Site: articles"
    assert channel.findtext("link") == "http://www.recovery.example/articles/"
