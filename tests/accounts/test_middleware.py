"""The two-factor gate over every staff view, and the idle and absolute session limits."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import SecurityEvent
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_password_only_staff_session_is_sent_to_verification_from_admin_pages_and_previews(client):
    editor = factories.make_editor()
    factories.make_totp_device(editor)
    article = factories.make_article()
    client.force_login(editor)

    for url in (
        "/admin/",
        reverse("admin:articles_article_changelist"),
        reverse("articles:preview", args=[article.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:verify")), url


def test_a_password_only_staff_session_cannot_upload_images(client):
    client.force_login(factories.make_writer())

    response = client.post(reverse("ck_editor_5_upload_file"), {})

    assert response.status_code == 403


def test_public_pages_stay_public_for_visitors(client):
    assert client.get("/").status_code == 200


def test_a_verified_session_ends_after_the_idle_limit(client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    editor = factories.make_editor()
    with time_machine.travel("2026-03-02 09:00 -05:00", tick=False) as traveller:
        factories.login_staff(client, editor)
        assert client.get("/admin/").status_code == 200
        traveller.shift(datetime.timedelta(minutes=29))
        assert client.get("/admin/").status_code == 200
        traveller.shift(datetime.timedelta(minutes=31))

        response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "30 minutes without activity" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert SecurityEvent.objects.filter(user=editor, kind="session_expired").exists()


def test_a_busy_session_still_ends_at_the_absolute_lifetime(client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    settings.STAFF_SESSION_MAX_HOURS = 12
    editor = factories.make_editor()
    with time_machine.travel("2026-03-02 08:00 -05:00", tick=False) as traveller:
        factories.login_staff(client, editor)
        for _ in range(11 * 3):  # a request every 20 minutes for 11 hours
            traveller.shift(datetime.timedelta(minutes=20))
            assert client.get("/admin/").status_code == 200
        traveller.shift(datetime.timedelta(hours=1, minutes=1))

        response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_idle_limit_is_a_setting(client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    with time_machine.travel("2026-03-02 09:00 -05:00", tick=False) as traveller:
        factories.login_staff(client, factories.make_editor())
        traveller.shift(datetime.timedelta(minutes=6))

        assert client.get("/admin/").status_code == 302


def test_a_heartbeat_of_an_untouched_change_page_does_not_keep_the_session_alive(client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    article = factories.make_article()
    presence = reverse("admin:articles_article_presence", args=[article.pk])
    with time_machine.travel("2026-03-02 09:00 -05:00", tick=False) as traveller:
        factories.login_staff(client, factories.make_editor())
        for _ in range(31 * 3):  # the page's heartbeat, every 20 s for 31 minutes
            traveller.shift(datetime.timedelta(seconds=20))
            client.post(presence, {"dirty": "0"}, headers={"X-Not-Activity": "1"})

        response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_typing_keeps_the_session_alive_through_the_autosave_posts(client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    article = factories.make_article()
    autosave = reverse("admin:articles_article_autosave", args=[article.pk])
    with time_machine.travel("2026-03-02 09:00 -05:00", tick=False) as traveller:
        factories.login_staff(client, factories.make_editor())
        for minute in range(50):
            traveller.shift(datetime.timedelta(minutes=1))
            assert client.post(autosave, {"title": f"Typed at minute {minute}"}).status_code == 200

        response = client.get("/admin/")

    assert response.status_code == 200
