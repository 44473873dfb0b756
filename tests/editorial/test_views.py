"""The admin's workflow views: buttons, messages, revisions, comparisons and restore, as staff use them over HTTP."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial import workflow
from editorial.models import ReviewState, Revision
from tests import factories

pytestmark = pytest.mark.django_db


def workflow_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_workflow", args=[obj.pk])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def submitted_article(**kwargs):
    article = factories.make_article(**kwargs)
    workflow.submit(article, user=article.draft_updated_by)
    return article


def test_reviewer_with_view_only_permission_approves_from_the_change_page(client):
    reviewer = factories.make_reviewer()
    article = submitted_article()
    factories.login_staff(client, reviewer)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert page.context["action_form"]["fingerprint"].value() == article.draft_fingerprint

    response = client.post(
        workflow_url(article),
        {"action": "approve", "note": "Doses match the label.", "fingerprint": article.draft_fingerprint},
        follow=True,
    )

    assert messages_of(response) == [
        "Approved. An editor can now publish this version; any further edit voids the approval."
    ]
    stored = Article.objects.get(pk=article.pk)
    assert stored.review_state == ReviewState.APPROVED and stored.approved_by == reviewer.contributor


def test_approving_from_a_stale_page_is_refused_with_the_reason(client):
    reviewer = factories.make_reviewer()
    article = submitted_article()
    stale = article.draft_fingerprint
    article.summary = "Changed after the reviewer opened the page."
    workflow.save_draft(article, user=article.draft_updated_by)
    factories.login_staff(client, reviewer)

    response = client.post(workflow_url(article), {"action": "approve", "fingerprint": stale}, follow=True)

    assert messages_of(response) == ["The draft changed while you were reviewing it; review the new version."]
    assert Article.objects.get(pk=article.pk).review_state == ReviewState.IN_REVIEW


def test_approving_without_the_fingerprint_is_refused(client):
    article = submitted_article()
    factories.login_staff(client, factories.make_reviewer())

    client.post(workflow_url(article), {"action": "approve"})

    assert Article.objects.get(pk=article.pk).review_state == ReviewState.IN_REVIEW


def test_refused_button_shows_the_workflow_reason_on_the_change_page(client):
    article = factories.make_article()
    factories.login_staff(client, factories.make_editor())

    response = client.post(workflow_url(article), {"action": "publish"}, follow=True)

    assert response.request["PATH_INFO"] == reverse("admin:articles_article_change", args=[article.pk])
    assert messages_of(response) == ["Only a medically approved draft can be published; this one is draft."]


def test_request_changes_without_a_note_says_what_is_missing(client):
    article = submitted_article()
    factories.login_staff(client, factories.make_reviewer())

    response = client.post(workflow_url(article), {"action": "request_changes", "note": ""}, follow=True)

    assert messages_of(response) == ["Say what needs to change, so the writer can fix it."]


def test_scheduling_in_the_past_is_refused_by_the_form(client):
    article = factories.make_article()
    factories.approve_draft(article)
    factories.login_staff(client, factories.make_editor())

    response = client.post(workflow_url(article), {"action": "schedule", "when": "2001-01-01T09:00"}, follow=True)

    assert messages_of(response) == ["Choose a date and time in the future, or use the “now” button."]
    assert Article.objects.get(pk=article.pk).publish_at is None


def test_editor_schedules_publication_in_the_site_time_zone(client):
    article = factories.make_article()
    factories.approve_draft(article)
    factories.login_staff(client, factories.make_editor())

    client.post(workflow_url(article), {"action": "schedule", "when": "2099-03-01T09:30"})

    publish_at = timezone.localtime(Article.objects.get(pk=article.pk).publish_at)
    assert (publish_at.date(), publish_at.hour, publish_at.minute) == (datetime.date(2099, 3, 1), 9, 30)


def test_editor_sets_a_scheduled_unpublish_on_a_live_page(client):
    article = factories.make_live_article()
    factories.login_staff(client, factories.make_editor())

    response = client.post(
        workflow_url(article), {"action": "schedule_unpublish", "when": "2099-03-01T09:30"}, follow=True
    )

    assert messages_of(response)[0].startswith("Scheduled to come off the site on")
    assert Article.objects.get(pk=article.pk).unpublish_at is not None


def test_a_schedule_message_at_nine_ends_with_one_full_stop(client):
    article = factories.make_live_article()
    factories.login_staff(client, factories.make_editor())

    response = client.post(
        workflow_url(article), {"action": "schedule_unpublish", "when": "2099-03-01T09:00"}, follow=True
    )

    assert messages_of(response)[0] == "Scheduled to come off the site on March 1, 2099, 9 a.m."


def test_workflow_view_only_accepts_post(client):
    article = submitted_article()
    factories.login_staff(client, factories.make_reviewer())

    assert client.get(workflow_url(article)).status_code == 405


def test_workflow_post_without_csrf_token_is_rejected():
    article = submitted_article()
    client = Client(enforce_csrf_checks=True)
    factories.login_staff(client, factories.make_reviewer())

    response = client.post(workflow_url(article), {"action": "approve", "fingerprint": article.draft_fingerprint})

    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).review_state == ReviewState.IN_REVIEW


# Revisions ------------------------------------------------------------------------------------


def live_article_with_two_revisions():
    article = factories.make_live_article(title="Naltrexone", body="<p>Take 3 mg at night.[1]</p>")
    article.body = "<p>Take 4.5 mg at night.[1]</p>"
    article.set_sources([{"title": "UCSF MS study", "publisher": "UCSF"}])
    workflow.save_draft(article, user=factories.make_writer())
    return factories.publish(article)


def test_staff_view_any_published_revision(client):
    article = live_article_with_two_revisions()
    factories.login_staff(client, factories.make_reviewer())

    page = client.get(reverse("admin:articles_article_revision", args=[article.pk, 1])).content.decode()

    assert "Take 3 mg at night." in page and "Take 4.5 mg" not in page


def test_staff_compare_any_two_revisions_text_and_sources(client):
    article = live_article_with_two_revisions()
    factories.login_staff(client, factories.make_writer())

    response = client.get(reverse("admin:articles_article_compare", args=[article.pk]) + "?from=1&to=2")

    changed = {field.label: field for field in response.context["diffs"].changed_fields}
    assert set(changed) == {"Body", "Sources"}
    page = response.content.decode()
    assert '<del><span class="visually-hidden">Removed: </span>3</del>' in page
    assert '<ins><span class="visually-hidden">Added: </span>4.5</ins>' in page
    assert "UCSF MS study" in page


def test_compare_refuses_an_unknown_version(client):
    article = live_article_with_two_revisions()
    factories.login_staff(client, factories.make_writer())

    assert client.get(reverse("admin:articles_article_compare", args=[article.pk]) + "?from=9").status_code == 404


def test_staff_without_content_permission_cannot_read_revisions(client):
    article = live_article_with_two_revisions()
    factories.login_staff(client, factories.make_intake())

    assert client.get(reverse("admin:articles_article_revision", args=[article.pk, 1])).status_code == 403
    assert client.get(reverse("admin:articles_article_compare", args=[article.pk])).status_code == 403


def test_restoring_a_revision_through_the_admin_makes_a_new_draft_needing_review(client):
    article = live_article_with_two_revisions()
    editor = factories.make_editor()
    factories.login_staff(client, editor)

    response = client.post(reverse("admin:articles_article_restore", args=[article.pk, 1]), follow=True)

    assert messages_of(response) == ["Revision 1 is now the working draft. Send it for medical review to publish it."]
    stored = Article.objects.get(pk=article.pk)
    assert stored.body == "<p>Take 4.5 mg at night.[1]</p>"
    assert stored.draft["fields"]["body"] == "<p>Take 3 mg at night.[1]</p>"
    assert stored.review_state == ReviewState.DRAFT
    assert "publish" not in workflow.available_actions(stored, editor)


def test_reviewer_cannot_restore_a_revision(client):
    article = live_article_with_two_revisions()
    factories.login_staff(client, factories.make_reviewer())

    response = client.post(reverse("admin:articles_article_restore", args=[article.pk, 1]), follow=True)

    assert messages_of(response) == ["You do not have permission to edit this content."]
    assert Article.objects.get(pk=article.pk).draft == Revision.objects.get(object_id=article.pk, number=2).snapshot


def test_cancelling_a_scheduled_publication_keeps_the_approval(client):
    article = factories.make_article()
    factories.approve_draft(article)
    workflow.publish(article, user=factories.make_editor(), at=timezone.now() + datetime.timedelta(days=1))
    factories.login_staff(client, factories.make_editor())

    response = client.post(workflow_url(article), {"action": "schedule_cancelled"}, follow=True)

    assert messages_of(response) == ["Scheduled publication cancelled. The page stays as it is; the approval is kept."]
    stored = Article.objects.get(pk=article.pk)
    assert stored.publish_at is None and stored.review_state == ReviewState.APPROVED


# The change form's review buttons, the confirmation pages and the review history (issue 11) ------------


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_a_review_button_of_the_change_form_stores_the_edits_then_acts_in_one_request(client):
    writer = factories.make_writer()
    article = factories.make_article(user=writer, summary="Old.")
    factories.login_staff(client, writer)
    page = client.get(change_url(article))
    data = factories.admin_change_data(page, summary="Edited and sent at once.")
    del data["_save"]
    data |= {"review-action": "submit", "review-note": "Please check.", "review-fingerprint": article.draft_fingerprint}

    response = client.post(change_url(article), data, follow=True)

    assert messages_of(response) == [
        "Your changes were saved. Sent for medical review. The medical reviewers have been told."
    ]
    stored = Article.objects.get(pk=article.pk).apply_draft()
    assert (stored.summary, stored.review_state) == ("Edited and sent at once.", ReviewState.IN_REVIEW)


def test_a_refused_review_button_keeps_the_saved_edits_and_says_both(client):
    editor = factories.make_editor()
    article = factories.make_article(summary="Approved text.")
    factories.approve_draft(article)
    factories.login_staff(client, editor)
    data = factories.admin_change_data(client.get(change_url(article)), summary="Edited by the editor.")
    del data["_save"]
    data |= {"review-action": "publish", "review-fingerprint": article.draft_fingerprint}

    response = client.post(change_url(article), data, follow=True)

    assert messages_of(response) == [
        "Your change cancelled the medical approval: send the draft for medical review again before it can be "
        "published.",
        "Your changes were saved. Nothing else was done: The draft changed after it was approved, which voids the "
        "approval; send it for medical review again.",
    ]
    stored = Article.objects.get(pk=article.pk).apply_draft()
    assert (stored.summary, stored.review_state, stored.is_live) == ("Edited by the editor.", ReviewState.DRAFT, False)


def test_unpublish_confirmation_is_only_for_editors_of_live_pages(client):
    article = factories.make_live_article()
    url = reverse("admin:articles_article_unpublish", args=[article.pk])
    factories.login_staff(client, factories.make_writer())
    assert client.get(url).status_code == 403
    factories.login_staff(client, factories.make_editor())
    assert (
        client.get(reverse("admin:articles_article_unpublish", args=[factories.make_article().pk])).status_code == 403
    )

    response = client.get(url)

    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).is_live  # showing the confirmation changes nothing


def test_unpublish_confirmation_lists_live_pages_linking_by_exact_address(client):
    target = factories.make_live_article(slug="ldn")
    factories.make_live_article(title="Links to it", body='<p><a href="/articles/ldn/">LDN</a></p>')
    factories.make_live_article(title="LDN dosing", slug="ldn-dosing")
    factories.make_live_article(title="Links to a longer slug", body='<p><a href="/articles/ldn-dosing/">x</a></p>')
    factories.make_article(title="Draft linking", body='<p><a href="/articles/ldn/">LDN</a></p>')
    factories.login_staff(client, factories.make_editor())

    response = client.get(reverse("admin:articles_article_unpublish", args=[target.pk]))

    assert [str(item.obj) for item in response.context["linking_pages"]] == ["Links to it"]


def test_restore_asks_first_on_get_and_restores_only_on_post(client):
    writer = factories.make_writer()
    article = factories.make_live_article(user=writer, summary="Published.")
    article.summary = "Work in progress."
    workflow.save_draft(article, user=writer)
    factories.login_staff(client, writer)
    url = reverse("admin:articles_article_restore", args=[article.pk, 1])

    assert client.get(url).status_code == 200
    assert Article.objects.get(pk=article.pk).apply_draft().summary == "Work in progress."
    client.post(url)
    assert Article.objects.get(pk=article.pk).apply_draft().summary == "Published."


def test_history_shows_the_review_events_not_django_log(client, django_assert_max_num_queries):
    article = submitted_article()
    factories.login_staff(client, factories.make_reviewer())

    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:articles_article_history", args=[article.pk]))

    assert [event.action for event in response.context["events"]] == ["submit", "edit"]
    assert response.templates[0].name == "admin/editorial/review_history.html"


def test_publishing_from_the_change_form_unchanged_keeps_the_approval_sources_and_relations(client):
    author = factories.make_contributor(name="Dana Writer", is_writer=True)
    condition = factories.make_live_condition()
    sources = [
        {"title": "A trial", "publisher": "BMJ", "url": "https://bmj.com/x", "year": 2020, "doi": "", "pmid": "1"}
    ]
    article = factories.make_article(
        body="<h2>Dose</h2><p>Low&nbsp;dose [1].</p>", sources=sources, authors=[author], conditions=[condition]
    )
    factories.approve_draft(article)
    approved = article.draft_fingerprint
    factories.login_staff(client, factories.make_editor())
    data = factories.admin_change_data(client.get(change_url(article)))
    del data["_save"]
    data |= {"review-action": "publish", "review-fingerprint": approved}

    response = client.post(change_url(article), data, follow=True)

    assert messages_of(response) == ["Published. Visitors now see this version."]
    stored = Article.objects.get(pk=article.pk)
    assert stored.is_live and stored.draft_fingerprint == approved
    assert [source.title for source in stored.sources.all()] == ["A trial"]
    assert list(stored.authors.all()) == [author]
