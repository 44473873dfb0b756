"""/sitemap.xml as a whole (fixed pages, contributors) and robots.txt pointing crawlers at it."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


def index_files(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return [loc.removeprefix(BASE) for loc in re.findall(r"<loc>([^<]+)</loc>", response.content.decode())]


def locations(client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/xml"
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_sitemap_is_an_index_of_section_files_each_of_at_most_the_limit(client, settings):
    settings.SITEMAP_SECTION_URLS = 2
    articles = [factories.make_live_article() for _ in range(5)]
    factories.make_article()  # a draft: never listed

    files = index_files(client)
    article_files = [path for path in files if path.startswith("/sitemap-articles.xml")]
    listed = [location for path in article_files for location in locations(client, path)]

    assert article_files == ["/sitemap-articles.xml", "/sitemap-articles.xml?p=2", "/sitemap-articles.xml?p=3"]
    assert all(len(locations(client, path)) <= 2 for path in files)
    assert sorted(listed) == sorted(f"{BASE}/articles/{article.slug}/" for article in articles)
    assert len(set(listed)) == len(listed)  # no article in two files


def test_sitemap_files_past_the_last_or_not_numbered_are_not_found(client, settings):
    settings.SITEMAP_SECTION_URLS = 2
    for _ in range(3):
        factories.make_live_article()

    assert client.get("/sitemap-articles.xml?p=2").status_code == 200
    assert client.get("/sitemap-articles.xml?p=3").status_code == 404
    assert client.get("/sitemap-articles.xml?p=0").status_code == 404
    assert client.get("/sitemap-articles.xml?p=two").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.parametrize("articles", [5, 11])
def test_a_sitemap_file_and_the_index_cost_the_same_queries_however_many_articles(
    client, settings, articles, django_assert_num_queries
):
    settings.SITEMAP_SECTION_URLS = 4
    for _ in range(articles):
        factories.make_live_article()
    client.get("/sitemap.xml")  # the site's domain is read once and kept

    # COUNT, one sliced query of plain values and one of the listed pages' versions in other languages.
    with django_assert_num_queries(3):
        assert client.get("/sitemap-articles.xml?p=2").status_code == 200
    with django_assert_num_queries(7):  # per section: its count and date (a union for the fixed pages)
        assert client.get("/sitemap.xml").status_code == 200
    with django_assert_num_queries(2):  # a union of aggregates by contributor and role, then the profiles
        assert client.get("/sitemap-contributors.xml").status_code == 200


def test_sitemap_files_are_kept_until_the_content_changes(client, settings, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SECONDS = 300  # the shared cache, as in production
    cache.clear()
    first = factories.make_live_article()
    assert f"{BASE}/articles/{first.slug}/" in locations(client, "/sitemap-articles.xml")

    with CaptureQueriesContext(connection) as queries:
        locations(client, "/sitemap-articles.xml")
    assert len(queries) == 0

    with django_capture_on_commit_callbacks(execute=True):
        second = factories.make_live_article()
    assert f"{BASE}/articles/{second.slug}/" in locations(client, "/sitemap-articles.xml")
    cache.clear()


def test_sitemap_entries_list_each_version_of_a_translated_page_with_its_alternates(client):
    english = factories.make_live_article(title="Naltrexone uses", slug="naltrexone-uses")
    translation = factories.translate(english, title="Naltrexona: usos", slug="naltrexona-usos")
    factories.publish(translation, reviewer=factories.make_reviewer(languages="es"))
    factories.make_live_article(title="Untranslated", slug="untranslated")

    xml = client.get("/sitemap-articles.xml").content.decode()
    entries = dict(re.findall(r"<url><loc>([^<]+)</loc>.*?((?:<xhtml:link[^>]+/>)*)</url>", xml))
    alternates = {
        "en": f"{BASE}/articles/naltrexone-uses/",
        "es": f"{BASE}/es/articles/naltrexona-usos/",
        "x-default": f"{BASE}/articles/naltrexone-uses/",
    }
    for loc in (f"{BASE}/articles/naltrexone-uses/", f"{BASE}/es/articles/naltrexona-usos/"):
        links = dict(re.findall(r'hreflang="([^"]+)" href="([^"]+)"', entries[loc]))
        assert links == alternates
    assert entries[f"{BASE}/articles/untranslated/"] == ""
