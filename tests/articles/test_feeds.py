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


def channel_of(client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200
    return ET.fromstring(response.content).find("channel")  # noqa: S314 - our own output


def test_each_language_has_its_own_feed_of_its_own_articles(client):
    factories.make_live_article(slug="naltrexone", title="What is naltrexone used for?")
    factories.make_live_article(slug="naltrexona", title="¿Para qué se usa la naltrexona?", language="es")

    english = channel_of(client, "/feeds/articles/")
    spanish = channel_of(client, "/es/feeds/articles/")

    assert [item.findtext("title") for item in english.findall("item")] == ["What is naltrexone used for?"]
    assert [item.findtext("title") for item in spanish.findall("item")] == ["¿Para qué se usa la naltrexona?"]
    assert english.findtext("language") == "en" and spanish.findtext("language") == "es"
    assert english.findtext("title") == "Recovery Site: articles"
    assert spanish.findtext("title") == "Recovery Site: artículos"
    assert spanish.findtext("description").startswith("Artículos nuevos y actualizados, con revisión médica")
    assert spanish.findtext("link") == "http://www.recovery.example/es/articles/"
    assert spanish.find("item").findtext("link") == "http://www.recovery.example/es/articles/naltrexona/"


def test_spanish_pages_link_their_own_feed(client):
    html = client.get("/es/").content.decode()

    assert (
        '<link rel="alternate" type="application/rss+xml" title="Recovery Site: artículos" href="/es/feeds/articles/">'
        in html
    )
