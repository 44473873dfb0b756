"""Article and topic sections of /sitemap.xml: live pages only, each dated by its last publish."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from editorial import workflow
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("canonical_site")]
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_files(client) -> list[str]:
    """Return the path (and query) of every file the sitemap index /sitemap.xml lists."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    return [loc.removeprefix("http://www.recovery.example") for loc in root.itertext() if loc.startswith("http")]


def sitemap_entries(client) -> dict[str, str | None]:
    """Return {location: lastmod} from every file of the sitemap index."""
    entries = {}
    for path in sitemap_files(client):
        response = client.get(path)
        assert response.status_code == 200, path
        root = ET.fromstring(response.content)  # noqa: S314 - our own output
        entries.update(
            {url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS) for url in root}
        )
    return entries


def test_live_articles_are_listed_with_their_last_publish_date(client):
    article = factories.make_live_article(slug="naltrexone")

    entries = sitemap_entries(client)

    assert (
        entries["http://www.recovery.example/articles/naltrexone/"]
        == timezone.localdate(article.last_published_at).isoformat()
    )


def test_drafts_scheduled_and_unpublished_articles_are_left_out(client):
    editor = factories.make_editor()
    factories.make_article(slug="draft")
    scheduled = factories.approve_draft(factories.make_article(slug="scheduled"))
    workflow.publish(scheduled, user=editor, at=timezone.now() + datetime.timedelta(days=1))
    workflow.unpublish(factories.make_live_article(slug="expired"), user=editor)

    locations = " ".join(sitemap_entries(client))

    for slug in ("draft", "scheduled", "expired"):
        assert f"/articles/{slug}/" not in locations


def test_topic_is_listed_only_while_it_has_a_live_article_and_dated_by_the_newest(client):
    listed, empty = factories.make_topic(name="Medicines"), factories.make_topic(name="Family")
    factories.make_live_article(topic=listed)
    newest = factories.make_live_article(topic=listed)
    factories.make_article(topic=empty)
    workflow.unpublish(factories.make_live_article(topic=empty), user=factories.make_editor())

    entries = sitemap_entries(client)

    assert (
        entries["http://www.recovery.example/articles/topic/medicines/"]
        == timezone.localdate(newest.last_published_at).isoformat()
    )
    assert "http://www.recovery.example/articles/topic/family/" not in entries
