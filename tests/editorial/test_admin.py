"""The review admin as each role sees it: the change-page panel, history, list filters and search (the dashboard: test_dashboard.py)."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial import workflow
from tests import factories

pytestmark = pytest.mark.django_db


def change_page(client, user, obj):
    factories.login_staff(client, user)
    response = client.get(reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]))
    assert response.status_code == 200
    return response


def buttons(response):
    return [name for name, _, _ in response.context["buttons"]]


def test_reviewer_sees_state_holder_diff_against_live_and_the_review_buttons(client):
    article = factories.make_live_article(body="<p>Take 3 mg at night.[1]</p>")
    article.body = "<p>Take 4.5 mg at night.[1]</p>"
    workflow.save_draft(article, user=factories.make_writer())
    workflow.submit(article, user=article.draft_updated_by)

    response = change_page(client, factories.make_reviewer(), article)

    page = response.content.decode()
    assert buttons(response) == ["approve", "request_changes"]
    assert "In medical review" in page and "Medical reviewers" in page
    assert "What changed since the last published version (revision 1)" in page
    assert '<details class="review-diff" open>' in page
    assert '<ins><span class="visually-hidden">Added: </span>4.5</ins>' in page
    assert reverse("articles:preview", args=[article.pk]) in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_reviewer_who_edited_the_draft_is_told_why_they_cannot_approve(client):
    reviewer = factories.make_reviewer()
    reviewer.groups.add(Group.objects.get(name=workflow.WRITERS))
    article = factories.make_article(user=reviewer)
    workflow.submit(article, user=reviewer)

    response = change_page(client, reviewer, article)

    assert buttons(response) == ["request_changes"]
    assert (
        response.context["approve_blocked"]
        == "You edited or restored this content, so another medical reviewer must approve it."
    )


def test_writer_sees_submit_and_editor_sees_publish_buttons(client):
    draft = factories.make_article()
    approved = factories.make_article()
    factories.approve_draft(approved)

    assert buttons(change_page(client, factories.make_writer(), draft)) == ["submit"]
    assert buttons(change_page(client, factories.make_editor(), approved)) == ["publish", "schedule"]


def test_change_page_lists_the_review_history_and_published_versions(client):
    writer = factories.make_writer()
    article = factories.make_article(user=writer)
    workflow.submit(article, user=writer, note="First pass.")
    workflow.request_changes(article, user=factories.make_reviewer(), note="Add the FDA source.")

    page = change_page(client, writer, article).content.decode()

    assert "Review history" in page
    assert "Requested changes" in page and "Add the FDA source." in page
    assert "In medical review &rarr; Changes requested" in page
    assert "Never published." in page


def test_reviewer_reads_the_draft_body_formatted_not_as_html_source(client):
    article = factories.make_article(body="<p>It <strong>blocks</strong> opioid receptors.</p>")

    page = change_page(client, factories.make_reviewer(), article).content.decode()

    assert "<p>It <strong>blocks</strong> opioid receptors.</p>" in page
    assert "&lt;strong&gt;" not in page


def test_writer_adds_an_article_with_sources_through_the_admin_as_a_draft(client):
    writer = factories.make_writer()
    factories.login_staff(client, writer)
    data = {
        "title": "What naltrexone is used for",
        "slug": "naltrexone",
        "summary": "How it helps recovery.",
        "body": "<p>It blocks opioid receptors.</p>",
        "sources-TOTAL_FORMS": "1",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
        "sources-0-title": "Naltrexone labeling",
        "sources-0-publisher": "FDA",
    }

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    article = Article.objects.get(slug="naltrexone")
    assert article.draft["sources"][0]["title"] == "Naltrexone labeling"
    assert article.draft_updated_by == writer
    assert not Article.objects.live().exists()


# The list -------------------------------------------------------------------------------------


def listed(client, query=""):
    response = client.get(reverse("admin:articles_article_changelist") + query)
    assert response.status_code == 200
    return {obj.title for obj in response.context["cl"].result_list}


def test_list_filters_by_review_state(client):
    factories.make_article(title="Still a draft")
    submitted = factories.make_article(title="Waiting for review")
    workflow.submit(submitted, user=submitted.draft_updated_by)
    factories.login_staff(client, factories.make_editor())

    assert listed(client, "?review_state__exact=in_review") == {"Waiting for review"}


def test_list_filters_by_medical_reviewer(client):
    first, second = factories.make_reviewer(), factories.make_reviewer()
    factories.publish(factories.make_article(title="Reviewed by the first"), reviewer=first)
    factories.publish(factories.make_article(title="Reviewed by the second"), reviewer=second)
    factories.login_staff(client, factories.make_editor())

    assert listed(client, f"?reviewer={first.contributor.pk}") == {"Reviewed by the first"}


def test_list_filters_by_review_due(client):
    with time_machine.travel(datetime.datetime(2025, 1, 5, 15, tzinfo=datetime.UTC), tick=False):
        factories.make_live_article(title="Reviewed long ago")
    factories.make_live_article(title="Reviewed today")
    factories.login_staff(client, factories.make_editor())

    assert listed(client, "?review_due=overdue") == {"Reviewed long ago"}
    assert listed(client, "?review_due=current") == {"Reviewed today"}


def test_list_searches_by_title(client):
    factories.make_article(title="Low-dose naltrexone for fibromyalgia")
    factories.make_article(title="Sleep and recovery")
    factories.login_staff(client, factories.make_writer())

    assert listed(client, "?q=naltrexone") == {"Low-dose naltrexone for fibromyalgia"}


def test_editor_of_a_scheduled_page_is_offered_to_cancel_the_schedule_not_to_unpublish(client):
    article = factories.make_article()
    factories.approve_draft(article)
    workflow.publish(article, user=factories.make_editor(), at=timezone.now() + datetime.timedelta(days=1))

    response = change_page(client, factories.make_editor(), article)

    labels = [label for _, label, _ in response.context["buttons"]]
    assert labels == ["Publish now", "Schedule publication", "Cancel scheduled publication", "Schedule unpublishing"]


def test_a_title_longer_than_the_limit_is_refused_with_the_limit_named(client):
    writer = factories.make_writer()
    article = factories.make_article(user=writer, title="Short title")
    factories.login_staff(client, writer)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = factories.admin_change_data(client.get(url), title="x" * 121)

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["title"] == [
        "Ensure this value has at most 120 characters (it has 121)."
    ]
    assert Article.objects.get(pk=article.pk).apply_draft().title == "Short title"


def test_a_source_posted_for_deletion_leaves_the_draft(admin_client):
    # The page removes a source's row with the inline's delete link; a form posting DELETE (as Django's
    # formsets accept from staff allowed to delete) must drop it too.
    sources = [{"title": "Kept study", "publisher": "FDA", "year": 2020}, {"title": "Dropped study", "year": 2019}]
    article = factories.make_article(sources=sources)
    url = reverse("admin:articles_article_change", args=[article.pk])
    shown = admin_client.get(url)
    data = factories.admin_change_data(shown, **{"sources-1-DELETE": "on"})

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert [source["title"] for source in Article.objects.get(pk=article.pk).draft["sources"]] == ["Kept study"]


def contributor_change_url(contributor) -> str:
    return reverse("admin:editorial_contributor_change", args=[contributor.pk])


def test_editor_adds_and_reorders_education_inline_on_the_contributor_page(client):
    person = factories.make_contributor(name="Sample Person", is_writer=True)
    person.education.create(degree="Bachelor of Science (BS)", institution="Example College", year=2008)
    response = change_page(client, factories.make_editor(), person)
    assert "Education" in response.content.decode()
    first = response.context["inline_admin_formsets"][0].formset.forms[0]

    response = client.post(
        contributor_change_url(person),
        factories.admin_change_data(
            response,
            **{
                "education-0-position": "2",
                "education-1-degree": "Doctor of Pharmacy (PharmD)",
                "education-1-institution": "Sample University School of Pharmacy",
                "education-1-year": "2012",
                "education-1-position": "1",
                "affiliations-0-kind": "certification",
                "affiliations-0-name": "Board certification (sample)",
                "affiliations-0-organisation": "Sample Board",
                "affiliations-0-url": "https://board.example/",
            },
        ),
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    assert first.instance.pk
    assert [str(row) for row in person.education.all()] == [
        "Doctor of Pharmacy (PharmD), Sample University School of Pharmacy, 2012",
        "Bachelor of Science (BS), Example College, 2008",
    ]
    assert [(row.kind, row.url) for row in person.affiliations.all()] == [("certification", "https://board.example/")]


def test_contributor_page_refuses_addresses_that_are_not_web_addresses(client):
    person = factories.make_contributor(name="Sample Person", is_writer=True)
    response = change_page(client, factories.make_editor(), person)

    response = client.post(
        contributor_change_url(person),
        factories.admin_change_data(
            response,
            other_profiles="https://register.example.org/sample\njavascript:alert(1)",
            **{"affiliations-0-name": "Sample Society", "affiliations-0-url": "ftp://files.example/"},
        ),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Each line must be one web address starting with https:// or http://" in page
    assert 'id="id_affiliations-0-url_error"' in page  # an ftp:// address is refused too
    person.refresh_from_db()
    assert person.other_profiles == "" and not person.affiliations.exists()


def test_writers_see_a_contributors_education_but_cannot_change_it(client):
    person = factories.make_contributor(name="Sample Person", is_writer=True)
    person.education.create(degree="Master of Arts (MA)", institution="Sample University")

    response = change_page(client, factories.make_writer(), person)

    formset = response.context["inline_admin_formsets"][0]
    assert formset.has_view_permission and not formset.has_change_permission and not formset.has_add_permission
    assert "Master of Arts (MA)" in response.content.decode()
