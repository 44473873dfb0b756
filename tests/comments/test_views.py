"""Review comments as staff use them on the change page over HTTP: comment, reply, resolve, send back, count."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment, add_comment
from editorial import workflow
from editorial.models import ReviewEvent
from tests import factories

pytestmark = pytest.mark.django_db


def change_url(page):
    return reverse(f"admin:{page._meta.app_label}_{page._meta.model_name}_change", args=[page.pk])


def comment_url(page):
    return f"/admin/review-comments/{page.content_type.pk}/{page.pk}/"


def signed_in(user) -> Client:
    client = Client()
    factories.login_staff(client, user)
    return client


def test_reviewer_comments_on_a_section_and_it_shows_grouped_on_the_change_page():
    article = factories.make_article(body="<h2>Dosing</h2><p>Take 4.5 mg.</p>")
    reviewer = signed_in(factories.make_reviewer())

    response = reviewer.post(comment_url(article), {"target": "section:dosing", "text": "Cite a source here."})

    assert response.status_code == 302 and response["Location"].endswith("#comments-section-dosing")
    page = reviewer.get(change_url(article)).content.decode()
    assert 'id="comments-section-dosing"' in page
    assert "Section “Dosing”" in page and "Cite a source here." in page
    assert "Review comments (1 open)" in page


def test_writer_replies_and_resolves_a_thread():
    article = factories.make_article()
    thread = add_comment(article, text="Title too long.", target="title", user=factories.make_reviewer())
    writer = signed_in(article.draft_updated_by)

    writer.post(f"/admin/review-comments/{thread.pk}/reply/", {"text": "Shortened it."})
    writer.post(f"/admin/review-comments/{thread.pk}/resolve/")

    thread.refresh_from_db()
    assert thread.resolved_at is not None and thread.resolved_by == article.draft_updated_by
    assert [reply.text for reply in thread.replies.all()] == ["Shortened it."]
    page = writer.get(change_url(article)).content.decode()
    assert "Review comments (0 open)" in page and "Resolved comments (1)" in page


def test_empty_comment_is_refused_with_a_message():
    article = factories.make_article()
    writer = signed_in(article.draft_updated_by)

    response = writer.post(comment_url(article), {"target": "", "text": "  "}, follow=True)

    assert not Comment.objects.exists()
    assert any("Your comment was not added" in str(m) for m in response.context["messages"])


def test_comment_views_only_accept_post():
    article = factories.make_article()

    assert signed_in(article.draft_updated_by).get(comment_url(article)).status_code == 405


def test_request_changes_lists_the_ticked_open_comments_in_the_review_event_note():
    article = factories.make_article(body="<h2>Dosing</h2><p>x</p>")
    workflow.submit(article, user=article.draft_updated_by)
    reviewer_user = factories.make_reviewer()
    first = add_comment(article, text="Cite the trial.", target="section:dosing", user=reviewer_user)
    add_comment(article, text="Not this one.", user=reviewer_user)
    reviewer = signed_in(reviewer_user)
    shown = reviewer.get(change_url(article))
    assert "Open comments to send back" in shown.content.decode()

    reviewer.post(
        reverse("admin:articles_article_workflow", args=[article.pk]),
        {"action": "request_changes", "note": "See below.", "comments": [first.pk]},
    )

    event = ReviewEvent.objects.filter(action="request_changes").get()
    assert event.note.startswith("See below.")
    assert "[Section “Dosing”]" in event.note and "Cite the trial." in event.note
    assert "Not this one." not in event.note


def test_ticked_comments_alone_are_enough_to_request_changes():
    article = factories.make_article()
    workflow.submit(article, user=article.draft_updated_by)
    reviewer_user = factories.make_reviewer()
    comment = add_comment(article, text="Add the FDA label.", user=reviewer_user)

    signed_in(reviewer_user).post(
        reverse("admin:articles_article_workflow", args=[article.pk]),
        {"action": "request_changes", "note": "", "comments": [comment.pk]},
    )

    article.refresh_from_db()
    assert article.review_state == "changes_requested"
    assert "Add the FDA label." in ReviewEvent.objects.get(action="request_changes").note


def test_queue_shows_the_count_of_open_comments():
    article = factories.make_article(title="Queued article")
    workflow.submit(article, user=article.draft_updated_by)
    reviewer_user = factories.make_reviewer()
    add_comment(article, text="One.", user=reviewer_user)
    add_comment(article, text="Two.", user=reviewer_user)

    home = signed_in(reviewer_user).get("/admin/").content.decode()

    assert "2 open comments" in home


def test_comments_are_never_shown_to_visitors():
    article = factories.make_live_article(title="Live article")
    add_comment(article, text="Secret staff remark.", user=article.draft_updated_by)

    response = Client().get(article.get_absolute_url())

    assert response.status_code == 200
    assert "Secret staff remark." not in response.content.decode()
