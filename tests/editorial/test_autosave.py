"""Autosave: each person's unsaved input kept beside the draft, offered back, never applied (issue 25, item 3)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editorial.models import Autosave, ReviewEvent, ReviewState
from tests import factories

pytestmark = pytest.mark.django_db


def change_url(page):
    return reverse("admin:articles_article_change", args=[page.pk])


def autosave_url(page):
    return reverse("admin:articles_article_autosave", args=[page.pk])


def signed_in(user) -> Client:
    client = Client()
    factories.login_staff(client, user)
    return client


def typed(client, page, **changes) -> dict:
    """Return the change form's fields as the page's script posts them, with ``changes`` typed in."""
    data = factories.admin_change_data(client.get(change_url(page)), **changes)
    del data["_save"]
    return data


def test_autosave_is_kept_per_person_and_leaves_draft_review_and_events_alone():
    writer = factories.make_writer("sam")
    article = factories.make_article(user=writer, title="Naloxone at home", body="<p>Keep it by the door.</p>")
    factories.approve_draft(article)
    article.refresh_from_db()
    fingerprint, events = article.draft_fingerprint, ReviewEvent.objects.count()
    client = signed_in(writer)

    answer = client.post(autosave_url(article), typed(client, article, title="Naloxone at home, typed"))

    assert answer.status_code == 200
    assert answer.json()["saved_at"]
    kept = Autosave.objects.get()
    assert kept.user == writer
    assert kept.data["title"] == ["Naloxone at home, typed"]
    assert "csrfmiddlewaretoken" not in kept.data
    article.refresh_from_db()
    assert article.draft_fingerprint == fingerprint
    assert article.review_state == ReviewState.APPROVED
    assert article.title == "Naloxone at home"
    assert ReviewEvent.objects.count() == events


def test_autosave_never_replaces_another_persons_autosave():
    article = factories.make_article(title="Shared page")
    sam, alex = signed_in(factories.make_writer("sam")), signed_in(factories.make_editor("alex"))

    sam.post(autosave_url(article), typed(sam, article, title="Sam's words"))
    alex.post(autosave_url(article), typed(alex, article, title="Alex's words"))

    kept = {autosave.user.username: autosave.data["title"] for autosave in Autosave.objects.all()}
    assert kept == {"sam": ["Sam's words"], "alex": ["Alex's words"]}


def test_autosave_by_someone_without_change_permission_is_refused():
    article = factories.make_article()
    reviewer = signed_in(factories.make_reviewer())

    answer = reviewer.post(autosave_url(article), {"title": "Not mine to edit"})

    assert answer.status_code == 403
    assert not Autosave.objects.exists()


def test_autosave_by_a_visitor_is_refused():
    article = factories.make_article()

    answer = Client().post(autosave_url(article), {"title": "Anonymous"})

    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("admin:login"))
    assert not Autosave.objects.exists()


def test_autosave_larger_than_a_megabyte_is_refused():
    article = factories.make_article()
    client = signed_in(factories.make_writer())

    answer = client.post(autosave_url(article), {"body": "x" * 1_000_001})

    assert answer.status_code == 413
    assert not Autosave.objects.exists()


def test_autosave_without_csrf_token_is_refused():
    article = factories.make_article()
    client = Client(enforce_csrf_checks=True)
    factories.login_staff(client, factories.make_writer())

    answer = client.post(autosave_url(article), {"title": "Forged"})

    assert answer.status_code == 403
    assert not Autosave.objects.exists()


def test_reopened_change_page_offers_the_autosave_with_its_time_and_a_diff():
    writer = factories.make_writer()
    article = factories.make_article(user=writer, title="Old title", body="<p>Old words.</p>")
    client = signed_in(writer)
    client.post(autosave_url(article), typed(client, article, title="New title"))
    Autosave.objects.update(saved_at=datetime.datetime(2026, 12, 7, 10, 41, tzinfo=ZoneInfo(settings.TIME_ZONE)))

    html = client.get(change_url(article)).content.decode()

    assert "You have unsaved changes from 10:41" in html
    assert '<ins><span class="visually-hidden">Added: </span>New</ins>' in html
    assert 'id="autosave-data"' in html
    assert ">Discard</button>" in html


def test_a_successful_save_deletes_the_autosave_and_the_offer():
    writer = factories.make_writer()
    article = factories.make_article(user=writer, title="Old title")
    client = signed_in(writer)
    client.post(autosave_url(article), typed(client, article, title="New title"))

    saved = client.post(
        change_url(article), factories.admin_change_data(client.get(change_url(article)), title="New title")
    )

    assert saved.status_code == 302
    assert not Autosave.objects.exists()
    assert "You have unsaved changes" not in client.get(change_url(article)).content.decode()


def test_an_autosave_that_lands_after_its_own_save_is_not_offered():
    writer = factories.make_writer()
    article = factories.make_article(user=writer, title="Old title")
    client = signed_in(writer)
    late = typed(client, article, title="New title")
    client.post(change_url(article), factories.admin_change_data(client.get(change_url(article)), title="New title"))

    client.post(autosave_url(article), late)  # posted as Save was pressed, answered after it

    assert "You have unsaved changes" not in client.get(change_url(article)).content.decode()


def test_autosave_is_still_offered_after_someone_elses_save():
    sam_user = factories.make_writer("sam")
    article = factories.make_article(user=sam_user, title="Old title")
    sam, alex = signed_in(sam_user), signed_in(factories.make_editor("alex"))
    sam.post(autosave_url(article), typed(sam, article, title="Sam's title"))
    alex.post(change_url(article), factories.admin_change_data(alex.get(change_url(article)), title="Alex's title"))

    html = sam.get(change_url(article)).content.decode()

    assert "You have unsaved changes from" in html


def test_discard_deletes_only_ones_own_autosave():
    article = factories.make_article()
    sam, alex = signed_in(factories.make_writer("sam")), signed_in(factories.make_editor("alex"))
    sam.post(autosave_url(article), typed(sam, article, title="Sam's words"))
    alex.post(autosave_url(article), typed(alex, article, title="Alex's words"))

    sam.post(reverse("admin:articles_article_autosave_discard", args=[article.pk]))

    assert [autosave.user.username for autosave in Autosave.objects.all()] == ["alex"]
    assert "You have unsaved changes" not in sam.get(change_url(article)).content.decode()


def test_save_after_the_session_ended_goes_to_sign_in_and_back_to_the_offer(settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    writer = factories.make_writer()
    article = factories.make_article(user=writer, title="Old title")
    client = signed_in(writer)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        shown = client.get(change_url(article))
        client.post(autosave_url(article), typed(client, article, title="Typed before the limit"))
        traveller.shift(datetime.timedelta(minutes=31))

        answer = client.post(change_url(article), factories.admin_change_data(shown, title="Typed before the limit"))

    assert answer.status_code == 302
    assert answer["Location"] == f"{reverse('admin:login')}?next={change_url(article)}"
    article.refresh_from_db()
    assert article.title == "Old title"
    factories.login_staff(client, writer)
    assert "You have unsaved changes from" in client.get(change_url(article)).content.decode()
