"""Public condition pages: the A-Z index, the condition page and the staff preview."""

import re

import pytest
from django.urls import reverse

from conditions.models import Condition
from editorial import workflow
from tests import factories

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """Return the page's visible text with tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace(" ,", ",")


def test_condition_page_shows_names_sections_reviewer_related_articles_and_sources(client):
    reviewer = factories.make_reviewer()
    reviewer.contributor.name, reviewer.contributor.credentials = "Sample Reviewer", "PharmD"
    reviewer.contributor.save()
    writer = factories.make_contributor(name="Sample Writer", credentials="MA", is_writer=True)
    condition = factories.make_condition(
        name="Crohn's disease",
        also_known_as="Crohn's, IBD",
        summary="A long-term inflammatory bowel disease.",
        body="<h2>Symptoms</h2><p>Belly pain.</p><h2>Treatment</h2><p>Calm the inflammation.</p>",
        authors=[writer],
        sources=[{"title": "Crohn's disease", "publisher": "NIDDK", "url": "https://www.niddk.nih.gov/"}],
    )
    factories.publish(condition, reviewer=reviewer)
    article = factories.make_live_article(title="What is naltrexone used for?", conditions=[condition])
    factories.make_article(title="Draft about Crohn's", conditions=[condition])

    response = client.get(condition.get_absolute_url())

    assert response.status_code == 200
    text, html = text_of(response), response.content.decode()
    assert "Also called: Crohn's, IBD" in text.replace("&#x27;", "'")
    assert '<h2 id="symptoms">Symptoms</h2>' in html and '<h2 id="treatment">Treatment</h2>' in html
    assert "Written by Sample Writer, MA" in text
    assert "Medically reviewed by Sample Reviewer, PharmD on" in text
    assert f'href="{article.get_absolute_url()}"' in html
    assert "Draft about Crohn" not in text
    assert 'id="source-1"' in html and "NIDDK" in text


def test_condition_index_groups_live_conditions_by_letter(client):
    factories.make_live_condition(name="Fibromyalgia", also_known_as="FMS")
    factories.make_live_condition(name="Multiple sclerosis", also_known_as="MS")
    factories.make_condition(name="Draft condition")

    response = client.get(reverse("conditions:index"))

    assert response.status_code == 200
    text = text_of(response)
    assert "Fibromyalgia" in text and "(also called FMS)" in text
    assert "Multiple sclerosis" in text
    assert "Draft condition" not in text
    assert [letter for letter, _ in response.context["letters"]] == ["F", "M"]


def test_never_published_condition_is_404_for_visitors(client):
    condition = factories.make_condition()

    assert client.get(condition.get_absolute_url()).status_code == 404


def test_unpublished_condition_is_404_for_visitors(client):
    condition = factories.make_live_condition()
    workflow.unpublish(condition, user=factories.make_editor(), note="Withdrawn.")

    assert client.get(condition.get_absolute_url()).status_code == 404


def test_live_condition_keeps_showing_live_text_while_a_new_draft_waits(client):
    condition = factories.make_live_condition(body="<p>Live words.</p>")
    condition.body = "<p>Draft words.</p>"
    workflow.save_draft(condition, user=factories.make_writer())

    text = text_of(client.get(condition.get_absolute_url()))

    assert "Live words." in text and "Draft words." not in text


def test_staff_preview_shows_the_condition_draft_and_is_never_cached(client):
    condition = factories.make_condition(body="<p>Draft words.</p>")
    factories.login_staff(client, factories.make_reviewer())

    response = client.get(reverse("conditions:preview", kwargs={"pk": condition.pk}))

    assert response.status_code == 200
    assert "Draft words." in text_of(response)
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("staff", [False, True], ids=["anonymous", "non-staff"])
def test_condition_preview_is_forbidden_to_visitors(client, staff):
    condition = factories.make_condition(body="<p>Draft words.</p>")
    if staff:
        client.force_login(factories.make_user(is_staff=False))

    response = client.get(reverse("conditions:preview", kwargs={"pk": condition.pk}))

    assert response.status_code == 403
    assert b"Draft words." not in response.content


def condition_with(n: int) -> Condition:
    authors = [factories.make_contributor(is_writer=True) for _ in range(n)]
    sources = [{"title": f"Source {i}", "publisher": "NIH"} for i in range(n)]
    condition = factories.make_live_condition(authors=authors, sources=sources)
    for _ in range(n):
        factories.make_live_article(conditions=[condition])
    return condition


def test_condition_page_is_seven_queries_whatever_the_number_of_sources_authors_and_articles(
    client, django_assert_num_queries
):
    small, large = condition_with(1), condition_with(10)

    # Three for the page and its lists, one for its versions in other languages, one for the site's live blocks;
    # then, for the fragments rendered afresh, its sources and update notes.
    with django_assert_num_queries(7):
        assert client.get(small.get_absolute_url()).status_code == 200
    with django_assert_num_queries(7):
        response = client.get(large.get_absolute_url())

    shown = response.context["condition"]
    assert len(shown.articles.all()) == 10
    assert [s.title for s in shown.sources.all()] == [f"Source {i}" for i in range(10)]
    assert [a.name for a in shown.authors.all()] == sorted(a.name for a in large.authors.all())


def test_condition_page_shown_again_reads_neither_sources_nor_notes_and_looks_the_same(
    client, django_assert_num_queries
):
    condition = condition_with(2)
    first = client.get(condition.get_absolute_url())

    # The page, its authors, its articles, its versions in other languages and the blocks.
    with django_assert_num_queries(5) as captured:
        again = client.get(condition.get_absolute_url())

    assert not any('"conditions_conditionsource"' in query["sql"] for query in captured.captured_queries)
    assert text_of(again) == text_of(first)
    assert "Source 1" in text_of(again)


def test_condition_index_query_count_does_not_grow_with_the_number_of_conditions(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    factories.make_live_condition()
    with django_assert_max_num_queries(8) as captured:
        client.get(reverse("conditions:index"))
    for _ in range(5):
        factories.make_live_condition()

    with django_assert_num_queries(len(captured)):
        client.get(reverse("conditions:index"))


def jpeg(width: int = 1000, height: int = 500):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 160)).save(buffer, format="JPEG")
    return SimpleUploadedFile("hero.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_condition_page_has_takeaways_hero_table_of_contents_and_side_panel(client, run_tasks):
    condition = factories.make_live_condition(
        key_takeaways="An inflammatory bowel disease.\nNot the same as IBS.",
        hero_image=factories.image_from(jpeg(), "Drawing of the gut"),
        body="<h2>Symptoms</h2><p>Pain.</p><h2>Treatment</h2><p>Rest.</p>",
    )
    run_tasks()

    html = client.get(condition.get_absolute_url()).content.decode()

    takeaways = re.search(r'<section class="takeaways".*?</section>', html, re.S).group(0)
    assert re.findall(r"<li>(.*?)</li>", takeaways) == ["An inflammatory bowel disease.", "Not the same as IBS."]
    assert re.search(r'<figure class="hero"><picture>.*?<img[^>]*srcset="[^"]+"[^>]*alt="Drawing of the gut"', html)
    side = re.search(r'<nav class="toc toc-side"[^>]*>(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r'href="(#[^"]+)"', side) == ["#symptoms", "#treatment", "#sources"]
    assert html.index('class="side-panel"') < html.index('id="cta-heading"')


def test_condition_hero_needs_a_description_before_it_can_be_saved_in_the_admin_form():
    from django.core.exceptions import ValidationError

    condition = factories.make_condition(hero_image=factories.image_from(jpeg(), " "))

    with pytest.raises(ValidationError, match="no alt text yet"):
        condition.clean()


def test_condition_related_articles_are_cards_with_topic_and_reviewer(client):
    condition = factories.make_live_condition()
    factories.make_live_article(title="About it", conditions=[condition], topic=factories.make_topic(name="Meds"))

    html = client.get(condition.get_absolute_url()).content.decode()

    section = re.search(r'<section class="related-articles".*?</section>', html, re.S).group(0)
    assert '<p class="card-topic">Meds</p>' in section and "About it" in section
    assert "Medically reviewed by Reviewer" in section


def test_condition_page_rendered_afresh_reuses_its_articles_box_and_shows_the_same_cards(
    client, page_cache, django_assert_num_queries
):
    condition = factories.make_live_condition(name="Fibromyalgia")
    factories.make_live_article(title="Sleep and pain", conditions=[condition])
    url = condition.get_absolute_url() + "?from=newsletter"  # a parameter the page cache does not know: rendered
    first = client.get(url).content.decode()

    # The condition with its reviewer, its authors, its versions in other languages (the hreflang links): the
    # articles' cards are neither read nor built.
    with django_assert_num_queries(3):
        again = client.get(url).content.decode()

    box = re.compile(r'<section class="related-articles".*?</section>', re.S)
    assert box.search(again).group(0) == box.search(first).group(0)
    assert "Sleep and pain" in box.search(again).group(0)
