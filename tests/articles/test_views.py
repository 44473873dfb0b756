"""Public article pages: list, detail, topic, staff preview, and the live/draft separation over HTTP."""

import datetime
import re

import pytest
import time_machine
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.views import LookaheadPaginator
from editorial import workflow
from tests import factories

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """Return the page's visible text with tags removed and spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" ,", ",")


def reviewer_named(name: str, credentials: str):
    user = factories.make_reviewer()
    user.contributor.name, user.contributor.credentials = name, credentials
    user.contributor.save()
    return user


def test_article_page_shows_content_authors_reviewer_dates_and_numbered_sources(client):
    writer = factories.make_contributor(name="Sample Writer", credentials="MA", is_writer=True)
    reviewer = reviewer_named("Sample Reviewer", "PharmD")
    article = factories.make_article(
        title="What is naltrexone used for?",
        summary="A medicine that supports recovery.",
        body="<h2>How it works</h2><p>It blocks opioid receptors.</p>",
        authors=[writer],
        sources=[
            {
                "title": "Naltrexone labeling",
                "publisher": "U.S. Food and Drug Administration",
                "url": "https://www.fda.gov/",
            },
            {"title": "Medications for substance use disorders", "publisher": "SAMHSA", "year": 2024},
        ],
    )
    factories.publish(article, reviewer=reviewer)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    text = text_of(response)
    assert "What is naltrexone used for?" in text
    assert "A medicine that supports recovery." in text
    assert '<h2 id="how-it-works">How it works</h2>' in response.content.decode()
    assert "Written by Sample Writer, MA" in text
    assert "Medically reviewed by Sample Reviewer, PharmD on" in text
    today = timezone.localdate().strftime("%B %-d, %Y")
    assert f"Published {today}" in text
    assert "Last updated" not in text  # published once, today
    html = response.content.decode()
    assert re.search(r'<ol>\s*<li id="source-1">\s*<a href="https://www.fda.gov/"[^>]*>Naltrexone labeling</a>', html)
    assert 'id="source-2"' in html and "SAMHSA, 2024" in text


def test_article_page_shows_last_updated_date_after_a_later_publish(client):
    article = factories.make_live_article(body="<p>First.</p>")
    factories.set_stored(
        Article.objects.filter(pk=article.pk), first_published_at=timezone.now() - datetime.timedelta(days=40)
    )

    response = client.get(article.get_absolute_url())

    assert "Last updated " + timezone.localdate().strftime("%B %-d, %Y") in text_of(response)
    first_day = timezone.localdate(article.first_published_at - datetime.timedelta(days=40))
    assert f'Published <time datetime="{first_day.isoformat()}">' in response.content.decode()


def test_article_list_shows_live_articles_only(client):
    factories.make_live_article(title="Live article")
    factories.make_article(title="Draft article")

    response = client.get(reverse("articles:list"))

    assert response.status_code == 200
    assert "Live article" in text_of(response)
    assert "Draft article" not in text_of(response)


def test_article_list_is_paginated(client):
    for n in range(13):
        factories.make_live_article(title=f"Listed {n}")

    first, second = client.get(reverse("articles:list")), client.get(reverse("articles:list") + "?page=2")

    assert len(first.context["article_list"]) == 12
    assert len(second.context["article_list"]) == 1
    assert "Page 2 of 2" in text_of(second)


def test_article_list_counts_only_a_few_pages_ahead_and_says_page_of_only_when_it_counted_all(client, monkeypatch):
    monkeypatch.setattr(LookaheadPaginator, "LOOKAHEAD", 0)  # count one item past the page asked for
    for n in range(13):
        factories.make_live_article(title=f"Listed {n}")

    first = client.get(reverse("articles:list"))
    second = client.get(reverse("articles:list") + "?page=2")

    assert "Page 1" in text_of(first)
    assert "Page 1 of" not in text_of(first)  # 13 counted of 13 looked for: more may follow
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert "Page 2 of 2" in text_of(second)
    assert client.get(reverse("articles:list") + "?page=3").status_code == 404


def test_article_list_count_is_bounded_by_the_page_asked_for(client):
    factories.make_live_article()

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("articles:list") + "?page=1")

    counts = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"]]
    assert len(counts) == 1
    assert "LIMIT 73" in counts[0]  # (page 1 + 5 pages ahead) x 12 + 1, never every live article


def test_topic_page_lists_live_articles_of_that_topic_only(client):
    topic, other = factories.make_topic(name="Medications"), factories.make_topic(name="Other")
    factories.make_live_article(title="On topic", topic=topic)
    factories.make_live_article(title="Off topic", topic=other)
    factories.make_article(title="Draft on topic", topic=topic)

    response = client.get(topic.get_absolute_url())

    assert response.status_code == 200
    text = text_of(response)
    assert "On topic" in text
    assert "Off topic" not in text and "Draft on topic" not in text


def test_unknown_topic_is_404(client):
    assert client.get(reverse("articles:topic", kwargs={"slug": "nope"})).status_code == 404


def test_never_published_draft_is_404_for_visitors(client):
    article = factories.make_article()

    assert client.get(article.get_absolute_url()).status_code == 404


def test_approved_but_unpublished_article_is_404_for_visitors(client):
    article = factories.make_article()
    factories.approve_draft(article)

    assert client.get(article.get_absolute_url()).status_code == 404


def test_unpublished_article_is_404_for_visitors(client):
    article = factories.make_live_article()
    workflow.unpublish(article, user=factories.make_editor(), note="Out of date.")

    assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_preview_shows_the_draft_and_is_never_cached(client):
    article = factories.make_article(body="<p>Draft words.</p>")
    factories.login_staff(client, factories.make_writer())

    response = client.get(reverse("articles:preview", kwargs={"pk": article.pk}))

    assert response.status_code == 200
    assert "Draft words." in text_of(response)
    assert "Preview of the working draft" in text_of(response)
    cache_control = response.headers["Cache-Control"]
    assert "no-cache" in cache_control and "no-store" in cache_control and "private" in cache_control


def test_preview_is_forbidden_to_anonymous_visitors(client):
    article = factories.make_article(body="<p>Draft words.</p>")

    response = client.get(reverse("articles:preview", kwargs={"pk": article.pk}))

    assert response.status_code == 403
    assert b"Draft words." not in response.content


def test_preview_is_forbidden_to_signed_in_non_staff(client):
    article = factories.make_article(body="<p>Draft words.</p>")
    client.force_login(factories.make_user(is_staff=False))

    assert client.get(reverse("articles:preview", kwargs={"pk": article.pk})).status_code == 403


def test_preview_is_forbidden_to_staff_without_article_permission(client):
    article = factories.make_article(body="<p>Draft words.</p>")
    factories.login_staff(client, factories.make_user(groups=("Intake staff",)))

    assert client.get(reverse("articles:preview", kwargs={"pk": article.pk})).status_code == 403


# The live/draft separation, through the admin a writer actually uses ---------------------------


def admin_post_data(response) -> dict:
    """Build the admin change form's POST data from the values the form shows, inlines included."""
    data = {}
    shown = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        shown += [inline.formset.management_form, *inline.formset.forms]
    for form in shown:
        for field in form:
            value = field.value()
            # A browser sends no file again, and leaves unticked boxes and empty choices out.
            if value is None or value is False or isinstance(field.field, forms.FileField):
                continue
            data[field.html_name] = [str(v) for v in value] if isinstance(value, list | tuple) else value
    data["_save"] = "Save"
    return data


