"""The helpful 404 page and the plain 500 page that still shows how to reach help."""

import pytest
from django.core.exceptions import BadRequest
from django.test import Client, RequestFactory

from editorial import workflow
from tests import factories
from website import views

NEEDS_DB = pytest.mark.django_db


@NEEDS_DB
def test_missing_page_offers_search_condition_guides_and_contact(client):
    factories.make_live_condition(name="Fibromyalgia", slug="fibromyalgia")
    factories.make_condition(name="Draft condition", slug="draft-condition")
    workflow.unpublish(factories.make_live_condition(slug="expired"), user=factories.make_editor())

    response = client.get("/articles/no-such-article/")
    html = response.content.decode()

    assert response.status_code == 404
    assert "<title>Page not found | Recovery Site</title>" in html
    assert '<input type="search" id="not-found-q" name="q"' in html
    assert 'href="/conditions/fibromyalgia/"' in html
    assert "/conditions/draft-condition/" not in html
    assert "/conditions/expired/" not in html
    assert 'href="/contact/"' in html
    assert "988" in html


def test_server_error_page_shows_the_phone_number_and_crisis_lines_without_the_database():
    # No django_db mark: any query here would fail the test.
    response = views.server_error(RequestFactory().get("/"))
    html = response.content.decode()

    assert response.status_code == 500
    assert 'href="tel:+15550100199">(555) 010-0199</a>' in html
    assert 'href="tel:988"' in html
    assert "911" in html
    assert "1-800-662-4357" in html


def test_bad_request_page_shows_the_phone_number_and_crisis_lines_without_the_database():
    # No django_db mark: any query here would fail the test.
    response = views.bad_request(RequestFactory().get("/"), BadRequest("Control character in the address"))
    html = response.content.decode()

    assert response.status_code == 400
    assert 'href="tel:+15550100199"><strong>(555) 010-0199</strong></a>' in html
    assert 'href="tel:988"' in html
    assert "1-800-662-4357" in html


@NEEDS_DB
def test_an_unhandled_error_answers_with_the_plain_500_page(monkeypatch):
    def broken(self, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(views.HomeView, "get_context_data", broken)
    client = Client(raise_request_exception=False)

    response = client.get("/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert "(555) 010-0199" in response.content.decode()


def test_refused_form_post_explains_itself_and_gives_the_phone_number(db, settings):
    from django.test import Client

    from contact.models import ContactRequest

    client = Client(enforce_csrf_checks=True)
    response = client.post("/contact/", {"name": "Sam", "phone": "555-010-0100", "message": "Please call"})

    assert response.status_code == 403
    body = response.content.decode()
    assert "Your form could not be sent" in body
    assert settings.ADMISSIONS_PHONE in body
    assert "988" in body and "Medical disclaimer" in body
    assert not ContactRequest.objects.exists()
