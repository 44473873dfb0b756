"""What article and condition pages cache under their published version, and what they must never keep.

The fragments (toc, takeaways and text, sources and notes, the JSON-LD citations and corrections) are
keyed by the version, so each test renders a page once, changes something staff edit apart from the page
(or publishes it again), and checks that the next visitor sees the change at once.
"""

import datetime
import io
import json
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from editorial import workflow
from tests import factories

pytestmark = pytest.mark.django_db


def json_ld(response) -> dict[str, dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return {node["@type"]: node for node in map(json.loads, blocks)}


def byline(response) -> str:
    return re.search(r'<div class="byline">.*?</div>', response.content.decode(), re.S).group(0)


def republish(page, *, note: str = "", kind: str = "", **changes):
    """Edit the live page's draft, approve it and publish it again, as staff would."""
    page = type(page).objects.get(pk=page.pk)
    sources = changes.pop("sources", None)
    for name, value in changes.items():
        setattr(page, name, value)
    if sources is not None:
        page.set_sources(sources)
    workflow.save_draft(page, user=factories.make_writer())
    factories.approve_draft(page)
    return workflow.publish(page, user=factories.make_editor(), note=note, kind=kind)


@pytest.fixture(params=["article", "condition"])
def page(request):
    author = factories.make_contributor(name="Ann Writer", credentials="MA", is_writer=True)
    make = factories.make_live_article if request.param == "article" else factories.make_live_condition
    return make(
        authors=[author],
        body="<h2>Dosing</h2><p>Start low [1].</p>",
        key_takeaways="Start low",
        sources=[{"title": "First trial", "publisher": "NIH"}],
    )


def test_a_renamed_author_shows_at_once_in_the_byline_and_json_ld(client, page):
    client.get(page.get_absolute_url())
    author = page.authors.get()
    author.name, author.credentials = "Ann Renamed", "PhD"
    author.save()

    response = client.get(page.get_absolute_url())

    assert "Ann Renamed, PhD" in byline(response)
    assert "Ann Writer" not in response.content.decode()
    person = json_ld(response)["MedicalWebPage"]["author"][0]
    assert (person["name"], person["honorificSuffix"]) == ("Ann Renamed", "PhD")


def test_a_renamed_reviewer_shows_at_once_in_the_byline_and_json_ld(client, page):
    client.get(page.get_absolute_url())
    reviewer = type(page).objects.get(pk=page.pk).live_reviewed_by
    reviewer.name = "Rita Renamed"
    reviewer.save()

    response = client.get(page.get_absolute_url())

    assert "Rita Renamed" in byline(response)
    assert json_ld(response)["MedicalWebPage"]["reviewedBy"]["name"] == "Rita Renamed"


def test_a_published_correction_and_new_sources_show_at_once(client, page):
    first = client.get(page.get_absolute_url())
    assert "Updates and corrections" not in first.content.decode()

    republish(
        page,
        note="Corrected the starting dose.",
        kind="correction",
        body="<h2>Starting dose</h2><p>Start at 1 mg [2].</p>",
        key_takeaways="Start at 1 mg",
        sources=[{"title": "First trial"}, {"title": "Second trial", "publisher": "FDA"}],
    )
    response = client.get(page.get_absolute_url())
    html = response.content.decode()

    assert "Corrected the starting dose." in html
    assert "Second trial" in html
    assert 'href="#starting-dose"' in html and 'href="#dosing"' not in html
    assert "Start at 1 mg" in html and "Start low" not in html
    assert 'href="#source-2"' in html
    node = json_ld(response)["MedicalWebPage"]
    assert [c["text"] for c in node["correction"]] == ["Corrected the starting dose."]
    assert [c["name"] for c in node["citation"]] == ["First trial", "Second trial"]


def test_the_review_due_note_appears_on_its_day_though_the_version_is_unchanged(client, page):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    factories.set_stored(type(page).objects.filter(pk=page.pk), review_due_at=tomorrow)
    assert "lastReviewed" in json_ld(client.get(page.get_absolute_url()))["MedicalWebPage"]

    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        response = client.get(page.get_absolute_url())

    assert "due for its regular medical review" in byline(response)
    assert "lastReviewed" not in json_ld(response)["MedicalWebPage"]


def test_a_preview_after_a_publish_shows_the_new_note(client, page):
    factories.login_staff(client, factories.make_user(is_superuser=True))
    page = type(page).objects.get(pk=page.pk)
    page.summary = "A new summary."
    workflow.save_draft(page, user=factories.make_writer())
    factories.approve_draft(page)
    preview = f"/{page._meta.app_label}/preview/{page.pk}/"
    assert "Updated the summary." not in client.get(preview).content.decode()

    # The draft stays what was just published, so only the publication tells the two previews apart.
    workflow.publish(page, user=factories.make_editor(), note="Updated the summary.", kind="update")

    assert "Updated the summary." in client.get(preview).content.decode()


def jpeg(width: int, height: int) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 160)).save(buffer, format="JPEG")
    return SimpleUploadedFile("hero.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_renditions_made_after_the_first_render_show_up_in_the_hero_and_json_ld(client, run_tasks):
    article = factories.make_live_article(hero_image=factories.image_from(jpeg(1000, 500), "Pill bottle"))
    first = client.get(article.get_absolute_url())
    assert "srcset" not in re.search(r'<figure class="hero">.*?</figure>', first.content.decode(), re.S).group(0)

    run_tasks()
    response = client.get(article.get_absolute_url())

    hero = re.search(r'<figure class="hero">.*?</figure>', response.content.decode(), re.S).group(0)
    assert "480w" in hero and 'width="1000" height="500"' in hero
    image = json_ld(response)["MedicalWebPage"]["image"]
    assert (image["width"], image["height"]) == (1000, 500)


def test_a_renamed_topic_and_a_renamed_or_unpublished_condition_show_at_once(client):
    topic = factories.make_topic(name="Medicines")
    kept, hidden = factories.make_live_condition(name="Alcohol use"), factories.make_live_condition(name="Insomnia")
    article = factories.make_live_article(topic=topic, conditions=[kept, hidden])
    client.get(article.get_absolute_url())

    topic.name = "Medications"
    topic.save()
    kept = type(kept).objects.get(pk=kept.pk)
    republish(kept, name="Alcohol use disorder")
    workflow.unpublish(hidden, user=factories.make_editor())
    response = client.get(article.get_absolute_url())
    html = response.content.decode()

    assert f'<p class="eyebrow"><a href="{topic.get_absolute_url()}">Medications</a></p>' in html
    assert ">Alcohol use disorder</a>" in html and "Insomnia" not in html
    about = json_ld(response)["MedicalWebPage"]["about"]
    assert [condition["name"] for condition in about] == ["Alcohol use disorder"]


def test_a_page_shown_again_after_another_page_is_published_keeps_its_fragments(client, django_assert_num_queries):
    condition = factories.make_live_condition()
    article = factories.make_live_article(conditions=[condition])
    client.get(article.get_absolute_url())

    factories.make_live_article(title="Another article", conditions=[condition])
    # Its page with topic and reviewer, authors, conditions, related articles, its other languages and the blocks.
    with django_assert_num_queries(6):
        response = client.get(article.get_absolute_url())

    assert "Another article" in response.content.decode()