def test_editing_live_article_in_admin_keeps_live_text_until_an_editor_publishes(client):
    condition = factories.make_live_condition(name="Fibromyalgia")
    article = factories.make_live_article(
        body="<p>Old text.</p>",
        conditions=[condition],
        sources=[{"title": "FDA labeling", "publisher": "FDA", "url": "https://www.fda.gov/"}],
    )
    writer = factories.make_writer()
    factories.login_staff(client, writer)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_post_data(client.get(change_url))
    data["body"] = "<p>New text.</p>"

    response = client.post(change_url, data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    client.logout()
    public = text_of(client.get(article.get_absolute_url()))
    assert "Old text." in public and "New text." not in public

    article.refresh_from_db()
    assert article.draft["fields"]["body"] == "<p>New text.</p>"
    assert article.draft["sources"][0]["title"] == "FDA labeling"
    factories.publish(article)

    public = text_of(client.get(article.get_absolute_url()))
    assert "New text." in public and "Old text." not in public
    assert "FDA labeling" in public and "Fibromyalgia" in public


# Query counts ------------------------------------------------------------------------------


def article_with(n: int) -> Article:
    authors = [factories.make_contributor(is_writer=True) for _ in range(n)]
    conditions = [factories.make_live_condition() for _ in range(n)]
    sources = [{"title": f"Source {i}", "publisher": "NIH", "url": "https://www.nih.gov/"} for i in range(n)]
    return factories.make_live_article(authors=authors, conditions=conditions, sources=sources)


def test_article_page_is_eight_queries_whatever_the_number_of_sources_authors_and_conditions(
    client, django_assert_num_queries
):
    small, large = article_with(1), article_with(10)

    # The article with topic and reviewer, authors, related conditions, related articles, its versions in other
    # languages and the site's live blocks; then, for the fragments rendered afresh, its sources and update notes.
    with django_assert_num_queries(8):
        assert client.get(small.get_absolute_url()).status_code == 200
    with django_assert_num_queries(8):
        response = client.get(large.get_absolute_url())

    assert text_of(response).count("Source ") >= 10
    shown = response.context["article"]
    assert [a.name for a in shown.authors.all()] == sorted(a.name for a in large.authors.all())
    assert [s.title for s in shown.sources.all()] == [f"Source {i}" for i in range(10)]
    assert len(shown.conditions.all()) == 10


def test_article_page_shown_again_reads_neither_sources_nor_notes_and_looks_the_same(client, django_assert_num_queries):
    article = factories.make_live_article(
        body="<h2>Dosing</h2><p>Take it daily [1].</p>",
        key_takeaways="Point one\nPoint two",
        sources=[{"title": "A trial", "publisher": "NIH", "url": "https://www.nih.gov/"}],
        conditions=[factories.make_live_condition()],
    )
    first = client.get(article.get_absolute_url())

    # The version-keyed fragments are kept: the article, its authors, conditions, related articles, its versions
    # in other languages and blocks.
    with django_assert_num_queries(6) as captured:
        again = client.get(article.get_absolute_url())

    assert not any('"articles_articlesource"' in query["sql"] for query in captured.captured_queries)
    assert text_of(again) == text_of(first)
    for shown in ("Point two", "A trial", 'href="#source-1"', 'id="dosing"', '"citation"'):
        assert shown in again.content.decode()


def test_article_page_lists_only_live_related_conditions_in_name_order(client):
    first, hidden, last = (factories.make_live_condition(name=name) for name in ("Alpha", "Beta", "Gamma"))
    article = factories.make_live_article(conditions=[last, hidden, first])
    workflow.unpublish(hidden, user=factories.make_editor())

    response = client.get(article.get_absolute_url())

    assert [c.name for c in response.context["article"].conditions.all()] == ["Alpha", "Gamma"]
    assert "Beta" not in text_of(response)


def test_article_list_query_count_does_not_grow_with_the_number_of_articles(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    topic = factories.make_topic()
    factories.make_live_article(topic=topic)
    with django_assert_max_num_queries(8) as captured:
        client.get(reverse("articles:list"))
    for _ in range(5):
        factories.make_live_article(topic=factories.make_topic())

    with django_assert_num_queries(len(captured)):
        client.get(reverse("articles:list"))


def test_a_page_past_its_scheduled_unpublishing_disappears_at_that_time_in_the_same_process(client):
    article = factories.make_live_article()
    now = timezone.now()
    workflow.unpublish(article, user=factories.make_editor(), at=now + datetime.timedelta(hours=1))

    assert client.get(article.get_absolute_url()).status_code == 200
    with time_machine.travel(now + datetime.timedelta(hours=1, minutes=1)):
        # publish_scheduled has not run: the time alone hides the page, on the next request in this process.
        assert client.get(article.get_absolute_url()).status_code == 404
        assert article.title not in client.get("/articles/").content.decode()


# The reading layout (issue 15): takeaways, table of contents, hero, byline, related articles.


def jpeg(width: int = 1000, height: int = 500):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 160)).save(buffer, format="JPEG")
    return SimpleUploadedFile("hero.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_article_shows_its_key_takeaways_as_a_list_in_a_labelled_box(client):
    article = factories.make_live_article(key_takeaways="It blocks opioid receptors.\n\n- It causes no high.\n")

    html = client.get(article.get_absolute_url()).content.decode()

    box = re.search(r'<section class="takeaways" aria-labelledby="takeaways-heading">(.*?)</section>', html, re.S)
    assert '<h2 id="takeaways-heading">Key takeaways</h2>' in box.group(1)
    assert re.findall(r"<li>(.*?)</li>", box.group(1)) == ["It blocks opioid receptors.", "It causes no high."]


def test_article_without_takeaways_has_no_empty_box(client):
    article = factories.make_live_article(key_takeaways="")

    assert "Key takeaways" not in client.get(article.get_absolute_url()).content.decode()


def test_table_of_contents_links_every_section_heading_and_the_sources_on_phone_and_desktop(client):
    article = factories.make_live_article(
        body="<h2>How it works</h2><p>One.</p><h3>Detail</h3><h2>Forms</h2><p>Two.</p>",
        sources=[{"title": "Label", "publisher": "FDA"}],
    )

    html = client.get(article.get_absolute_url()).content.decode()

    inline = re.search(r'<details class="toc toc-inline">(.*?)</details>', html, re.S).group(1)
    side = re.search(r'<nav class="toc toc-side"[^>]*>(.*?)</nav>', html, re.S).group(1)
    expected = [("#how-it-works", "How it works"), ("#forms", "Forms"), ("#sources", "Sources")]
    for toc in (inline, side):
        assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', toc) == expected
    for target, _ in expected:
        assert f'id="{target[1:]}"' in html
    assert "<summary>On this page</summary>" in inline


def test_page_without_section_headings_has_no_table_of_contents(client):
    article = factories.make_live_article(body="<p>Short note.</p>")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "On this page" not in html and 'class="toc' not in html


def test_reading_time_is_shown_in_the_byline(client):
    article = factories.make_live_article(body="<p>" + "word " * 700 + "</p>")

    assert "4 min read." in text_of(client.get(article.get_absolute_url()))


def test_hero_image_is_shown_with_its_description_and_dimensions(client, run_tasks):
    article = factories.make_live_article(hero_image=factories.image_from(jpeg(1000, 500), "Tablets in a blister pack"))
    run_tasks()

    html = client.get(article.get_absolute_url()).content.decode()

    tag = re.search(r'<figure class="hero"><picture>.*?(<img[^>]*>)</picture>', html).group(1)
    assert 'alt="Tablets in a blister pack"' in tag
    assert 'width="1000" height="500"' in tag and "srcset=" in tag and "sizes=" in tag


def test_hero_image_without_a_description_is_left_out_rather_than_shown_as_decorative(client):
    # The checks refuse to publish such a hero now; pages published before them (or imported) may still have one.
    article = factories.make_live_article(hero_image=factories.image_from(jpeg(), "Tablets"))
    type(article.hero_image).objects.filter(pk=article.hero_image.pk).update(alt_text="")

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<figure class="hero">' not in html
    assert 'alt=""' not in html.split('<main id="main"')[1]


def test_byline_shows_author_and_reviewer_photos_links_and_a_link_to_how_we_review(client, run_tasks):
    writer = factories.make_contributor(
        name="Ann Writer",
        credentials="MA",
        is_writer=True,
        photo=factories.image_from(jpeg(400, 400), "Ann Writer smiling"),
    )
    reviewer = reviewer_named("Ben Reviewer", "PharmD")
    article = factories.make_article(authors=[writer])
    factories.publish(article, reviewer=reviewer)
    run_tasks()

    html = client.get(article.get_absolute_url()).content.decode()

    byline = re.search(r'<div class="byline">(.*?)</div>', html, re.S).group(1)
    assert re.search(r'<img[^>]*alt="Ann Writer smiling"[^>]*class="avatar"', byline)
    assert f'<a href="{writer.get_absolute_url()}">Ann Writer, MA</a>' in byline
    assert f'<a href="{reviewer.contributor.get_absolute_url()}">Ben Reviewer, PharmD</a>' in byline
    assert '<span class="avatar avatar-initials" aria-hidden="true">BR</span>' in byline  # no photo: initials
    assert '<a href="/editorial-policy/">How we review</a>' in byline


def test_reviewed_on_and_updated_dates_are_separate_statements(client):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)):
        article = factories.make_live_article()
    with time_machine.travel(datetime.datetime(2026, 5, 4, 12, tzinfo=datetime.UTC)):
        article.summary = "Revised."
        workflow.save_draft(article, user=factories.make_writer())
        factories.publish(article)

        text = text_of(client.get(article.get_absolute_url()))

    assert re.search(r"Medically reviewed by Reviewer \S+, PharmD on May 4, 2026", text)
    assert "Published March 2, 2026" in text and "Last updated May 4, 2026" in text


