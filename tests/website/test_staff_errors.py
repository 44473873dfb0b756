"""A staff post that fails gets an admin-styled page saying what happened to the change, with the typed text."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from articles.models import Article, Topic
from editorial import workflow
from tests import factories

pytestmark = pytest.mark.django_db

TYPED_BODY = '<p>Fever & chills <script>alert("x")</script> after day 3.</p>'
TYPED_BODY_ESCAPED = (
    "&lt;p&gt;Fever &amp; chills &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; after day 3.&lt;/p&gt;"
)


def writer_with_article(client):
    writer = factories.make_writer()
    article = factories.make_article(user=writer, body="<p>Before the edit.</p>")
    factories.login_staff(client, writer)
    return article, reverse("admin:articles_article_change", args=[article.pk])


def save_then_fail(monkeypatch):
    """Make the workflow store the edit and then fail, as a lock timeout after the first write would."""
    save_draft = workflow.save_draft

    def failing(*args, **kwargs):
        save_draft(*args, **kwargs)
        raise OperationalError("database is locked")

    monkeypatch.setattr(workflow, "save_draft", failing)


def test_a_staff_save_the_database_fails_says_not_saved_on_an_admin_page_and_stores_nothing(monkeypatch):
    client = Client(raise_request_exception=False)
    article, url = writer_with_article(client)
    data = factories.admin_change_data(client.get(url), body=TYPED_BODY)
    save_then_fail(monkeypatch)

    response = client.post(url, data)

    body = response.content.decode()
    assert response.status_code == 503
    assert "Recovery Site editorial" in body  # the admin's header, not the public site's
    assert "Your change was not saved" in body
    assert "call our admissions" not in body.lower()
    assert '<label for="posted-' in body and "<strong>body</strong>" in body
    assert TYPED_BODY_ESCAPED in body
    assert '<script>alert("x")' not in body
    assert Article.objects.get(pk=article.pk).apply_draft().body == "<p>Before the edit.</p>"


def test_a_staff_view_that_wrote_before_the_database_failed_keeps_none_of_it(settings):
    # The admin's change view is one transaction of its own; other staff views are one only by StaffPostMiddleware.
    settings.ROOT_URLCONF = "tests.website.urls_staff_write"
    client = Client(raise_request_exception=False)
    factories.login_staff(client, factories.make_editor())

    response = client.post("/admin/test-write-then-fail/", {"name": "Withdrawal & sleep"})

    assert response.status_code == 503
    assert "Your change was not saved" in response.content.decode()
    assert "Withdrawal &amp; sleep</textarea>" in response.content.decode()
    assert not Topic.objects.exists()


def test_a_staff_page_the_database_fails_on_a_get_gets_the_admin_page_not_the_public_one(monkeypatch):
    client = Client(raise_request_exception=False)
    article, url = writer_with_article(client)

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(workflow, "available_actions", locked)
    response = client.get(url)

    body = response.content.decode()
    assert response.status_code == 503
    assert "This page could not be loaded" in body and "Recovery Site editorial" in body
    assert "saved" not in body


def test_a_staff_post_refused_by_csrf_gets_an_admin_page_with_a_sign_in_hint_and_the_typed_text():
    client = Client(enforce_csrf_checks=True)
    article, url = writer_with_article(client)
    data = factories.admin_change_data(client.get(url), body=TYPED_BODY)

    response = client.post(url, data)

    body = response.content.decode()
    assert response.status_code == 403
    assert "Recovery Site editorial" in body
    assert "Your change was not saved" in body
    assert "sign in again" in body and f'href="{reverse("admin:login")}"' in body
    assert f'href="{url}">reload the page' in body
    assert TYPED_BODY_ESCAPED in body
    assert "open the contact form again" not in body
    assert Article.objects.get(pk=article.pk).apply_draft().body == "<p>Before the edit.</p>"


def test_a_refused_staff_sign_in_never_shows_the_password_back():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("admin:login"), {"username": "writer", "password": "correct horse battery"})

    body = response.content.decode()
    assert response.status_code == 403
    assert "Your change was not saved" in body
    assert "writer" in body
    assert "correct horse battery" not in body


def test_a_visitors_refused_post_still_gets_the_public_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("contact:form"), {"name": "Sam", "message": "Please call"})

    body = response.content.decode()
    assert response.status_code == 403
    assert "open the contact form again" in body
    assert "Your change was not saved" not in body and "Recovery Site editorial" not in body
