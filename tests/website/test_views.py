"""Home, contributor profiles, robots.txt, the health check, and what every public page carries."""

import datetime
import html
import re

import pytest
import time_machine
from django.urls import reverse

from editorial import workflow
from tests import factories

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """Return the page's visible text with tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace(" ,", ",")


@pytest.fixture
def site():
    """One of every public page type, live."""
    topic = factories.make_topic(name="Medications for addiction treatment")
    writer = factories.make_contributor(name="Sample Writer", credentials="MA", is_writer=True)
    condition = factories.make_live_condition(name="Fibromyalgia", authors=[writer])
    article = factories.make_live_article(
        title="What is naltrexone used for?", topic=topic, authors=[writer], conditions=[condition]
    )
    return {"topic": topic, "writer": writer, "condition": condition, "article": article}


PAGE_URLS = {
    "home": lambda s: reverse("website:home"),
    "article list": lambda s: reverse("articles:list"),
    "article": lambda s: s["article"].get_absolute_url(),
    "topic": lambda s: s["topic"].get_absolute_url(),
    "condition index": lambda s: reverse("conditions:index"),
    "condition": lambda s: s["condition"].get_absolute_url(),
    "contributor": lambda s: s["writer"].get_absolute_url(),
}


@pytest.mark.parametrize("page", PAGE_URLS)
def test_every_page_type_carries_the_medical_disclaimer_and_the_988_crisis_line(client, site, page):
    response = client.get(PAGE_URLS[page](site))

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<h2[^>]*>Medical disclaimer</h2>", html)
    assert 'href="tel:988"' in html
    assert "Call or text 988" in text_of(response)
    assert "Skip to main content" in html


@pytest.mark.parametrize("page", PAGE_URLS)
def test_every_page_type_shows_the_admissions_phone_number_in_the_header(client, site, settings, page):
    response = client.get(PAGE_URLS[page](site))

    header = response.content.decode().split("</header>")[0]
    assert settings.ADMISSIONS_PHONE in header


def test_home_page_features_live_articles_and_conditions_but_no_drafts(client, site):
    factories.make_article(title="Draft article")
    factories.make_condition(name="Draft condition")

    response = client.get(reverse("website:home"))

    text = text_of(response)
    assert "What is naltrexone used for?" in text and "Fibromyalgia" in text
    assert "Draft article" not in text and "Draft condition" not in text


def test_home_lists_the_latest_live_pages_newest_first_and_says_which_were_updated(client, db):
    start = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)
    pages = []
    for day, make in enumerate([factories.make_live_article, factories.make_live_condition] * 3):
        with time_machine.travel(start + datetime.timedelta(days=day), tick=False):
            pages.append(make(**{"title" if make is factories.make_live_article else "name": f"Page {day}"}))
    factories.make_article(title="Page draft")
    with time_machine.travel(start + datetime.timedelta(days=10), tick=False):
        pages[0].summary = "Corrected dose."
        workflow.save_draft(pages[0], user=factories.make_writer())
        factories.publish(pages[0])

    response = client.get(reverse("website:home"))

    latest = response.content.decode().split('id="latest-updates-heading"')[1].split("</section>")[0]
    listed = [
        html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item))).strip() for item in latest.split("<li>")[1:]
    ]
    assert listed == [
        "Page 0 Article · updated May 14, 2026",
        "Page 5 Condition · published May 9, 2026",
        "Page 4 Article · published May 8, 2026",
        "Page 3 Condition · published May 7, 2026",
        "Page 2 Article · published May 6, 2026",
    ]


def test_header_search_box_keeps_the_query_on_the_results_page_only(client, site):
    results = client.get(reverse("website:search"), {"q": "naltrexone <b>"})
    header = results.content.decode().split("</header>")[0]
    assert 'value="naltrexone &lt;b&gt;"' in header

    home = client.get(reverse("website:home"))
    assert "value=" not in home.content.decode().split('id="header-search-q"')[1].split(">")[0]


def test_contributor_page_shows_credentials_and_the_live_pages_they_wrote(client, site):
    factories.make_article(title="Unfinished draft", authors=[site["writer"]])

    response = client.get(site["writer"].get_absolute_url())

    assert response.status_code == 200
    text = text_of(response)
    assert "Sample Writer, MA" in text
    assert "What is naltrexone used for?" in text and "Fibromyalgia" in text
    assert "Unfinished draft" not in text


def test_reviewer_page_lists_the_pages_they_medically_reviewed_and_their_licence(client):
    reviewer = factories.make_reviewer()
    article = factories.make_live_article(title="Reviewed article")
    factories.publish(factories.make_article(title="Other article"))
    factories.publish(factories.make_condition(name="Reviewed condition"), reviewer=reviewer)
    factories.publish(factories.make_article(title="Also reviewed"), reviewer=reviewer)

    text = text_of(client.get(reviewer.contributor.get_absolute_url()))

    assert "Pages medically reviewed" in text
    assert "Reviewed condition" in text and "Also reviewed" in text
    assert article.title not in text
    assert "Licensed; licence current until" in text
    # The number is for staff to check; the page says who issued it and that it is current.
    assert reviewer.contributor.licence_number not in text


def test_unknown_contributor_is_404(client):
    assert client.get(reverse("website:contributor", kwargs={"slug": "nobody"})).status_code == 404


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "User-agent: *" in body
    assert "Disallow: /admin/" in body
    assert re.search(r"^Sitemap: https?://\S+/sitemap\.xml$", body, flags=re.M)


def test_health_check_answers_json_and_is_never_cached(client):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["status"] == "ok"
    assert "no-store" in response.headers["Cache-Control"]


def test_home_page_query_count_does_not_grow_with_content(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    factories.make_live_article(topic=factories.make_topic())
    factories.make_live_condition()
    with django_assert_max_num_queries(8) as captured:
        client.get(reverse("website:home"))
    for _ in range(4):
        factories.make_live_article(topic=factories.make_topic())
        factories.make_live_condition()

    with django_assert_num_queries(len(captured)):
        client.get(reverse("website:home"))


def test_contributor_page_query_count_does_not_grow_with_their_pages(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    writer = factories.make_contributor(is_writer=True)
    factories.make_live_article(authors=[writer])
    with django_assert_max_num_queries(8) as captured:
        client.get(writer.get_absolute_url())
    for _ in range(4):
        factories.make_live_article(authors=[writer])
        factories.make_live_condition(authors=[writer])

    with django_assert_num_queries(len(captured)):
        client.get(writer.get_absolute_url())
