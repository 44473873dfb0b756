"""Performance budgets: queries per page, page weight, and static files fit for a CDN."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core import signing
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from contact.views import THANKS_COOKIE, THANKS_SALT
from tests import factories

MAX_QUERIES = 8
MANY = 9  # more related items than the query budget, so any per-item query would break it


@pytest.fixture
def crowded_site(db):
    """A site where every list and relation is longer than the query budget, every page and person pictured."""
    writer = factories.make_writer()
    reviewer = factories.make_reviewer()
    editor = factories.make_editor()
    authors = [factories.make_contributor(is_writer=True, photo=factories.make_image()) for _ in range(MANY)]
    sources = [{"title": f"Study {n}", "publisher": "NIH", "year": 2020, "pmid": str(1000 + n)} for n in range(MANY)]
    topic = factories.make_topic(name="Medicines")

    def go_live(obj):
        return factories.publish(obj, reviewer=reviewer, editor=editor)

    conditions = [
        go_live(
            factories.make_condition(user=writer, authors=authors, sources=sources, hero_image=factories.make_image())
        )
        for _ in range(MANY)
    ]
    articles = [
        go_live(
            factories.make_article(
                user=writer,
                topic=topic,
                authors=authors,
                conditions=conditions,
                sources=sources,
                hero_image=factories.make_image(),
            )  # fmt: skip
        )
        for _ in range(13)  # more than one page of the paginated lists
    ]
    return {"article": articles[0], "condition": conditions[0], "topic": topic, "author": authors[0],
            "reviewer": reviewer.contributor}  # fmt: skip


def public_pages(site) -> dict[str, str]:
    return {
        "home": "/",
        "article list": "/articles/",
        "article list, page 2": "/articles/?page=2",
        "topic": site["topic"].get_absolute_url(),
        "article": site["article"].get_absolute_url(),
        "conditions A-Z": "/conditions/",
        "condition": site["condition"].get_absolute_url(),
        "author profile": site["author"].get_absolute_url(),
        "reviewer profile": site["reviewer"].get_absolute_url(),
        "search": "/search/?q=study",
        "search, page 2": "/search/?q=study&page=2",
        "search, a typo": "/search/?q=artcle",
        "search, nothing found (did you mean)": "/search/?q=zzqx+unheard-of",
        "contact form": "/contact/",
        "contact thanks": "/contact/thanks/",
        "sitemap index": "/sitemap.xml",
        "sitemap, articles file": "/sitemap-articles.xml",
        "sitemap, contributors file": "/sitemap-contributors.xml",
        "article feed": "/feeds/articles/",
        "robots.txt": "/robots.txt",
        "health check": "/healthz/",
    }


def test_every_public_page_type_needs_few_queries_however_long_its_lists(crowded_site):
    client = Client()
    # The thanks page is shown only to a browser that has just sent a form (a signed cookie says so).
    thanks_signer = signing.get_cookie_signer(salt=THANKS_COOKIE + THANKS_SALT)
    client.cookies[THANKS_COOKIE] = thanks_signer.sign("ABCD-EFGH|0|phone")
    counts = {}
    for name, url in public_pages(crowded_site).items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, f"{name} ({url}) answered {response.status_code}"
        counts[name] = len(queries)

    over_budget = {name: count for name, count in counts.items() if count > MAX_QUERIES}
    assert over_budget == {}, f"over {MAX_QUERIES} queries: {over_budget} (all: {counts})"


def test_the_not_found_page_needs_few_queries_however_large_the_site(
    crowded_site, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/no-such-page/")

    assert response.status_code == 404


def test_article_page_html_stays_under_60_kb(crowded_site, client):
    response = client.get(crowded_site["article"].get_absolute_url())

    assert len(response.content) < 60 * 1024


def test_demo_article_page_html_stays_under_60_kb(demo_content, client):
    from articles.models import Article

    article = Article.objects.live().get(slug__contains="naltrexone")
    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert len(response.content) < 60 * 1024


def stylesheets(html: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


def test_site_css_stays_under_40_kb(crowded_site, client):
    urls = set()
    for url in ("/", crowded_site["article"].get_absolute_url(), "/contact/"):
        urls.update(stylesheets(client.get(url).content.decode()))
    assert urls, "no stylesheet found on the public pages"

    paths = [finders.find(url.removeprefix(settings.STATIC_URL)) for url in urls]
    total = sum(Path(path).stat().st_size for path in paths)

    assert total < 40 * 1024


@pytest.fixture
def collected_static(settings, tmp_path):
    """Collect the site's own static files the way production does: hashed names, gzip and brotli."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # The project's own files only: compressing the admin's and the editor's assets would be slow.
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    call_command("collectstatic", "--noinput", verbosity=0)
    return settings.STATIC_ROOT


def test_static_files_get_hashed_names_and_precompressed_copies(collected_static):
    css = [path.name for path in (collected_static / "css").iterdir()]

    hashed = [name for name in css if re.fullmatch(r"site\.[0-9a-f]{12}\.css", name)]
    assert hashed
    assert f"{hashed[0]}.gz" in css
    assert f"{hashed[0]}.br" in css


def test_pages_link_hashed_static_files_served_for_a_year_with_brotli(collected_static, db):
    client = Client()  # a new client loads WhiteNoise with the collected files
    [css_url] = stylesheets(client.get("/").content.decode())
    assert re.search(r"site\.[0-9a-f]{12}\.css$", css_url)

    response = client.get(css_url, HTTP_ACCEPT_ENCODING="gzip, br")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "max-age=31536000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert "Accept-Encoding" in response["Vary"]


def test_static_files_fall_back_to_gzip(collected_static, db):
    client = Client()
    [css_url] = stylesheets(client.get("/").content.decode())

    response = client.get(css_url, HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
