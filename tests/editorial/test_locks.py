"""Edit locking: who else has a change page open, and refusing a save over another person's newer save."""

import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from articles.models import Article
from editorial import locks, workflow
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_presence():
    cache.clear()


def change_url(page):
    return reverse("admin:articles_article_change", args=[page.pk])


def presence_url(page):
    return reverse("admin:articles_article_presence", args=[page.pk])


def signed_in(user) -> Client:
    client = Client()
    factories.login_staff(client, user)
    return client


def test_page_says_who_else_has_it_open_with_unsaved_changes():
    article = factories.make_article()
    sam = factories.make_writer("sam")
    sam.first_name, sam.last_name = "Sam", "Writer"
    sam.save()
    locks.beat(article, sam, dirty=True)

    html = signed_in(factories.make_editor()).get(change_url(article)).content.decode()

    assert "Sam Writer has this page open with unsaved changes (editing since" in html


def test_heartbeat_reports_others_but_not_oneself():
    article = factories.make_article()
    alex, sam = factories.make_editor("alex"), factories.make_writer("sam")
    alex_client, sam_client = signed_in(alex), signed_in(sam)

    alex_client.post(presence_url(article), {"dirty": "0"})
    answer = sam_client.post(presence_url(article), {"dirty": "1"}).json()
    seen_by_alex = alex_client.post(presence_url(article), {"dirty": "0"}).json()

    assert answer["notices"][0].startswith("alex has this page open (since")
    assert seen_by_alex["notices"][0].startswith("sam has this page open with unsaved changes")
    assert all("alex" not in notice for notice in seen_by_alex["notices"])


def test_someone_whose_heartbeat_stopped_a_minute_ago_is_no_longer_listed(monkeypatch):
    article = factories.make_article()
    alex, sam = factories.make_editor("alex"), factories.make_writer("sam")
    signed_in(sam).post(presence_url(article), {"dirty": "1"})
    assert [line for line in locks.notices(article, alex) if line.startswith("sam has")]
    later = time.time() + 61
    monkeypatch.setattr(locks.time, "time", lambda: later)

    assert not [line for line in locks.notices(article, alex) if line.startswith("sam has")]


def test_unsaved_since_is_kept_across_beats_and_cleared_when_the_edits_are_gone(monkeypatch):
    article = factories.make_article()
    alex, sam = factories.make_editor("alex"), factories.make_writer("sam")
    clock = {"now": 1_800_000_000 + 50}  # 50 s into a minute: the next beat, 45 s on, falls in the next minute
    monkeypatch.setattr(locks.time, "time", lambda: clock["now"])
    locks.beat(article, sam, dirty=True)
    first = locks.notices(article, alex)[0]
    clock["now"] += 45
    locks.beat(article, sam, dirty=True)

    assert locks.notices(article, alex)[0] == first

    locks.beat(article, sam, dirty=False)
    assert "unsaved" not in locks.notices(article, alex)[0]


def test_a_recent_save_by_someone_else_is_mentioned():
    article = factories.make_article()
    writer = article.draft_updated_by

    assert any(
        line.startswith(f"{writer.username} saved this page at")
        for line in locks.notices(article, factories.make_editor())
    )
    assert locks.notices(article, writer) == []


def test_presence_endpoint_is_for_people_who_may_edit():
    article = factories.make_article()

    assert signed_in(factories.make_reviewer()).post(presence_url(article)).status_code == 403
    assert Client().post(presence_url(article)).status_code == 302  # to the sign-in page
    assert signed_in(factories.make_editor()).get(presence_url(article)).status_code == 405


def test_save_over_another_persons_newer_save_is_refused_and_keeps_the_input():
    article = factories.make_article(title="Original title")
    editor = signed_in(factories.make_editor())
    shown = editor.get(change_url(article))
    other = factories.make_writer()
    article.summary = "Saved meanwhile by someone else."
    workflow.save_draft(article, user=other)

    response = editor.post(change_url(article), factories.admin_change_data(shown, title="My new title"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "saved this page at" in html and "nothing was saved" in html
    assert reverse("admin:articles_article_compare", args=[article.pk]) in html
    assert 'value="My new title"' in html
    stored = Article.objects.get(pk=article.pk)
    assert stored.draft["fields"]["title"] == "Original title"
    assert stored.draft["fields"]["summary"] == "Saved meanwhile by someone else."


def test_saving_again_after_the_refusal_replaces_the_other_version_knowingly():
    article = factories.make_article(title="Original title")
    editor = signed_in(factories.make_editor())
    shown = editor.get(change_url(article))
    article.summary = "Saved meanwhile."
    workflow.save_draft(article, user=factories.make_writer())
    refused = editor.post(change_url(article), factories.admin_change_data(shown, title="My new title"))

    again = editor.post(change_url(article), factories.admin_change_data(refused))

    assert again.status_code == 302
    assert Article.objects.get(pk=article.pk).draft["fields"]["title"] == "My new title"


def test_own_newer_save_in_another_tab_is_not_refused():
    article = factories.make_article(title="Original title")
    editor_user = factories.make_editor()
    editor = signed_in(editor_user)
    shown = editor.get(change_url(article))
    article.summary = "Saved in my other tab."
    workflow.save_draft(article, user=editor_user)

    response = editor.post(change_url(article), factories.admin_change_data(shown, title="From the first tab"))

    assert response.status_code == 302


def test_review_button_on_a_stale_form_sends_nothing():
    article = factories.make_article()
    writer_user = article.draft_updated_by
    writer = signed_in(writer_user)
    shown = writer.get(change_url(article))
    article.summary = "Changed by an editor."
    workflow.save_draft(article, user=factories.make_editor())

    writer.post(change_url(article), factories.admin_change_data(shown, **{"review-action": "submit"}))

    assert Article.objects.get(pk=article.pk).review_state == "draft"
