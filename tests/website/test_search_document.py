"""Search on PostgreSQL reads each page's stored search document and highlights only the page of hits shown."""

import os
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from editorial import workflow
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def postgres():
    """Run only on PostgreSQL; with REQUIRE_POSTGRES=1 (CI) anything else is a failure, not a skip."""
    if connection.vendor != "postgresql":
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("REQUIRE_POSTGRES=1 but the tests are not running on PostgreSQL.")
        pytest.skip("The stored search document exists on PostgreSQL only (set DATABASE_URL).")


def found_slugs(query: str) -> list[str]:
    """Return the slugs the /search/ page lists for the query, in order."""
    response = Client().get("/search/", {"q": query})
    return [hit.slug for hit in response.context["page_obj"].object_list]


def test_publishing_stores_the_live_content_as_the_search_document_and_republishing_updates_it():
    article = factories.make_live_article(slug="night-dosing", title="Night dosing", body="<p>Zebrafish study.</p>")
    assert Article.objects.get(pk=article.pk).search_document
    assert found_slugs("zebrafish") == ["night-dosing"]

    page = Article.objects.get(pk=article.pk).apply_draft()
    page.body = "<p>Axolotl study.</p>"
    workflow.save_draft(page, user=factories.make_writer())
    assert found_slugs("axolotl") == []  # a draft is not what visitors search

    factories.publish(page)
    assert found_slugs("axolotl") == ["night-dosing"]
    assert found_slugs("zebrafish") == []


def test_search_matches_the_stored_document_not_the_columns_of_every_page():
    article = factories.make_live_article(slug="night-dosing", title="Night dosing", body="<p>Zebrafish study.</p>")
    # Columns written behind write_live's back leave the stored document as it was.
    factories.set_stored(Article.objects.filter(pk=article.pk), body="<p>Quokka study.</p>")

    with CaptureQueriesContext(connection) as queries:
        assert found_slugs("quokka") == []
        assert found_slugs("zebrafish") == ["night-dosing"]

    sql = "\n".join(query["sql"] for query in queries)
    assert '"search_document" @@' in sql
    assert not re.search(r'to_tsvector\([^;]{0,80}"body"', sql)


def test_refresh_search_documents_catches_up_after_a_bulk_write():
    article = factories.make_live_article(slug="night-dosing", title="Night dosing", body="<p>Zebrafish study.</p>")
    factories.set_stored(Article.objects.filter(pk=article.pk), body="<p>Quokka study.</p>")

    Article.refresh_search_documents()

    assert found_slugs("quokka") == ["night-dosing"]


def test_snippets_are_computed_for_the_page_of_hits_shown_only(client):
    for n in range(25):
        factories.make_live_article(title=f"Recovery story {n:02d}", body=f"<p>A recovery story, number {n}.</p>")

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/search/", {"q": "recovery story", "page": 3}).content.decode()

    headline_queries = [query["sql"] for query in queries if "ts_headline" in query["sql"]]
    assert len(headline_queries) == 1  # both kinds in one statement
    # The primary keys each kind's part is asked to highlight, in the order of FIELDS: articles, conditions.
    highlighted = re.findall(r'"id" = ANY\(\'\{([^}]*)\}', headline_queries[0])
    assert [len(pks.split(",")) if pks else 0 for pks in highlighted] == [5, 0]  # page 3 of 25 article hits
    assert html.count('class="search-hit"') == 5
    assert html.count('<p class="snippet">') == 5
    assert "<mark>recovery</mark>" in html.lower()


def test_search_documents_are_stored_in_their_rows_where_they_fit():
    # Out of line (the default), every document a search tests is first fetched from the TOAST table.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attrelid::regclass::text, attstorage FROM pg_attribute"
            " WHERE attrelid IN ('articles_article'::regclass, 'conditions_condition'::regclass)"
            " AND attname = 'search_document' ORDER BY 1"
        )
        assert cursor.fetchall() == [("articles_article", "m"), ("conditions_condition", "m")]
