"""Share links as staff make them on the change page and as an outside reviewer opens them, over HTTP."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from editorial import workflow
from jobs import schedule
from sharing.models import ShareLink, ShareLinkUse
from tests import factories

pytestmark = pytest.mark.django_db


def change_url(page):
    return reverse(f"admin:{page._meta.app_label}_{page._meta.model_name}_change", args=[page.pk])


def create_url(page):
    return f"/admin/share-links/{page.content_type.pk}/{page.pk}/"


def make_link(client, page, **data) -> str:
    """Make a share link as a signed-in writer or editor does; return the address shown once."""
    response = client.post(create_url(page), {"days": 7, **data}, follow=True)
    found = re.search(r'id="share-new-url"[^>]*value="([^"]+)"', response.content.decode())
    assert found, "the new link's address is shown on the change page"
    return found.group(1).replace("http://testserver", "")


@pytest.fixture
def writer_client():
    client = Client()
    factories.login_staff(client, factories.make_writer())
    return client


def test_writer_makes_a_link_that_shows_the_draft_to_an_anonymous_visitor(writer_client):
    article = factories.make_article(title="Draft about naltrexone", body="<p>Unpublished dosing text.</p>")
    address = make_link(writer_client, article)

    response = Client().get(address)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Draft about naltrexone" in body and "Unpublished dosing text." in body
    assert "Not published." in body
    assert '<meta name="robots" content="noindex' in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_the_new_link_is_shown_only_once(writer_client):
    article = factories.make_article()
    address = make_link(writer_client, article)

    again = writer_client.get(change_url(article)).content.decode()

    assert address.split("/")[-2] not in again
    assert "Links made for this page" in again


def test_only_a_hash_of_the_token_is_stored(writer_client):
    article = factories.make_article()
    token = make_link(writer_client, article).split("/")[-2]

    link = ShareLink.objects.get()

    assert token not in link.token_hash and len(link.token_hash) == 64
    assert link.draft_fingerprint == article.draft_fingerprint


def test_link_lasts_seven_days_by_default_and_thirty_at_most(writer_client):
    article = factories.make_article()
    before = timezone.now()
    writer_client.post(create_url(article), {"days": 7})
    writer_client.post(create_url(article), {"days": 31})

    link = ShareLink.objects.get()

    assert before + datetime.timedelta(days=7) <= link.expires_at <= timezone.now() + datetime.timedelta(days=7)


def test_every_use_is_logged_with_time_and_address(writer_client):
    article = factories.make_article()
    address = make_link(writer_client, article)

    Client(REMOTE_ADDR="203.0.113.7").get(address)
    Client(REMOTE_ADDR="198.51.100.2").get(address)

    uses = list(ShareLinkUse.objects.order_by("at"))
    assert [use.address for use in uses] == ["203.0.113.7", "198.51.100.2"]
    assert all(use.outcome == "shown" and use.at for use in uses)


def test_the_daily_housekeeping_forgets_addresses_after_the_retention_period_and_keeps_the_uses(
    writer_client, run_tasks, settings
):
    settings.SHARE_LINK_ADDRESS_DAYS = 60
    article = factories.make_article()
    address = make_link(writer_client, article)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=61)):
        Client(REMOTE_ADDR="203.0.113.7").get(address)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=59)):
        Client(REMOTE_ADDR="198.51.100.2").get(address)

    schedule.enqueue_due()
    run_tasks()

    uses = ShareLinkUse.objects.order_by("at")
    assert [(use.address, use.outcome) for use in uses] == [(None, "shown"), ("198.51.100.2", "shown")]


def test_revoked_link_answers_410_with_a_friendly_page(writer_client):
    article = factories.make_article()
    address = make_link(writer_client, article)

    writer_client.post(f"/admin/share-links/{ShareLink.objects.get().pk}/revoke/")
    response = Client().get(address)

    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_expired_link_answers_410(writer_client):
    article = factories.make_article()
    address = make_link(writer_client, article)
    ShareLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    response = Client().get(address)

    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_link_stops_working_when_the_draft_is_edited(writer_client):
    article = factories.make_article()
    address = make_link(writer_client, article)
    article.summary = "A new summary."
    workflow.save_draft(article, user=article.draft_updated_by)

    response = Client().get(address)

    assert response.status_code == 410
    assert "changed since" in response.content.decode()


def test_link_stops_working_when_its_draft_is_published(writer_client):
    article = factories.make_article()
    address = make_link(writer_client, article)
    factories.publish(article)

    response = Client().get(address)

    assert response.status_code == 410
    assert "has been published" in response.content.decode()


def test_unknown_token_is_404():
    assert Client().get("/shared/not-a-real-token/").status_code == 404


def test_outside_reviewer_comment_lands_on_the_review_panel(writer_client):
    article = factories.make_article(body="<h2>Dosing</h2><p>Text.</p>")
    address = make_link(writer_client, article)
    visitor = Client(REMOTE_ADDR="203.0.113.9")
    visitor.get(address)

    response = visitor.post(address, {"name": "Dr Sample", "target": "section:dosing", "text": "Cite the trial."})

    assert response.status_code == 302 and response["Location"].endswith("?sent=1#comment")
    comment = Comment.objects.get()
    assert (comment.guest_name, comment.target, comment.text) == ("Dr Sample", "section:dosing", "Cite the trial.")
    assert comment.user is None and comment.draft_fingerprint == article.draft_fingerprint
    panel = writer_client.get(change_url(article)).content.decode()
    assert "Dr Sample (outside reviewer)" in panel and "Cite the trial." in panel
    assert ShareLinkUse.objects.filter(outcome="commented", address="203.0.113.9").count() == 1


def test_an_outside_comment_is_mailed_to_who_shared_the_link_and_who_edited_the_draft_without_its_text(
    run_tasks, django_capture_on_commit_callbacks
):
    writer, editor = factories.make_writer(), factories.make_editor()
    article = factories.make_article(title="Low-dose naltrexone", user=writer)
    editor_client = Client()
    factories.login_staff(editor_client, editor)
    address = make_link(editor_client, article, label="hepatology reviewer")
    run_tasks()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        Client(REMOTE_ADDR="203.0.113.9").post(address, {"name": "Dr Sample", "text": "Cite the 2019 trial."})
    run_tasks()

    assert sorted(address for message in mail.outbox for address in message.to) == sorted([writer.email, editor.email])
    message = mail.outbox[0]
    assert message.subject == "Outside comment on Low-dose naltrexone"
    assert 'link "hepatology reviewer"' in message.body
    assert reverse("admin:articles_article_change", args=[article.pk]) in message.body
    for private in ("Dr Sample", "Cite the 2019 trial.", "203.0.113.9"):  # read in the admin, never in mail
        assert private not in message.body


def test_outside_reviewer_comment_needs_the_csrf_token(writer_client):
    article = factories.make_article()
    address = make_link(writer_client, article)

    response = Client(enforce_csrf_checks=True).post(address, {"name": "Dr Sample", "text": "Hello"})

    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_comments_through_one_link_are_bounded(writer_client, monkeypatch):
    monkeypatch.setattr("sharing.views.MAX_COMMENTS_PER_LINK", 2)
    article = factories.make_article()
    address = make_link(writer_client, article)
    visitor = Client()

    statuses = [visitor.post(address, {"name": "A", "text": f"Note {n}"}).status_code for n in range(3)]

    assert statuses == [302, 302, 429]
    assert Comment.objects.count() == 2


def test_shared_page_shows_no_staff_comments(writer_client):
    article = factories.make_article()
    Comment.objects.create(
        content_type=article.content_type, object_id=article.pk, text="Internal remark", user=article.draft_updated_by
    )
    address = make_link(writer_client, article)

    assert "Internal remark" not in Client().get(address).content.decode()


def test_shared_draft_stays_within_the_public_query_budget(writer_client, django_assert_max_num_queries):
    article = factories.make_article(authors=[factories.make_contributor()], sources=[{"title": "A study"}])
    address = make_link(writer_client, article)
    visitor = Client()

    with django_assert_max_num_queries(8):
        assert visitor.get(address).status_code == 200


def test_live_page_without_pending_changes_cannot_be_shared(writer_client):
    article = factories.make_live_article()

    response = writer_client.post(create_url(article), {"days": 7}, follow=True)

    assert "share its public address instead" in response.content.decode()
    assert not ShareLink.objects.exists()


def test_condition_page_draft_can_be_shared(writer_client):
    condition = factories.make_condition(name="Fibromyalgia draft")
    address = make_link(writer_client, condition)

    response = Client().get(address)

    assert response.status_code == 200
    assert "Fibromyalgia draft" in response.content.decode() and "Not published." in response.content.decode()
