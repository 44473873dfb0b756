"""Old WordPress addresses: 404 while the import is a draft, 301 to the article once it is published."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from editorial import workflow
from imports.models import ImportedItem
from tests import factories
from tests.imports.conftest import export, publish_imported

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(run_import, uploads):
    run_import(export("site.xml"), "--media-dir", str(uploads))
    return {item.wp_id: item.article for item in ImportedItem.objects.select_related("article")}


def test_old_address_is_not_found_while_the_article_is_a_draft(client, imported):
    assert client.get("/2024/01/low-dose-naltrexone/").status_code == 404
    assert client.get("/about/").status_code == 404


def test_old_address_redirects_permanently_once_the_article_is_published(client, imported):
    publish_imported(imported[101])

    response = client.get("/2024/01/low-dose-naltrexone/")

    assert response.status_code == 301
    assert response["Location"] == "/articles/low-dose-naltrexone/"
    assert client.get(response["Location"]).status_code == 200


def test_old_address_redirects_with_or_without_its_trailing_slash_and_for_head(client, imported):
    publish_imported(imported[103])

    assert client.get("/about")["Location"] == "/articles/about/"
    assert client.head("/about/")["Location"] == "/articles/about/"
    # Never redirected: a form post must not be replayed (/about/ is also the trust page, which only answers GET).
    assert client.post("/about/").status_code in (403, 404, 405)


def test_non_ascii_old_address_redirects(client, imported):
    publish_imported(imported[105])

    response = client.get("/2024/01/%E6%97%A5%E6%9C%AC%E8%AA%9E/")

    assert response.status_code == 301
    assert response["Location"] == "/articles/cafe-con-leche/"


def test_redirect_follows_the_articles_current_address(client, imported):
    article = publish_imported(imported[101])
    article.slug = "ldn-explained"
    workflow.save_draft(article, user=factories.make_writer())
    factories.publish(article)

    assert client.get("/2024/01/low-dose-naltrexone/")["Location"] == "/articles/ldn-explained/"


def test_old_address_is_not_found_again_after_unpublishing(client, imported):
    article = publish_imported(imported[101])
    workflow.unpublish(article, user=factories.make_editor(), note="Needs a rewrite")

    assert client.get("/2024/01/low-dose-naltrexone/").status_code == 404


def test_an_unknown_address_costs_one_lookup(client, imported):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/2019/01/never-existed/").status_code == 404

    assert len([q for q in queries.captured_queries if "imports_importeditem" in q["sql"]]) == 1


def test_found_pages_cost_no_lookup(client, imported):
    publish_imported(imported[101])

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/articles/low-dose-naltrexone/").status_code == 200

    assert not [q for q in queries.captured_queries if "imports_importeditem" in q["sql"]]


def test_an_old_address_with_a_control_character_is_not_found_and_never_reaches_the_database(
    client, imported, settings
):
    # The site refuses such addresses before this middleware (website.middleware.BadInputMiddleware); without
    # that guard, this middleware alone must still never send the text to PostgreSQL, which refuses NUL.
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != "website.middleware.BadInputMiddleware"]
    publish_imported(imported[101])

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/2024/01/low-dose-naltrexone%00/")

    assert response.status_code == 404
    assert not [query["sql"] for query in queries if ImportedItem._meta.db_table in query["sql"]]
