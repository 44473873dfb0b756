"""Home, contributor profiles, robots.txt, the health check, and what every public page carries."""

import datetime
import html
import re

import pytest
import time_machine
from django.urls import reverse

from editorial import workflow
from tests import factories
from website.renditions import make_renditions

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


def test_home_shows_the_eight_most_recently_updated_conditions_and_links_to_all_of_them(client, db):
    start = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)
    for day in range(10):
        with time_machine.travel(start + datetime.timedelta(days=day), tick=False):
            factories.make_live_condition(name=f"Condition {day}")

    page = client.get(reverse("website:home")).content.decode()

    cards = page.split('id="conditions-heading"')[1].split("</section>")[0]
    shown = re.findall(r"Condition \d", cards)
    assert shown == [f"Condition {day}" for day in range(9, 1, -1)]
    assert 'href="/conditions/"' in cards


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


def listed_in(response, section: str) -> list[str]:
    """Return the text of each item of a profile section ("written", "reviewed", "education", ...), in order."""
    page = response.content.decode()
    match = re.search(rf'<section aria-labelledby="profile-{section}">(.*?)</section>', page, re.S)
    if match is None:
        return []
    items = re.findall(r"<li>(.*?)</li>", match.group(1), re.S)
    texts = [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item))).strip() for item in items]
    return [text.replace(" :", ":").replace(" ,", ",") for text in texts]


def test_profile_lists_pages_written_and_reviewed_with_kind_and_date_newest_first(client):
    reviewer = factories.make_reviewer()
    person = reviewer.contributor
    person.is_writer = True
    person.save()
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)

    def on_day(day, make, *args, **kwargs):
        with time_machine.travel(start + datetime.timedelta(days=day), tick=False):
            return make(*args, **kwargs)

    on_day(0, factories.make_live_article, title="Written first", authors=[person])
    on_day(1, factories.make_live_condition, name="Written condition", authors=[person])
    reviewed = on_day(2, factories.make_article, title="Reviewed article")
    on_day(2, factories.publish, reviewed, reviewer=reviewer)
    on_day(3, factories.publish, factories.make_condition(name="Reviewed condition"), reviewer=reviewer)
    factories.make_article(title="Draft only", authors=[person])
    gone = on_day(4, factories.make_live_article, title="Taken down", authors=[person])
    workflow.unpublish(gone, user=factories.make_editor())
    factories.make_live_article(title="Someone else's")

    response = client.get(person.get_absolute_url())

    assert listed_in(response, "written") == [
        "Written condition Condition · Updated March 3, 2026",
        "Written first Article · Updated March 2, 2026",
    ]
    assert listed_in(response, "reviewed") == [
        "Reviewed condition Condition · Updated March 5, 2026",
        "Reviewed article Article · Updated March 4, 2026",
    ]
    assert "Draft only" not in response.content.decode() and "Taken down" not in response.content.decode()


def test_profile_shows_job_title_expertise_education_and_affiliations_in_their_order(client):
    person = factories.make_contributor(
        name="Sample Person",
        credentials="PharmD",
        is_writer=True,
        job_title="Clinical pharmacist",
        expertise="Opioid use disorder\n\nPain management\n",
        other_profiles="https://register.example.org/sample-person",
    )
    person.education.create(degree="Residency", institution="Example Hospital", year=2014, position=2)
    person.education.create(degree="Doctor of Pharmacy (PharmD)", institution="Sample University", position=1)
    person.affiliations.create(
        kind="certification", name="Board certified (sample)", organisation="Sample Board", url="https://board.example"
    )
    person.affiliations.create(kind="membership", name="Sample Society", position=1)

    response = client.get(person.get_absolute_url())

    text = text_of(response)
    assert "Sample Person, PharmD Clinical pharmacist Writer" in text
    assert listed_in(response, "expertise") == ["Opioid use disorder", "Pain management"]
    assert listed_in(response, "education") == [
        "Doctor of Pharmacy (PharmD) Sample University",
        "Residency Example Hospital, 2014",
    ]
    assert listed_in(response, "affiliations") == [
        "Board certified (sample) Board certification: Sample Board",
        "Sample Society Professional membership",
    ]
    page = response.content.decode()
    assert '<a href="https://board.example">Sample Board</a>' in page
    assert '<a href="https://register.example.org/sample-person" rel="me">' in page


def test_profile_says_when_a_reviewers_licence_is_not_current(client):
    reviewer = factories.make_reviewer(licence_expiry=datetime.date(2020, 1, 31))
    person = reviewer.contributor
    person.licence_issuer = "Sample State Board of Pharmacy"
    person.save()

    text = text_of(client.get(person.get_absolute_url()))

    assert f"Licence not current: {person.name} does not review pages until it is renewed." in text
    assert "Sample State Board of Pharmacy" not in text and "licence current" not in text


def test_profile_names_the_licence_issuer_while_the_licence_is_current(client):
    reviewer = factories.make_reviewer(licence_expiry=datetime.date(2099, 6, 30))
    person = reviewer.contributor
    person.licence_issuer = "Sample State Board of Pharmacy"
    person.save()

    text = text_of(client.get(person.get_absolute_url()))

    assert "Licensed by Sample State Board of Pharmacy; licence current until June 30, 2099" in text


def test_profile_portrait_is_a_picture_from_the_library_with_its_alt_text_and_credit(client):
    portrait = factories.make_image(
        alt_text="Drawn portrait of a sample person",
        credit="Illustration: Sample Studio",
        licence="cc-by",
        size=(400, 400),
    )
    make_renditions.call(portrait.name, "1:1", [portrait.focal_x, portrait.focal_y])  # the worker's job
    person = factories.make_contributor(is_writer=True, photo=portrait)

    page = client.get(person.get_absolute_url()).content.decode()

    figure = re.search(r'<figure class="profile-portrait">(.*?)</figure>', page, re.S).group(1)
    assert re.search(r'<picture>.*<img [^>]*alt="Drawn portrait of a sample person"', figure, re.S)
    assert 'type="image/webp"' in figure and 'width="160" height="160"' in figure
    caption = re.search(r'<figcaption class="credit">(.*?)</figcaption>', figure, re.S).group(1)
    assert html.unescape(caption) == "Illustration: Sample Studio. Licence: CC BY 4.0."


def test_profile_leaves_out_a_portrait_without_alt_text(client):
    portrait = factories.make_image(alt_text="")
    person = factories.make_contributor(is_writer=True, photo=portrait)

    page = client.get(person.get_absolute_url()).content.decode()

    assert 'class="profile-portrait"' not in page and portrait.name not in page


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


def test_contributor_page_query_count_does_not_grow_with_their_pages(client, django_assert_num_queries):
    reviewer = factories.make_reviewer()
    person = reviewer.contributor
    person.is_writer = True
    person.save()
    person.education.create(degree="PharmD", institution="Sample University")
    person.affiliations.create(name="Sample Society")
    factories.make_live_article(authors=[person])
    # The person with their portrait, education, affiliations, then each kind's pages, and the live blocks.
    with django_assert_num_queries(6):
        client.get(person.get_absolute_url())
    for _ in range(4):
        factories.make_live_article(authors=[person])
        factories.make_live_condition(authors=[person])
        factories.publish(factories.make_article(), reviewer=reviewer)
        person.education.create(degree="Course", institution="Sample College")
        person.affiliations.create(name="Sample Board")

    with django_assert_num_queries(6):
        response = client.get(person.get_absolute_url())

    assert len(listed_in(response, "written")) == 9 and len(listed_in(response, "reviewed")) == 4
