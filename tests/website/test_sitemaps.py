"""/sitemap.xml as a whole (fixed pages, contributors) and robots.txt pointing crawlers at it."""

import pytest
from django.utils import timezone

from editorial import workflow
from tests import factories
from tests.articles.test_sitemaps import sitemap_entries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("canonical_site")]
BASE = "http://www.recovery.example"


def test_home_and_listing_pages_are_dated_by_the_newest_publish(client):
    factories.make_live_article()
    newest = factories.make_live_condition()

    entries = sitemap_entries(client)

    for path in ("/", "/articles/", "/conditions/"):
        assert entries[BASE + path] == timezone.localdate(newest.last_published_at).isoformat()


def test_contributors_of_live_pages_are_listed_and_others_are_not(client):
    author = factories.make_contributor(slug="author", is_writer=True)
    draft_only = factories.make_contributor(slug="draft-only", is_writer=True)
    reviewer = factories.make_reviewer()
    article = factories.publish(factories.make_article(authors=[author]), reviewer=reviewer)
    factories.make_article(authors=[draft_only])

    entries = sitemap_entries(client)

    assert entries[f"{BASE}/contributors/author/"] == timezone.localdate(article.last_published_at).isoformat()
    assert f"{BASE}{reviewer.contributor.get_absolute_url()}" in entries
    assert f"{BASE}/contributors/draft-only/" not in entries


def test_contributor_drops_out_when_their_only_page_is_unpublished(client):
    author = factories.make_contributor(slug="author", is_writer=True)
    workflow.unpublish(factories.make_live_condition(authors=[author]), user=factories.make_editor())

    assert f"{BASE}/contributors/author/" not in sitemap_entries(client)


def test_empty_site_still_has_a_valid_sitemap(client):
    assert list(sitemap_entries(client)) == [f"{BASE}/", f"{BASE}/articles/", f"{BASE}/conditions/"]


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_admin_search_and_previews(client):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()

    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    for path in ("/admin/", "/search/", "/articles/preview/", "/conditions/preview/"):
        assert f"Disallow: {path}" in lines