def related_titles(response) -> list[str]:
    """Return the titles of the cards in the page's related-articles box, in order."""
    section = re.search(r'<section class="related-articles".*?</section>', response.content.decode(), re.S)
    return re.findall(r'class="card-link"[^>]*>([^<]*)<', section.group(0)) if section else []


def test_related_articles_share_the_topic_or_a_related_condition_and_are_live(client):
    topic, condition = factories.make_topic(), factories.make_live_condition()
    article = factories.make_live_article(title="Main", topic=topic, conditions=[condition])
    factories.make_live_article(title="Same topic", topic=topic)
    factories.make_live_article(title="Same condition", conditions=[condition])
    factories.make_live_article(title="Unrelated")
    factories.make_article(title="Draft on topic", topic=topic)

    response = client.get(article.get_absolute_url())

    assert sorted(related_titles(response)) == ["Same condition", "Same topic"]


def test_related_articles_are_the_three_newest_live_ones_by_topic_or_condition(client):
    topic, condition = factories.make_topic(), factories.make_live_condition()
    article = factories.make_live_article(title="Main", topic=topic, conditions=[condition])
    for n in range(3):
        factories.make_live_article(title=f"Older on topic {n}", topic=topic)
    factories.make_live_article(title="Newer about the condition", conditions=[condition])
    factories.make_live_article(title="Newest on topic", topic=topic)
    workflow.unpublish(factories.make_live_article(title="Withdrawn", topic=topic), user=factories.make_editor())

    response = client.get(article.get_absolute_url())

    assert related_titles(response) == [
        "Newest on topic",
        "Newer about the condition",
        "Older on topic 2",
    ]


