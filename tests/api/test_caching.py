"""Caching headers, conditional requests, freshness after a publish and query counts that do not grow with data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from editorial import workflow
from tests import factories
from tests.api.conftest import go_live, republish

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"


def test_responses_carry_an_etag_and_a_short_public_max_age(site, anonymous):
    response = anonymous.get(ARTICLES)

    assert response["ETag"].startswith('"')
    assert response["Cache-Control"] == "public, max-age=60"


def test_if_none_match_with_the_current_etag_answers_304_without_a_body(site, anonymous):
    etag = anonymous.get(f"{ARTICLES}naltrexone-basics/")["ETag"]

    response = anonymous.get(f"{ARTICLES}naltrexone-basics/", headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert anonymous.get(ARTICLES, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_a_publish_shows_at_once_with_a_new_etag_even_with_the_page_cache_on(site, anonymous, page_cache):
    before = anonymous.get(f"{ARTICLES}naltrexone-basics/")
    anonymous.get(f"{ARTICLES}naltrexone-basics/")

    republish(site["article"], "Updated the dose table.", "update", summary="Second summary.")
    after = anonymous.get(f"{ARTICLES}naltrexone-basics/", headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    assert after.json()["summary"] == "Second summary."
    assert after.json()["revision"] == 3
    assert after["ETag"] != before["ETag"]


def test_a_withdrawn_page_is_gone_from_the_api_at_once_with_the_page_cache_on(site, anonymous, page_cache):
    assert anonymous.get(f"{ARTICLES}naltrexone-basics/").status_code == 200
    workflow.unpublish(site["article"], user=factories.make_editor())

    assert anonymous.get(f"{ARTICLES}naltrexone-basics/").status_code == 404
    assert anonymous.get(ARTICLES).json()["count"] == 0


def add_content(count: int) -> None:
    """Add ``count`` live articles and condition pages, each with its own topic, writer, sources and correction."""
    for _ in range(count):
        writer = factories.make_contributor(is_writer=True)
        sources = [{"title": "Study", "doi": "10.1/1"}, {"title": "Review", "pmid": "1"}]
        condition = go_live(factories.make_condition(authors=[writer], sources=sources))
        republish(condition, "Corrected a symptom.", "correction", summary="Fixed.")
        article = factories.make_article(
            topic=factories.make_topic(), conditions=[condition], authors=[writer], sources=sources
        )
        republish(go_live(article), "Corrected a dose.", "correction", summary="Fixed.")


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# Written out per endpoint: the count, the page of items with its joins, then one query per prefetched relation.
EXPECTED_QUERIES = {
    # count, articles (reviewer and topic joined), sources, authors, live conditions, revisions
    ARTICLES: 6,
    f"{ARTICLES}?topic=medications&condition=opioid-use-disorder": 6,
    # count, conditions (reviewer joined), sources, authors, revisions
    "/api/v1/conditions/": 5,
    # count, contributors named on live pages
    "/api/v1/contributors/": 2,
    # count, topics
    "/api/v1/topics/": 2,
    # count, corrections on live pages, then each kind of page they belong to (articles and conditions here)
    "/api/v1/corrections/": 4,
    # one article: itself with its joins, sources, authors, live conditions, revisions
    f"{ARTICLES}naltrexone-basics/": 5,
}


def test_lists_and_details_run_a_fixed_number_of_queries_for_2_and_for_20_items(site, anonymous):
    add_content(1)
    for url in EXPECTED_QUERIES:
        anonymous.get(url)  # content types are looked up once per process
    with_two = {url: queries(anonymous, url) for url in EXPECTED_QUERIES}
    add_content(18)

    with_twenty = {url: queries(anonymous, url) for url in EXPECTED_QUERIES}

    assert anonymous.get(ARTICLES).json()["count"] == 20
    assert anonymous.get("/api/v1/conditions/").json()["count"] == 20
    assert with_two == EXPECTED_QUERIES
    assert with_twenty == EXPECTED_QUERIES


def test_site_pages_run_a_fixed_number_of_queries_for_one_and_for_all_four(site, anonymous):
    anonymous.get("/api/v1/pages/")
    one = queries(anonymous, "/api/v1/pages/")
    for kind in ("editorial-policy", "privacy", "contact-details"):
        go_live(factories.make_site_page(kind=kind, makes_medical_claims=False), reviewer=factories.make_editor())

    # count, pages (reviewer joined), sources, revisions
    assert (one, queries(anonymous, "/api/v1/pages/")) == (4, 4)