def test_article_page_has_a_side_panel_with_the_admissions_call_to_action(client):
    article = factories.make_live_article(body="<h2>One</h2><p>Text.</p>")

    html = client.get(article.get_absolute_url()).content.decode()

    panel = re.search(r'<aside class="side-panel"(.*)', html, re.S).group(1)
    assert panel.index('class="toc toc-side"') < panel.index('id="cta-heading"') < panel.index("</main>")


def test_article_cards_show_thumbnail_topic_reviewer_and_updated_date(client, run_tasks):
    topic = factories.make_topic(name="Medicines")
    article = factories.make_live_article(
        title="Card article", topic=topic, hero_image=factories.image_from(jpeg(1000, 500), "Pill bottle")
    )
    run_tasks()

    html = client.get(reverse("articles:list")).content.decode()

    card = re.search(r'<article class="card card-featured">(.*?)</article>', html, re.S).group(1)  # first on page 1
    assert '<p class="card-topic">Medicines</p>' in card
    assert f'<a class="card-link" href="{article.get_absolute_url()}">Card article</a>' in card
    assert re.search(r"Medically reviewed by Reviewer \S+, PharmD", card)
    assert f'Updated <time datetime="{timezone.localdate().isoformat()}">' in card
    assert re.search(r'<img[^>]*srcset="[^"]+"[^>]*alt="Pill bottle"', card)


def test_article_page_rendered_afresh_reuses_its_related_box_and_shows_the_same_cards(
    client, page_cache, django_assert_num_queries
):
    topic = factories.make_topic()
    article = factories.make_live_article(title="Main", topic=topic, conditions=[factories.make_live_condition()])
    factories.make_live_article(title="Neighbour", topic=topic)
    url = article.get_absolute_url() + "?from=newsletter"  # a parameter the page cache does not know: rendered
    first = client.get(url)

    # The article with topic and reviewer, its authors, its conditions, its versions in other languages (the
    # hreflang links): no related-articles query, no card built.
    with django_assert_num_queries(4):
        again = client.get(url)

    assert related_titles(again) == related_titles(first) == ["Neighbour"]
